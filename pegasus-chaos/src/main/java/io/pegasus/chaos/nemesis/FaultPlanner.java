package io.pegasus.chaos.nemesis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Chooses the nemesis's next step from the faults active now: start a new fault within the limits, or heal one.
 * Pure and seeded: a schedule is its seed, the cluster's shape and the limits.
 *
 * <p>Limits keep every schedule one the cluster must survive without losing availability for good: at most
 * {@code maxReplicaFaults} faults touching ReplicaServers and {@code maxMetaFaults} touching MetaServers at once (a
 * fault touches a server that it kills, pauses or isolates, or that is at one end of a link it cuts), at most one fault
 * per host, and a split of the whole cluster only when nothing else is wrong.
 */
public final class FaultPlanner {
    /**
     * @param maxReplicaFaults ReplicaServers impaired at once
     * @param maxMetaFaults MetaServers impaired at once
     * @param zookeeper whether ZooKeeper may be killed, paused or isolated
     * @param partitions whether the network can cut links (isolation, cut links, splits)
     * @param minGapMillis shortest wait between two steps
     * @param maxGapMillis longest wait between two steps
     * @param kinds the kinds of fault allowed ({@link #KINDS}); empty: all of them
     */
    public record Limits(
            int maxReplicaFaults,
            int maxMetaFaults,
            boolean zookeeper,
            boolean partitions,
            long minGapMillis,
            long maxGapMillis,
            Set<String> kinds) {

        public Limits {
            kinds = Set.copyOf(kinds);
            for (String k : kinds) {
                if (!KINDS.contains(k)) {
                    throw new IllegalArgumentException("no fault kind " + k + "; the kinds are " + KINDS);
                }
            }
        }

        /** Every kind of fault allowed. */
        public Limits(
                int maxReplicaFaults,
                int maxMetaFaults,
                boolean zookeeper,
                boolean partitions,
                long minGapMillis,
                long maxGapMillis) {
            this(maxReplicaFaults, maxMetaFaults, zookeeper, partitions, minGapMillis, maxGapMillis, Set.of());
        }
    }

    /** The kinds of fault, as {@link Limits#kinds()} names them. */
    public static final List<String> KINDS = List.of(
            "kill-replica",
            "pause-replica",
            "isolate-replica",
            "kill-meta",
            "pause-meta",
            "isolate-meta",
            "kill-zk",
            "pause-zk",
            "isolate-zk",
            "cut-link",
            "split");

    private final Random random;
    private final String zk;
    private final List<String> metas;
    private final List<String> replicas;
    private final Limits limits;

    public FaultPlanner(long seed, String zk, List<String> metas, List<String> replicas, Limits limits) {
        this.random = new Random(seed);
        this.zk = zk;
        this.metas = List.copyOf(metas);
        this.replicas = List.copyOf(replicas);
        this.limits = limits;
    }

    public NemesisStep next(Set<Fault> active) {
        long delay = limits.minGapMillis()
                + (limits.maxGapMillis() > limits.minGapMillis()
                        ? (long) (random.nextDouble() * (limits.maxGapMillis() - limits.minGapMillis()))
                        : 0);
        Map<String, List<Supplier<NemesisStep.Start>>> options = startOptions(active, delay);
        boolean heal = !active.isEmpty() && (options.isEmpty() || random.nextInt(100) < 50);
        if (heal) {
            List<Fault> list = new ArrayList<>(active);
            list.sort((a, b) -> a.toString().compareTo(b.toString()));
            return new NemesisStep.Heal(list.get(random.nextInt(list.size())), delay);
        }
        if (options.isEmpty()) {
            return new NemesisStep.Idle(delay);
        }
        // first the kind of fault (weighted), then its target (uniform): rarer kinds with many targets stay rare
        List<String> kinds = new ArrayList<>(options.keySet());
        int total = kinds.stream().mapToInt(FaultPlanner::weight).sum();
        int roll = random.nextInt(total);
        for (String k : kinds) {
            roll -= weight(k);
            if (roll < 0) {
                List<Supplier<NemesisStep.Start>> targets = options.get(k);
                return targets.get(random.nextInt(targets.size())).get();
            }
        }
        throw new AssertionError("unreachable");
    }

