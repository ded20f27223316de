package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One partition's configuration as the MetaServer (PacificA's configuration manager) stores it: the ballot, the primary
 * and the secondaries. Learners (potential secondaries) are not part of it: the primary tracks them on its own until
 * the MetaServer upgrades one to secondary.
 *
 * <p>Invariants: every change of membership produces a configuration whose ballot is exactly one higher (the
 * {@code next...} methods below are the only derivations, used by the MetaServer's decision logic); at most one node
 * is primary for a given ballot; the primary is never also a secondary; no node appears twice.
 *
 * <p>{@code lastDrops} lists the nodes that left the configuration, oldest first, each at most once. When every
 * replica died, the newest drops are the replicas most likely to hold every committed decree (PacificA: recovery of a
 * partition whose configuration became empty).
 *
 * @param ballot the configuration version; 0 for a partition that never had one
 * @param primary the primary, or {@code null} when the partition has none
 */
public record PartitionConfig(long ballot, NodeId primary, List<NodeId> secondaries, List<NodeId> lastDrops) {

    public PartitionConfig {
        if (ballot < 0) {
            throw new IllegalArgumentException("negative ballot " + ballot);
        }
        secondaries = List.copyOf(secondaries);
        lastDrops = List.copyOf(lastDrops);
        Set<NodeId> seen = new LinkedHashSet<>();
        if (primary != null) {
            seen.add(primary);
        }
        for (NodeId s : secondaries) {
            if (!seen.add(s)) {
                throw new IllegalArgumentException("node " + s + " appears twice in " + secondaries);
            }
        }
        if (new LinkedHashSet<>(lastDrops).size() != lastDrops.size()) {
            throw new IllegalArgumentException("duplicate node in last drops " + lastDrops);
        }
    }

    /** The configuration of a partition that never had one: ballot 0, no members. */
    public static PartitionConfig empty() {
        return new PartitionConfig(0, null, List.of(), List.of());
    }

    public static PartitionConfig of(long ballot, NodeId primary, NodeId... secondaries) {
        return new PartitionConfig(ballot, primary, List.of(secondaries), List.of());
    }

    public boolean hasPrimary() {
        return primary != null;
    }

    public boolean isPrimary(NodeId node) {
        return node.equals(primary);
    }

    public boolean isSecondary(NodeId node) {
        return secondaries.contains(node);
    }

    public boolean isMember(NodeId node) {
        return isPrimary(node) || isSecondary(node);
    }

    /** Primary first, then the secondaries in order. */
    public List<NodeId> members() {
        List<NodeId> all = new ArrayList<>(secondaries.size() + 1);
        if (primary != null) {
            all.add(primary);
        }
        all.addAll(secondaries);
        return all;
    }

    public int memberCount() {
        return secondaries.size() + (primary == null ? 0 : 1);
    }

    /** The newest entry of {@code lastDrops}, or {@code null}. */
    public NodeId latestDrop() {
        return lastDrops.isEmpty() ? null : lastDrops.get(lastDrops.size() - 1);
    }

    /** Next configuration without secondary {@code node} (a failed secondary removed). */
    public PartitionConfig nextWithoutSecondary(NodeId node) {
        if (!isSecondary(node)) {
            throw new IllegalArgumentException(node + " is not a secondary of " + this);
        }
        List<NodeId> rest = new ArrayList<>(secondaries);
        rest.remove(node);
        return new PartitionConfig(ballot + 1, primary, rest, appendDrops(lastDrops, List.of(node)));
    }

    /** Next configuration with {@code node} added as a secondary (a learner that caught up). */
    public PartitionConfig nextWithSecondary(NodeId node) {
        if (isMember(node)) {
            throw new IllegalArgumentException(node + " is already a member of " + this);
        }
        List<NodeId> more = new ArrayList<>(secondaries);
        more.add(node);
        List<NodeId> drops = new ArrayList<>(lastDrops);
        drops.remove(node);
        return new PartitionConfig(ballot + 1, primary, more, drops);
    }

    /**
     * Next configuration with {@code newPrimary} as primary and {@code kept} as secondaries; every other current
     * member is dropped (the old primary last, as it is the newest to leave).
     */
    public PartitionConfig nextWithPrimary(NodeId newPrimary, Collection<NodeId> kept) {
        List<NodeId> secondariesAfter = new ArrayList<>();
        for (NodeId n : kept) {
            if (!n.equals(newPrimary) && !secondariesAfter.contains(n)) {
                secondariesAfter.add(n);
            }
        }
        List<NodeId> dropped = new ArrayList<>();
        for (NodeId s : secondaries) {
            if (!s.equals(newPrimary) && !secondariesAfter.contains(s)) {
                dropped.add(s);
            }
        }
        if (primary != null && !primary.equals(newPrimary) && !secondariesAfter.contains(primary)) {
            dropped.add(primary);
        }
        List<NodeId> drops = appendDrops(lastDrops, dropped);
        drops.remove(newPrimary);
        drops.removeAll(secondariesAfter);
        return new PartitionConfig(ballot + 1, newPrimary, secondariesAfter, drops);
    }

    /** Next configuration with no member left: every replica died. Secondaries drop first, the primary last. */
    public PartitionConfig nextWithoutMembers() {
        List<NodeId> dropped = new ArrayList<>(secondaries);
        if (primary != null) {
            dropped.add(primary);
        }
        return new PartitionConfig(ballot + 1, null, List.of(), appendDrops(lastDrops, dropped));
    }

    private static List<NodeId> appendDrops(List<NodeId> drops, List<NodeId> dropped) {
        List<NodeId> out = new ArrayList<>(drops);
        out.removeAll(dropped);
        out.addAll(dropped);
        return out;
    }

    @Override
    public String toString() {
        return "config{ballot=" + ballot + ", primary=" + primary + ", secondaries=" + secondaries
                + (lastDrops.isEmpty() ? "" : ", lastDrops=" + lastDrops) + "}";
    }

    /** True if both name the same members in the same roles (ballot and drops ignored). */
    public boolean sameMembers(PartitionConfig other) {
        return Objects.equals(primary, other.primary)
                && new LinkedHashSet<>(secondaries).equals(new LinkedHashSet<>(other.secondaries));
    }
}
