package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The pure decisions about one partition's configuration (PacificA section 3.3, reconfiguration by the
 * configuration manager): what to do when members are lost, how to reopen a partition that lost every replica,
 * which node should learn to become a new secondary, and whether a primary's proposal is accepted. Every method
 * takes the configuration and what is known about the nodes, and returns the next configuration (ballot + 1) or
 * nothing; no clock, no threads, no IO. {@link ClusterGuardian} applies it to every partition on each tick.
 *
 * <p>{@code usable} says whether a node may hold a replica now: alive, and not restarted since its memberships
 * were recorded (a restarted process lost its in-memory replica state).
 */
final class PartitionGuardian {
    private PartitionGuardian() {}

    /**
     * Removes members that are no longer usable. A lost primary is replaced by the usable secondary with the highest
     * reported committed decree (then prepared decree; then the fewest primaries in {@code load}; then the lower
     * address): any secondary holds every committed mutation, the highest one also keeps the most prepared ones. If
     * no member is left, the partition is emptied and its members become the recovery candidates.
     */
    static Optional<PartitionConfig> afterLosing(
            PartitionConfig c, Predicate<rpc_address> usableNode, ReplicaReports reports, NodeLoad load) {
        Predicate<rpc_address> usable = n -> usableNode.test(n) && !replicaLost(c, n, reports);
        List<rpc_address> members = c.members();
        List<rpc_address> lost = new ArrayList<>();
        for (rpc_address m : members) {
            if (!usable.test(m)) {
                lost.add(m);
            }
        }
        if (lost.isEmpty()) {
            return Optional.empty();
        }
        List<rpc_address> liveSecondaries = new ArrayList<>();
        for (rpc_address s : c.secondaries()) {
            if (usable.test(s)) {
                liveSecondaries.add(s);
            }
        }
        if (c.hasPrimary() && usable.test(c.primary())) {
            return Optional.of(c.next(c.primary(), liveSecondaries, lost));
        }
        if (liveSecondaries.isEmpty()) {
            return Optional.of(c.emptied(members));
        }
        rpc_address newPrimary = best(
                c,
                liveSecondaries,
                reports,
                Comparator.<rpc_address>comparingInt(load::primaries).thenComparing(Comparator.naturalOrder()));
        liveSecondaries.remove(newPrimary);
        return Optional.of(c.next(newPrimary, liveSecondaries, lost));
    }

    /**
     * Whether {@code node}'s own report says its replica of the partition can no longer play its part although the
     * node is alive: it is in error (its log failed; it refuses everything until it is closed), or it is inactive at
     * the configuration's ballot or above, which a member only is after its process restarted and reopened the
     * replica from disk (a restart the failure detector missed, e.g. during a MetaServer failover). Such a member
     * would never serve again, so it is treated as lost.
     */
    static boolean replicaLost(PartitionConfig c, rpc_address node, ReplicaReports reports) {
        Optional<replica_report> r = reports.get(c.pid(), node);
        if (r.isEmpty()) {
            return false;
        }
        int status = r.get().getStatus();
        return status == partition_status.PS_ERROR.getValue()
                || (status == partition_status.PS_INACTIVE.getValue() && r.get().getBallot() >= c.ballot());
    }

    private static boolean inError(PartitionConfig c, rpc_address node, ReplicaReports reports) {
        return reports.get(c.pid(), node)
                .filter(r -> r.getStatus() == partition_status.PS_ERROR.getValue())
                .isPresent();
    }

    /**
     * Reopens a partition with no replica: once a recovery candidate is usable and has reported holding the
     * partition, the best of those reported (highest committed, then prepared decree, then the earlier candidate, so
     * that a recalled table gets its old primaries back) becomes the primary, alone; the cure then adds secondaries. Nothing happens while no candidate has reported, or when there are no candidates
     * (a partition whose data is lost for good needs an operator).
     */
    static Optional<PartitionConfig> recover(PartitionConfig c, Predicate<rpc_address> usable, ReplicaReports reports) {
        if (c.memberCount() > 0 || c.recoveryCandidates().isEmpty()) {
            return Optional.empty();
        }
        List<rpc_address> back = new ArrayList<>();
        long ballot = c.ballot();
        for (rpc_address n : c.recoveryCandidates()) {
            Optional<replica_report> r = reports.get(c.pid(), n);
            if (usable.test(n) && r.isPresent() && !inError(c, n, reports)) {
                back.add(n);
                ballot = Math.max(ballot, r.get().getBallot());
            }
        }
        if (back.isEmpty()) {
            return Optional.empty();
        }
        List<rpc_address> order = c.recoveryCandidates();
        rpc_address primary = best(c, back, reports, Comparator.comparingInt(order::indexOf));
        return Optional.of(c.withBallot(ballot).next(primary, List.of(), List.of()));
    }

