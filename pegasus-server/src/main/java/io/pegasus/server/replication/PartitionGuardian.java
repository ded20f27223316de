package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The MetaServer's decision logic for one partition (PacificA's configuration manager), as a pure function: given
 * the configuration, which nodes are alive and what their replicas report, decide the next single change. The caller
 * writes a changed configuration to ZooKeeper first and only then tells the replicas, and rate-limits
 * {@link Decision.AddLearner}.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Dead or failed primary (not alive, in error, or reporting inactive at the current ballot, i.e. restarted):
 *       promote the candidate with the highest committed, then prepared decree among the live secondaries (and the
 *       primary itself if it came back inactive). Every configuration contains every committed decree on every
 *       member, so any live member is safe; the best one loses the fewest uncommitted writes. No candidate: the
 *       configuration becomes empty and the members go to {@code lastDrops}.
 *   <li>Dead or failed secondary: remove it.
 *   <li>Fewer members than the replica count: ask the primary to add a learner, preferring recently dropped nodes
 *       (they hold most of the data) over other live nodes.
 *   <li>No primary (every replica died): wait until the most recently dropped replica is alive again (it was a member
 *       last, so it holds every committed decree), then make the best reported of the live dropped replicas primary.
 *       A partition that never had a configuration gets its first primary.
 * </ol>
 */
public final class PartitionGuardian {

    /** The next change for a partition. */
    public sealed interface Decision {
        record NoChange(String reason) implements Decision {}

        /** Store this configuration (ballot + 1), then tell its primary and every node that left. */
        record ChangeConfig(PartitionConfig next, String reason) implements Decision {}

        /** Ask the primary to teach {@code learner} (carrying the current ballot). */
        record AddLearner(NodeId primary, NodeId learner, long ballot) implements Decision {}
    }

    private final int replicaCount;

    public PartitionGuardian(int replicaCount) {
        if (replicaCount < 1) {
            throw new IllegalArgumentException("replica count must be >= 1: " + replicaCount);
        }
        this.replicaCount = replicaCount;
    }

    /**
     * @param alive nodes the failure detector considers alive, in placement preference order
     * @param reports the latest report of each live node's replica of this partition (a node without one does not
     *     host it, or has not reported yet)
     */
    public Decision decide(PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        if (!config.hasPrimary()) {
            return recoverWithoutPrimary(config, alive, reports);
        }
        NodeId primary = config.primary();
        if (failed(primary, config, alive, reports)) {
            return replacePrimary(config, alive, reports);
        }
        for (NodeId s : config.secondaries()) {
            if (failed(s, config, alive, reports)) {
                return new Decision.ChangeConfig(config.nextWithoutSecondary(s), "secondary " + s + " failed");
            }
        }
        if (config.memberCount() < replicaCount) {
            NodeId learner = pickLearner(config, alive, reports);
            if (learner != null) {
                return new Decision.AddLearner(primary, learner, config.ballot());
            }
            return new Decision.NoChange("under-replicated, no live node to add");
        }
        return new Decision.NoChange("healthy");
    }

    /**
     * Whether the MetaServer accepts a primary's proposal: {@code ERR_INVALID_VERSION} unless it comes from the
     * current primary with the current ballot (the caller then sends the current configuration back),
     * {@code ERR_INVALID_PARAMETERS} if it does not apply (the node is no secondary to remove, is already a member, or
     * the partition already has its replicas), else {@code ERR_OK}.
     */
    public ErrorCode check(PartitionConfig config, NodeId proposer, ConfigProposal proposal) {
        if (!config.isPrimary(proposer) || proposal.ballot() != config.ballot()) {
            return ErrorCode.ERR_INVALID_VERSION;
        }
        return switch (proposal.type()) {
            case REMOVE_SECONDARY ->
                config.isSecondary(proposal.node()) ? ErrorCode.ERR_OK : ErrorCode.ERR_INVALID_PARAMETERS;
            case UPGRADE_TO_SECONDARY ->
                !config.isMember(proposal.node()) && config.memberCount() < replicaCount
                        ? ErrorCode.ERR_OK
                        : ErrorCode.ERR_INVALID_PARAMETERS;
        };
    }