    private static int weight(String kind) {
        return switch (kind) {
            case "kill-replica" -> 30;
            case "pause-replica", "isolate-replica", "cut-link" -> 20;
            case "kill-meta", "pause-meta", "isolate-meta", "split" -> 10;
            default -> 5; // ZooKeeper
        };
    }

    private Map<String, List<Supplier<NemesisStep.Start>>> startOptions(Set<Fault> active, long delay) {
        Map<String, List<Supplier<NemesisStep.Start>>> o = new LinkedHashMap<>();
        Set<String> impaired = new HashSet<>();
        boolean split = false;
        for (Fault f : active) {
            impaired.addAll(f.hosts());
            split |= f instanceof Fault.Split;
        }
        if (split) {
            return o;
        }
        long replicaFaults = active.stream().filter(f -> touches(f, replicas)).count();
        long metaFaults = active.stream().filter(f -> touches(f, metas)).count();
        List<String> freeReplicas = replicaFaults < limits.maxReplicaFaults() ? free(replicas, impaired) : List.of();
        List<String> freeMetas = metaFaults < limits.maxMetaFaults() ? free(metas, impaired) : List.of();
        for (String r : freeReplicas) {
            add(o, "kill-replica", () -> new NemesisStep.Start(new Fault.Kill(r), false, delay));
            add(o, "pause-replica", () -> new NemesisStep.Start(new Fault.Pause(r), false, delay));
            if (limits.partitions()) {
                add(o, "isolate-replica", () -> new NemesisStep.Start(new Fault.Isolate(r), false, delay));
            }
        }
        for (String m : freeMetas) {
            add(o, "kill-meta", () -> new NemesisStep.Start(new Fault.Kill(m), true, delay));
            add(o, "pause-meta", () -> new NemesisStep.Start(new Fault.Pause(m), true, delay));
            if (limits.partitions()) {
                add(o, "isolate-meta", () -> new NemesisStep.Start(new Fault.Isolate(m), true, delay));
            }
        }
        if (limits.zookeeper() && !impaired.contains(zk)) {
            add(o, "kill-zk", () -> new NemesisStep.Start(new Fault.Kill(zk), false, delay));
            add(o, "pause-zk", () -> new NemesisStep.Start(new Fault.Pause(zk), false, delay));
            if (limits.partitions()) {
                add(o, "isolate-zk", () -> new NemesisStep.Start(new Fault.Isolate(zk), false, delay));
            }
        }
        if (limits.partitions()) {
            // a link between two ReplicaServers, or between a ReplicaServer and a MetaServer
            for (String r : freeReplicas) {
                for (String other : free(replicas, impaired)) {
                    if (r.compareTo(other) < 0) {
                        add(o, "cut-link", () -> new NemesisStep.Start(new Fault.CutLink(r, other), false, delay));
                    }
                }
                for (String m : freeMetas) {
                    add(o, "cut-link", () -> new NemesisStep.Start(new Fault.CutLink(r, m), false, delay));
                }
            }
            if (active.isEmpty()) {
                add(o, "split", () -> new NemesisStep.Start(randomSplit(), false, delay));
            }
        }
        if (!limits.kinds().isEmpty()) {
            o.keySet().retainAll(limits.kinds());
        }
        return o;
    }

    private Fault.Split randomSplit() {
        List<String> all = new ArrayList<>();
        all.add(zk);
        all.addAll(metas);
        all.addAll(replicas);
        java.util.Collections.shuffle(all, random);
        int size = 1 + random.nextInt(all.size() / 2);
        return new Fault.Split(Set.copyOf(all.subList(0, size)), Set.copyOf(all.subList(size, all.size())));
    }

    private static boolean touches(Fault f, List<String> hosts) {
        return f.hosts().stream().anyMatch(hosts::contains);
    }

    private static List<String> free(List<String> hosts, Set<String> impaired) {
        return hosts.stream().filter(h -> !impaired.contains(h)).toList();
    }

    private static void add(
            Map<String, List<Supplier<NemesisStep.Start>>> o, String kind, Supplier<NemesisStep.Start> s) {
        o.computeIfAbsent(kind, k -> new ArrayList<>()).add(s);
    }
}
