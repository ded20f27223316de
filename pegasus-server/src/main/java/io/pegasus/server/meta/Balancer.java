package io.pegasus.server.meta;

import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The greedy load balancer: which {@link Move}s even out primaries and replicas over the ReplicaServers, and which
 * empty the nodes taken out of service. Pure: the caller passes the cluster state and what it knows about the nodes
 * and gets moves back; starting and tracking them is {@link MetaService}'s job, limiting them {@link MoveTracker}'s.
 *
 * <p>Priorities, the first that finds a move wins (each step is re-planned on what the earlier ones decided):
 *
 * <ol>
 *   <li>drain: a primary on a draining node, or on a node whose disk is below its reserve (it refuses writes), moves
 *       to one of its secondaries on an eligible node; then a secondary on a draining node is copied to the eligible
 *       node with the fewest replicas of its table (then of the cluster);
 *   <li>per table, primaries: from the node with the most to the one with the fewest, when they differ by two or
 *       more and the latter is a secondary of one of the former's partitions (cheap: no data moves);
 *   <li>per table, replicas: a secondary copied from the node with the most to a non-member with the fewest, again
 *       only when they differ by two or more;
 *   <li>over the cluster, primaries then replicas, the same way, but only moves that leave the table's own balance
 *       as good as it was (the source holds more of that table than the target).
 * </ol>
 *
 * <p>Every move strictly lowers the sum of squared per-table counts or leaves it and lowers the cluster's, so the
 * balancer cannot oscillate and stops when every count is within one of the others (where moves can reach). Only
 * healthy partitions move: a primary and {@code max_replica_count} members all usable, no learner pending, no move
 * in flight. Moves already in flight are counted as done.
 */
final class Balancer {
    private Balancer() {}

    /** What may be planned: only draining, or draining and evening out (meta level lively, or by hand). */
    enum Scope {
        DRAIN_ONLY,
        FULL
    }

    /**
     * @param eligible nodes that may receive primaries and replicas: usable, heard from recently and not draining
     * @param usable nodes whose replicas count as present (alive and not restarted)
     * @param busy partitions not to touch (a learner is pending for them)
     * @param inFlight moves started earlier and not finished (their partitions are not touched either)
     * @param budget the most moves to return
     */
    static List<Move> plan(
            ClusterState s,
            List<rpc_address> eligible,
            Predicate<rpc_address> usable,
            Predicate<gpid> busy,
            Collection<Move> inFlight,
            Scope scope,
            int budget) {
        return plan(s, eligible, Set.of(), usable, busy, inFlight, scope, budget);
    }

    /** As above; {@code lowDisk}: nodes below their disk reserve, whose primaries move away like a draining node's. */
    static List<Move> plan(
            ClusterState s,
            List<rpc_address> eligible,
            Set<rpc_address> lowDisk,
            Predicate<rpc_address> usable,
            Predicate<gpid> busy,
            Collection<Move> inFlight,
            Scope scope,
            int budget) {
        Plan p = new Plan(s, eligible, lowDisk, usable, busy, inFlight);
        List<Move> out = new ArrayList<>();
        while (out.size() < budget) {
            Optional<Move> m = p.drainPrimary();
            if (m.isEmpty()) {
                m = p.drainSecondary();
            }
            if (m.isEmpty() && scope == Scope.FULL) {
                m = p.evenTablePrimaries();
                if (m.isEmpty()) {
                    m = p.evenTableReplicas();
                }
                if (m.isEmpty()) {
                    m = p.evenClusterPrimaries();
                }
                if (m.isEmpty()) {
                    m = p.evenClusterReplicas();
                }
            }
            if (m.isEmpty()) {
                break;
            }
            p.apply(m.get());
            out.add(m.get());
        }
        return out;
    }

    /** Replica and primary counts per node (a working copy, updated as moves are planned). */
    private static final class Counts {
        private final Map<rpc_address, int[]> c = new HashMap<>();

        int replicas(rpc_address n) {
            int[] v = c.get(n);
            return v == null ? 0 : v[0];
        }

        int primaries(rpc_address n) {
            int[] v = c.get(n);
            return v == null ? 0 : v[1];
        }

        void add(rpc_address n, int replicas, int primaries) {
            int[] v = c.computeIfAbsent(n, k -> new int[2]);
            v[0] += replicas;
            v[1] += primaries;
        }
    }