    /**
     * The node that should learn the partition to make it whole again, if it has a usable primary and fewer members
     * than its replica count: a usable non-member, preferring one that already holds data of the partition (cheaper
     * learning, e.g. a secondary that came back), then the least loaded.
     */
    static Optional<rpc_address> chooseLearner(
            PartitionConfig c, List<rpc_address> usableNodes, NodeLoad load, ReplicaReports reports) {
        if (!c.hasPrimary() || c.memberCount() >= c.maxReplicaCount()) {
            return Optional.empty();
        }
        Comparator<rpc_address> order = Comparator.<rpc_address>comparingLong(n -> -reports.get(c.pid(), n)
                        .map(replica_report::getLast_committed_decree)
                        .orElse(-1L))
                .thenComparingInt(load::replicas)
                .thenComparing(Comparator.naturalOrder());
        // a node whose replica of this partition is in error would refuse to learn, and be chosen again and again
        return usableNodes.stream()
                .filter(n -> !c.isMember(n) && !inError(c, n, reports))
                .min(order);
    }

    /**
     * A primary's proposal (RPC_CM_UPDATE_PARTITION_CONFIGURATION). Accepted only from the current primary at the
     * current ballot; the result is then the next configuration, else the current one with the reason.
     */
    static Decision<PartitionConfig> onProposal(
            Table table, PartitionConfig c, update_configuration_request req, Predicate<rpc_address> usable) {
        return onProposal(table, c, req, usable, Optional.empty());
    }

    /**
     * As above, with a balancer copy under way to the proposed learner: its upgrade then replaces {@code replacing}
     * (a secondary) in the same configuration, so the partition keeps its replica count and the removed replica is
     * told. Every member of the result holds every committed mutation: the learner joined like any other, and the
     * others were members before.
     */
    static Decision<PartitionConfig> onProposal(
            Table table,
            PartitionConfig c,
            update_configuration_request req,
            Predicate<rpc_address> usable,
            Optional<rpc_address> replacing) {
        rpc_address proposer = req.getNode();
        rpc_address target = req.getTarget();
        if (proposer == null || !c.hasPrimary() || !c.primary().equals(proposer)) {
            return Decision.refuse(ErrorCode.ERR_INVALID_STATE, "the proposer is not the primary of " + c, c);
        }
        if (req.getBallot() != c.ballot()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_VERSION,
                    "proposal at ballot " + req.getBallot() + ", the configuration is at " + c.ballot(),
                    c);
        }
        if (target == null || target.isInvalid()) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "no target node", c);
        }
        config_change_type type = config_change_type.findByValue(req.getType());
        if (type == config_change_type.CC_UPGRADE_TO_SECONDARY) {
            if (c.isMember(target)) {
                return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, target + " is already a member", c);
            }
            if (replacing.isPresent() && c.secondaries().contains(replacing.get()) && usable.test(target)) {
                List<rpc_address> secondaries = new ArrayList<>(c.secondaries());
                secondaries.remove(replacing.get());
                secondaries.add(target);
                return changed(
                        table, c.next(c.primary(), secondaries, List.of(replacing.get())), List.of(replacing.get()));
            }
            if (c.memberCount() >= c.maxReplicaCount()) {
                return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, c.pid() + " already has every replica", c);
            }
            if (!usable.test(target)) {
                return Decision.refuse(ErrorCode.ERR_INVALID_STATE, target + " is not alive", c);
            }
            List<rpc_address> secondaries = new ArrayList<>(c.secondaries());
            secondaries.add(target);
            return changed(table, c.next(c.primary(), secondaries, List.of()), List.of());
        }
        if (type == config_change_type.CC_REMOVE_SECONDARY) {
            if (!c.secondaries().contains(target)) {
                return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, target + " is not a secondary", c);
            }
            List<rpc_address> secondaries = new ArrayList<>(c.secondaries());
            secondaries.remove(target);
            // the removed node is told too, so that it closes its replica
            return changed(table, c.next(c.primary(), secondaries, List.of(target)), List.of(target));
        }
        return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "unknown change type " + req.getType(), c);
    }

    private static Decision<PartitionConfig> changed(Table table, PartitionConfig next, List<rpc_address> alsoTell) {
        List<MetaAction> actions = new ArrayList<>();
        for (rpc_address m : next.members()) {
            actions.add(new MetaAction.PushConfig(m, table, next));
        }
        for (rpc_address n : alsoTell) {
            actions.add(new MetaAction.PushConfig(n, table, next));
        }
        return Decision.accept(List.of(new MetaRecord.PartitionChanged(next)), actions, next);
    }

    /** The node among {@code nodes} with the highest reported (committed, prepared) decrees; ties by {@code tie}. */
    private static rpc_address best(
            PartitionConfig c, List<rpc_address> nodes, ReplicaReports reports, Comparator<rpc_address> tie) {
        Comparator<rpc_address> order = Comparator.<rpc_address>comparingLong(n -> reports.get(c.pid(), n)
                        .map(replica_report::getLast_committed_decree)
                        .orElse(-1L))
                .thenComparingLong(n -> reports.get(c.pid(), n)
                        .map(replica_report::getLast_prepared_decree)
                        .orElse(-1L))
                .reversed()
                .thenComparing(tie);
        return nodes.stream().min(order).orElseThrow();
    }
}
