package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The leader's periodic failure reaction, from what it observed to what it decides: nodes whose grace period ran out
 * are declared dead (their reports forgotten), nodes seen restarting lose their memberships, and
 * {@link ClusterGuardian} makes one pass. Pure (time is passed in) and shared by {@link MetaService} and the
 * deterministic simulation, so that both run exactly the same decisions.
 */
final class GuardianPass {
    /**
     * What one pass found and decided; {@code newlyDead} for the log; the node and partition views it used, for the
     * balancer that may run after a settled pass.
     */
    record Result(
            List<rpc_address> newlyDead,
            Decision<Void> decision,
            Predicate<rpc_address> usable,
            List<rpc_address> usableNodes,
            Predicate<PartitionConfig> learnerPending) {}

    private GuardianPass() {}

    /**
     * @param beaconIntervalMs a learner goes only to a node heard from within three beacon intervals: one that just
     *     stopped stays "alive" for its grace period, and a learner sent there would be wasted until the learner
     *     timeout
     * @param moves primary moves and replica copies of the balancer in flight (settled first; a partition with one
     *     gets no learner)
     * @param lowDisk nodes below their disk reserve: they refuse writes, so they receive no learner
     */
    static Result run(
            ClusterState state,
            FailureDetector fd,
            ReplicaReports reports,
            LearnerTracker learners,
            long nowMs,
            long beaconIntervalMs,
            boolean freezed,
            MoveTracker moves,
            Set<rpc_address> lowDisk) {
        List<rpc_address> dead = fd.collectNewlyDead(nowMs);
        for (rpc_address d : dead) {
            reports.forget(d);
        }
        Set<rpc_address> restarted = new HashSet<>(fd.takeRestarted());
        Predicate<rpc_address> usable = n -> fd.isAlive(n, nowMs) && !restarted.contains(n);
        long fresh = 3 * beaconIntervalMs;
        // nor to a node taken out of service, nor to one whose disk is below its reserve
        List<rpc_address> usableNodes = fd.liveNodes(nowMs).stream()
                .filter(usable)
                .filter(n -> fd.heardWithin(n, nowMs, fresh))
                .filter(n -> !state.isDraining(n))
                .filter(n -> !lowDisk.contains(n))
                .toList();
        moves.settle(state, reports, nowMs);
        Predicate<PartitionConfig> learnerPending = c -> moves.isMoving(c.pid())
                || learners.active(c.pid(), nowMs)
                        .filter(p -> usable.test(p.learner()) && !c.isMember(p.learner()))
                        .isPresent();
        Decision<Void> d = ClusterGuardian.tick(state, usable, usableNodes, reports, learnerPending, freezed);
        return new Result(dead, d, usable, usableNodes, learnerPending);
    }
}