    private static final class Plan {
        private final ClusterState s;
        private final List<rpc_address> eligible;
        private final Set<rpc_address> eligibleSet;
        private final Set<rpc_address> draining;
        private final Set<rpc_address> lowDisk;
        private final Predicate<rpc_address> usable;
        private final Predicate<gpid> busy;
        private final Set<gpid> touched = new HashSet<>();
        private final Map<Integer, Counts> tables = new HashMap<>();
        private final Counts cluster = new Counts();
        private final List<Table> available = new ArrayList<>();

        Plan(
                ClusterState s,
                List<rpc_address> eligible,
                Set<rpc_address> lowDisk,
                Predicate<rpc_address> usable,
                Predicate<gpid> busy,
                Collection<Move> inFlight) {
            this.s = s;
            this.lowDisk = lowDisk;
            // a node below its disk reserve refuses writes: it may lead nothing and receive nothing
            this.eligible =
                    eligible.stream().filter(n -> !lowDisk.contains(n)).sorted().toList();
            this.eligibleSet = new HashSet<>(this.eligible);
            this.draining = s.draining();
            this.usable = usable;
            this.busy = busy;
            for (Table t : s.tables()) {
                if (!t.isAvailable()) {
                    continue;
                }
                available.add(t);
                Counts tc = new Counts();
                tables.put(t.id(), tc);
                for (PartitionConfig c : s.partitions(t.id())) {
                    for (rpc_address m : c.members()) {
                        int primary = m.equals(c.primary()) ? 1 : 0;
                        tc.add(m, 1, primary);
                        cluster.add(m, 1, primary);
                    }
                }
            }
            for (Move m : inFlight) {
                touched.add(m.pid());
                if (m.kind() == Move.Kind.COPY_SECONDARY) {
                    Optional<PartitionConfig> c = s.partition(m.pid());
                    Counts tc = tables.get(m.pid().appId());
                    if (c.isPresent() && tc != null && !c.get().isMember(m.target())) {
                        shift(tc, m.source(), m.target(), 1, 0);
                    }
                }
            }
        }

        /** The partition may move: healthy, and nothing else is happening to it. */
        private boolean movable(PartitionConfig c) {
            if (!c.hasPrimary() || c.memberCount() != c.maxReplicaCount() || touched.contains(c.pid())) {
                return false;
            }
            for (rpc_address m : c.members()) {
                if (!usable.test(m)) {
                    return false;
                }
            }
            return !busy.test(c.pid());
        }

        private void shift(Counts tc, rpc_address from, rpc_address to, int replicas, int primaries) {
            tc.add(from, -replicas, -primaries);
            tc.add(to, replicas, primaries);
            cluster.add(from, -replicas, -primaries);
            cluster.add(to, replicas, primaries);
        }

        void apply(Move m) {
            touched.add(m.pid());
            Counts tc = tables.get(m.pid().appId());
            if (m.kind() == Move.Kind.MOVE_PRIMARY) {
                shift(tc, m.source(), m.target(), 0, 1);
            } else {
                shift(tc, m.source(), m.target(), 1, 0);
            }
        }

