package io.pegasus.server.meta;

import io.pegasus.server.thrift.partition_record;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The configuration of one partition (PacificA's configuration: a primary and its secondaries at a ballot), as the
 * MetaServer records it. Immutable; every change produces a new value with {@code ballot + 1}, because replicas
 * and clients tell configurations apart by ballot alone.
 *
 * <p>Invariants: the primary, when present, is not among the secondaries; no node appears twice; a partition with
 * no primary has no secondaries. {@link #recoveryCandidates()} is non-empty only for a partition that lost every
 * replica: it names the members of its last configuration, each of which holds every committed mutation (a PacificA
 * commit needs all members to have prepared it), so any of them may become the new primary.
 *
 * @param primary the primary, or the all-zero address when there is none
 * @param lastDrops nodes removed from the configuration, oldest first (informational for clients, spec 3.1)
 * @param lastCommittedDecree the last committed decree as last reported when the configuration was written
 */
public record PartitionConfig(
        gpid pid,
        long ballot,
        int maxReplicaCount,
        rpc_address primary,
        List<rpc_address> secondaries,
        List<rpc_address> lastDrops,
        long lastCommittedDecree,
        List<rpc_address> recoveryCandidates) {
    /** "No primary" (spec 2.5: the all-zero value). */
    public static final rpc_address NONE = rpc_address.fromValue(0);

    /** last_drops keeps at most this many nodes beyond the replica count; older entries are forgotten. */
    private static final int LAST_DROPS_EXTRA = 2;

    public PartitionConfig {
        primary = primary == null ? NONE : primary;
        secondaries = List.copyOf(secondaries);
        lastDrops = List.copyOf(lastDrops);
        recoveryCandidates = List.copyOf(recoveryCandidates);
    }

    /** A fresh partition of a new table: ballot 1, its replicas placed. */
    public static PartitionConfig initial(
            int appId, int index, int replicaCount, rpc_address primary, List<rpc_address> secondaries) {
        return new PartitionConfig(
                new gpid(appId, index), 1, replicaCount, primary, secondaries, List.of(), 0, List.of());
    }

    public boolean hasPrimary() {
        return !primary.isInvalid();
    }

    /** The primary (if any) then the secondaries. */
    public List<rpc_address> members() {
        List<rpc_address> m = new ArrayList<>(secondaries.size() + 1);
        if (hasPrimary()) {
            m.add(primary);
        }
        m.addAll(secondaries);
        return m;
    }

    public int memberCount() {
        return (hasPrimary() ? 1 : 0) + secondaries.size();
    }

    public boolean isMember(rpc_address node) {
        return primary.equals(node) && hasPrimary() || secondaries.contains(node);
    }

    /** The next configuration: {@code primary} and {@code secondaries} at ballot + 1, {@code dropped} appended. */
    public PartitionConfig next(
            rpc_address newPrimary, List<rpc_address> newSecondaries, Collection<rpc_address> dropped) {
        return new PartitionConfig(
                pid,
                ballot + 1,
                maxReplicaCount,
                newPrimary,
                newSecondaries,
                appendDrops(lastDrops, dropped, newPrimary, newSecondaries),
                lastCommittedDecree,
                List.of());
    }

    /** The next configuration with no replica at all, remembering the old members as recovery candidates. */
    public PartitionConfig emptied(List<rpc_address> candidates) {
        return new PartitionConfig(
                pid,
                ballot + 1,
                maxReplicaCount,
                NONE,
                List.of(),
                appendDrops(lastDrops, members(), NONE, List.of()),
                lastCommittedDecree,
                candidates);
    }

    /** A copy with a new ballot (used when a recovered replica reports a ballot above the recorded one). */
    public PartitionConfig withBallot(long newBallot) {
        return new PartitionConfig(
                pid,
                newBallot,
                maxReplicaCount,
                primary,
                secondaries,
                lastDrops,
                lastCommittedDecree,
                recoveryCandidates);
    }

    public PartitionConfig withLastCommittedDecree(long decree) {
        return new PartitionConfig(
                pid, ballot, maxReplicaCount, primary, secondaries, lastDrops, decree, recoveryCandidates);
    }

    private List<rpc_address> appendDrops(
            List<rpc_address> old,
            Collection<rpc_address> dropped,
            rpc_address newPrimary,
            List<rpc_address> newSecondaries) {
        List<rpc_address> drops = new ArrayList<>(old);
        for (rpc_address d : dropped) {
            drops.remove(d);
            drops.add(d);
        }
        // a node back in the configuration is no longer "dropped"
        drops.remove(newPrimary);
        drops.removeAll(newSecondaries);
        int keep = maxReplicaCount + LAST_DROPS_EXTRA;
        return drops.size() <= keep ? drops : drops.subList(drops.size() - keep, drops.size());
    }

    /** The wire form of spec 3.1 (no {@code hp_*} fields). */
    public partition_configuration toThrift() {
        partition_configuration c = new partition_configuration();
        c.setPid(new gpid(pid));
        c.setBallot(ballot);
        c.setMax_replica_count(maxReplicaCount);
        c.setPrimary(rpc_address.fromValue(primary.value()));
        c.setSecondaries(copy(secondaries));
        c.setLast_drops(copy(lastDrops));
        c.setLast_committed_decree(lastCommittedDecree);
        c.setPartition_flags(0);
        return c;
    }

    public static PartitionConfig fromThrift(partition_configuration c, List<rpc_address> candidates) {
        return new PartitionConfig(
                c.getPid() == null ? new gpid() : new gpid(c.getPid()),
                c.getBallot(),
                c.getMax_replica_count(),
                c.getPrimary() == null
                        ? NONE
                        : rpc_address.fromValue(c.getPrimary().value()),
                c.getSecondaries() == null ? List.of() : copy(c.getSecondaries()),
                c.getLast_drops() == null ? List.of() : copy(c.getLast_drops()),
                c.getLast_committed_decree(),
                candidates);
    }

    /** The ZooKeeper record of this configuration. */
    public partition_record toRecord() {
        return new partition_record(toThrift(), copy(recoveryCandidates));
    }

    public static PartitionConfig fromRecord(partition_record r) {
        return fromThrift(
                r.getConfig(), r.getRecovery_candidates() == null ? List.of() : copy(r.getRecovery_candidates()));
    }

    private static List<rpc_address> copy(List<rpc_address> list) {
        List<rpc_address> out = new ArrayList<>(list.size());
        for (rpc_address a : list) {
            out.add(rpc_address.fromValue(a.value()));
        }
        return out;
    }

    @Override
    public String toString() {
        return pid + "@" + ballot + "{primary=" + primary + ", secondaries=" + secondaries
                + (recoveryCandidates.isEmpty() ? "" : ", candidates=" + recoveryCandidates) + "}";
    }
}