    /** Dead, in error, or back from a restart (inactive although the current ballot already reached it). */
    private static boolean failed(
            NodeId node, PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        if (!alive.contains(node)) {
            return true;
        }
        ReplicaReport r = reports.get(node);
        if (r == null) {
            return false;
        }
        return r.role() == Role.ERROR || (r.role() == Role.INACTIVE && r.ballot() >= config.ballot());
    }

    private static Decision replacePrimary(
            PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        List<NodeId> candidates = new ArrayList<>();
        for (NodeId s : config.secondaries()) {
            ReplicaReport r = reports.get(s);
            if (alive.contains(s) && (r == null || r.role() != Role.ERROR)) {
                candidates.add(s); // without a report yet: wait for it rather than give up on this replica
            }
        }
        NodeId old = config.primary();
        ReplicaReport oldReport = reports.get(old);
        if (alive.contains(old) && oldReport != null && oldReport.role() == Role.INACTIVE) {
            candidates.add(old);
        }
        if (candidates.isEmpty()) {
            return new Decision.ChangeConfig(config.nextWithoutMembers(), "primary failed and no secondary is alive");
        }
        NodeId best = best(candidates, reports);
        if (best == null) {
            return new Decision.NoChange("waiting for reports from the secondaries");
        }
        List<NodeId> kept = new ArrayList<>();
        for (NodeId s : config.secondaries()) {
            ReplicaReport r = reports.get(s);
            if (!s.equals(best) && alive.contains(s) && r != null && r.role() == Role.SECONDARY) {
                kept.add(s);
            }
        }
        return new Decision.ChangeConfig(
                config.nextWithPrimary(best, kept), "primary " + old + " failed, promoting " + best);
    }

    private static Decision recoverWithoutPrimary(
            PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        if (config.ballot() == 0 && config.lastDrops().isEmpty()) {
            if (alive.isEmpty()) {
                return new Decision.NoChange("no live node for a new partition");
            }
            NodeId first = alive.get(0);
            return new Decision.ChangeConfig(
                    new PartitionConfig(1, first, List.of(), List.of()), "new partition on " + first);
        }
        List<NodeId> candidates = new ArrayList<>();
        for (NodeId n : config.secondaries()) {
            if (usable(n, alive, reports)) {
                candidates.add(n);
            }
        }
        NodeId latest = config.latestDrop();
        if (candidates.isEmpty()) {
            if (latest == null || !usable(latest, alive, reports)) {
                return new Decision.NoChange("waiting for the last dropped replica " + latest);
            }
            List<NodeId> drops = config.lastDrops();
            for (int i = drops.size() - 1; i >= 0; i--) { // newest first: they win ties
                if (usable(drops.get(i), alive, reports)) {
                    candidates.add(drops.get(i));
                }
            }
        }
        NodeId best = best(candidates, reports);
        if (best == null) {
            return new Decision.NoChange("waiting for reports");
        }
        return new Decision.ChangeConfig(
                config.nextWithPrimary(best, List.of()), "recovering partition from dropped replica " + best);
    }

    private static boolean usable(NodeId node, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        ReplicaReport r = reports.get(node);
        return alive.contains(node) && r != null && r.role() != Role.ERROR;
    }

    /** The candidate with the highest (committed, prepared); earlier candidates win ties. Null if none reported. */
    private static NodeId best(Collection<NodeId> candidates, Map<NodeId, ReplicaReport> reports) {
        ReplicaReport best = null;
        for (NodeId n : candidates) {
            ReplicaReport r = reports.get(n);
            if (r != null && (best == null || r.betterThan(best))) {
                best = r;
            }
        }
        return best == null ? null : best.node();
    }

    private static NodeId pickLearner(PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        List<NodeId> drops = config.lastDrops();
        for (int i = drops.size() - 1; i >= 0; i--) {
            NodeId n = drops.get(i);
            if (eligibleLearner(n, config, alive, reports)) {
                return n;
            }
        }
        for (NodeId n : alive) {
            if (eligibleLearner(n, config, alive, reports)) {
                return n;
            }
        }
        return null;
    }

    private static boolean eligibleLearner(
            NodeId n, PartitionConfig config, List<NodeId> alive, Map<NodeId, ReplicaReport> reports) {
        ReplicaReport r = reports.get(n);
        return alive.contains(n) && !config.isMember(n) && (r == null || r.role() != Role.ERROR);
    }
}