        Optional<Move> drainPrimary() {
            for (Table t : available) {
                Counts tc = tables.get(t.id());
                for (PartitionConfig c : s.partitions(t.id())) {
                    boolean leaving = draining.contains(c.primary());
                    if (!movable(c) || !(leaving || lowDisk.contains(c.primary()))) {
                        continue;
                    }
                    Optional<rpc_address> to = c.secondaries().stream()
                            .filter(eligibleSet::contains)
                            .min(Comparator.<rpc_address>comparingInt(tc::primaries)
                                    .thenComparingInt(cluster::primaries)
                                    .thenComparing(Comparator.naturalOrder()));
                    if (to.isPresent()) {
                        return Optional.of(swap(
                                c,
                                to.get(),
                                leaving
                                        ? "the primary's node is draining"
                                        : "the primary's disk is below its reserve"));
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Move> drainSecondary() {
            for (Table t : available) {
                Counts tc = tables.get(t.id());
                for (PartitionConfig c : s.partitions(t.id())) {
                    if (!movable(c)) {
                        continue;
                    }
                    for (rpc_address from : c.secondaries()) {
                        if (!draining.contains(from)) {
                            continue;
                        }
                        Optional<rpc_address> to = eligible.stream()
                                .filter(n -> !c.isMember(n))
                                .min(Comparator.<rpc_address>comparingInt(tc::replicas)
                                        .thenComparingInt(cluster::replicas)
                                        .thenComparing(Comparator.naturalOrder()));
                        if (to.isPresent()) {
                            return Optional.of(copy(c, from, to.get(), "the node is draining"));
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Move> evenTablePrimaries() {
            for (Table t : available) {
                Counts tc = tables.get(t.id());
                for (rpc_address from : byDescending(tc::primaries)) {
                    for (rpc_address to : byAscending(tc::primaries)) {
                        if (tc.primaries(from) - tc.primaries(to) < 2) {
                            break;
                        }
                        Optional<Move> m = findSwap(t, from, to, "primaries of table " + t.name());
                        if (m.isPresent()) {
                            return m;
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Move> evenTableReplicas() {
            for (Table t : available) {
                Counts tc = tables.get(t.id());
                for (rpc_address from : byDescending(tc::replicas)) {
                    for (rpc_address to : byAscending(tc::replicas)) {
                        if (tc.replicas(from) - tc.replicas(to) < 2) {
                            break;
                        }
                        Optional<Move> m = findCopy(t, from, to, "replicas of table " + t.name());
                        if (m.isPresent()) {
                            return m;
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Move> evenClusterPrimaries() {
            for (rpc_address from : byDescending(cluster::primaries)) {
                for (rpc_address to : byAscending(cluster::primaries)) {
                    if (cluster.primaries(from) - cluster.primaries(to) < 2) {
                        break;
                    }
                    for (Table t : available) {
                        Counts tc = tables.get(t.id());
                        if (tc.primaries(from) > tc.primaries(to)) {
                            Optional<Move> m = findSwap(t, from, to, "primaries of the cluster");
                            if (m.isPresent()) {
                                return m;
                            }
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Move> evenClusterReplicas() {
            for (rpc_address from : byDescending(cluster::replicas)) {
                for (rpc_address to : byAscending(cluster::replicas)) {
                    if (cluster.replicas(from) - cluster.replicas(to) < 2) {
                        break;
                    }
                    for (Table t : available) {
                        Counts tc = tables.get(t.id());
                        if (tc.replicas(from) > tc.replicas(to)) {
                            Optional<Move> m = findCopy(t, from, to, "replicas of the cluster");
                            if (m.isPresent()) {
                                return m;
                            }
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<Move> findSwap(Table t, rpc_address from, rpc_address to, String why) {
            for (PartitionConfig c : s.partitions(t.id())) {
                if (movable(c) && c.primary().equals(from) && c.secondaries().contains(to)) {
                    return Optional.of(swap(c, to, why));
                }
            }
            return Optional.empty();
        }

        private Optional<Move> findCopy(Table t, rpc_address from, rpc_address to, String why) {
            for (PartitionConfig c : s.partitions(t.id())) {
                if (movable(c) && c.secondaries().contains(from) && !c.isMember(to)) {
                    return Optional.of(copy(c, from, to, why));
                }
            }
            return Optional.empty();
        }

        private List<rpc_address> byDescending(java.util.function.ToIntFunction<rpc_address> count) {
            return eligible.stream()
                    .sorted(Comparator.comparingInt(count).reversed().thenComparing(Comparator.naturalOrder()))
                    .toList();
        }

        private List<rpc_address> byAscending(java.util.function.ToIntFunction<rpc_address> count) {
            return eligible.stream()
                    .sorted(Comparator.comparingInt(count).thenComparing(Comparator.naturalOrder()))
                    .toList();
        }

        private static Move swap(PartitionConfig c, rpc_address to, String why) {
            return new Move(c.pid(), Move.Kind.MOVE_PRIMARY, c.primary(), to, why);
        }

        private static Move copy(PartitionConfig c, rpc_address from, rpc_address to, String why) {
            return new Move(c.pid(), Move.Kind.COPY_SECONDARY, from, to, why);
        }
    }

    /** The configuration after a primary move: {@code target} leads, the old primary becomes a secondary. */
    static PartitionConfig afterPrimaryMove(PartitionConfig c, rpc_address target) {
        List<rpc_address> secondaries = new ArrayList<>(c.secondaries());
        secondaries.remove(target);
        secondaries.add(c.primary());
        secondaries.sort(Comparator.naturalOrder());
        return c.next(target, secondaries, List.of());
    }
}
