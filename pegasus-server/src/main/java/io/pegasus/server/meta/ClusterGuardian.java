package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One pass of the {@link PartitionGuardian} over every partition of every available table: the periodic failure
 * reaction of the leader. Pure: the caller passes what it knows (node liveness, replica reports, pending learners,
 * the time) and gets records and actions back.
 *
 * <p>Order per partition: lost members are removed (always, even when the meta level is freezed); an empty partition
 * is reopened from its recovery candidates; an under-replicated partition whose configuration did not change in this
 * pass gets a learner (not when freezed). Learner choices within one pass account for each other's load.
 */
final class ClusterGuardian {
    private ClusterGuardian() {}

    /**
     * @param usable nodes that may hold replicas now
     * @param usableNodes nodes that may receive a new replica (a learner), in address order: usable and heard from
     *     recently, so a node that just stopped is not chosen while its grace period runs
     * @param learnerPending whether a learner is still expected for a partition (it is not asked for again)
     * @param freezed meta level freezed: no new learners
     */
    static Decision<Void> tick(
            ClusterState s,
            Predicate<rpc_address> usable,
            List<rpc_address> usableNodes,
            ReplicaReports reports,
            Predicate<PartitionConfig> learnerPending,
            boolean freezed) {
        List<MetaRecord> records = new ArrayList<>();
        List<MetaAction> actions = new ArrayList<>();
        NodeLoad load = s.load();
        for (Table t : s.tables()) {
            if (!t.isAvailable()) {
                continue;
            }
            for (PartitionConfig c : s.partitions(t.id())) {
                Optional<PartitionConfig> next = PartitionGuardian.afterLosing(c, usable, reports, load);
                if (next.isEmpty()) {
                    next = PartitionGuardian.recover(c, usable, reports);
                }
                if (next.isPresent()) {
                    PartitionConfig n = next.get();
                    if (n.hasPrimary() && !n.primary().equals(c.primary())) {
                        load.addPrimary(n.primary()); // later choices in this pass see it
                    }
                    records.add(new MetaRecord.PartitionChanged(n));
                    for (rpc_address m : n.members()) {
                        actions.add(new MetaAction.PushConfig(m, t, n));
                    }
                    continue;
                }
                if (freezed || learnerPending.test(c)) {
                    continue;
                }
                Optional<rpc_address> learner = PartitionGuardian.chooseLearner(c, usableNodes, load, reports);
                if (learner.isPresent()) {
                    load.addSecondary(learner.get());
                    actions.add(new MetaAction.AddLearner(c.primary(), t, c, learner.get()));
                }
            }
        }
        return records.isEmpty() && actions.isEmpty()
                ? Decision.noChange(null)
                : Decision.accept(records, actions, null);
    }
}
