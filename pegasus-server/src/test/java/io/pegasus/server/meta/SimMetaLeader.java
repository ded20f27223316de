package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.ConfigProposal;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The MetaServer leader of the deterministic simulation: the leader state of {@link MetaService} (cluster state,
 * failure detector, replica reports, learners asked for) driven by the very same pure decisions ({@link
 * GuardianPass}, {@link PartitionGuardian#onProposal}, {@link MetaViews#configSync}), with the IO replaced by return
 * values and the time passed in. A new instance is a leader that just took over: it loads {@link SimMetaStore},
 * gives every member a full grace period and knows no report yet, exactly as {@link MetaService#elected} does.
 *
 * <p>Speaks the replicas' types ({@link NodeId}, the replication package's configuration) so that the simulation
 * needs no wire types; the translation is {@link SimMetaStore}'s.
 */
public final class SimMetaLeader {
    /** What the leader asks the simulation to send. */
    public sealed interface Action {}

    /** RPC_CONFIG_UPDATE to {@code node}. */
    public record Push(NodeId node, io.pegasus.server.replication.PartitionConfig config) implements Action {}

    /** RPC_ADD_LEARNER to the primary {@code node}. */
    public record AddLearner(NodeId node, long ballot, NodeId learner) implements Action {}

    /** The answer to a proposal: the error and the configuration to answer with, then the pushes. */
    public record ProposalOutcome(
            ErrorCode error, io.pegasus.server.replication.PartitionConfig config, List<Action> pushes) {}

    /**
     * @param graceMs fd.grace_ms
     * @param beaconIntervalMs fd.beacon_interval_ms (learners go only to nodes heard from within three of them)
     * @param learnerTimeoutMs meta.learner_timeout_ms
     * @param minLiveNodesForUnfreeze meta.min_live_nodes_for_unfreeze
     */
    public record Settings(long graceMs, long beaconIntervalMs, long learnerTimeoutMs, int minLiveNodesForUnfreeze) {}

    private final SimMetaStore store;
    private final Settings settings;
    private final ClusterState state = new ClusterState();
    private final FailureDetector fd;
    private final ReplicaReports reports = new ReplicaReports();
    private final LearnerTracker learners = new LearnerTracker();
    /** The balancer is not simulated: no move is ever in flight. */
    private final MoveTracker moves = new MoveTracker();

    /** Takes over at {@code nowMs}: load, replay, a full grace period for every member. */
    public SimMetaLeader(SimMetaStore store, Settings settings, long nowMs) {
        this.store = store;
        this.settings = settings;
        state.replayAll(store.load());
        fd = new FailureDetector(settings.graceMs());
        fd.expect(state.memberNodes(), nowMs);
    }

    /** RPC_FD_BEACON from {@code node}, whose process started at {@code incarnation} (never 0). */
    public void beacon(NodeId node, long incarnation, long nowMs) {
        rpc_address a = store.address(node);
        if (fd.beacon(a, incarnation, nowMs) == FailureDetector.BeaconOutcome.RESTARTED) {
            reports.forget(a); // as MetaService does
            learners.restarted(a);
        }
    }

    public boolean isAlive(NodeId node, long nowMs) {
        return fd.isAlive(store.address(node), nowMs);
    }

    /**
     * RPC_CM_CONFIG_SYNC: records the node's report of its replica (null: it holds none) and answers the
     * configurations of the partitions it is a member of.
     */
    public List<io.pegasus.server.replication.PartitionConfig> configSync(NodeId node, ReplicaStatus replica) {
        rpc_address a = store.address(node);
        List<replica_report> reported = new ArrayList<>();
        if (replica != null) {
            PartitionConfig p = state.partition(store.partition().pid()).orElseThrow();
            reported.add(new replica_report(
                    p.pid(),
                    replica.ballot(),
                    status(replica.role()),
                    replica.committedDecree(),
                    replica.preparedDecree(),
                    replica.committedDecree()));
        }
        reports.update(a, reported);
        config_sync_response r = MetaViews.configSync(state, a, reported);
        List<io.pegasus.server.replication.PartitionConfig> out = new ArrayList<>();
        for (partition_configuration pc : r.getPartitions()) {
            out.add(store.toReplication(PartitionConfig.fromThrift(pc, List.of())));
        }
        return out;
    }

    /** The guardian tick of {@link MetaService}: decide, write, replay, and the messages to send. */
    public List<Action> tick(long nowMs) {
        boolean freezed = state.metaLevel() == meta_level.ML_FREEZED.getValue()
                || fd.liveNodes(nowMs).size() < settings.minLiveNodesForUnfreeze();
        GuardianPass.Result pass = GuardianPass.run(
                state, fd, reports, learners, nowMs, settings.beaconIntervalMs(), freezed, moves, Set.of());
        Decision<Void> d = pass.decision();
        apply(d.records());
        List<Action> out = new ArrayList<>();
        for (MetaAction a : d.actions()) {
            if (a instanceof MetaAction.AddLearner al) {
                learners.started(al.config().pid(), al.learner(), nowMs + settings.learnerTimeoutMs());
            }
            out.add(action(a));
        }
        return out;
    }

    /** RPC_CM_UPDATE_PARTITION_CONFIGURATION from a primary. */
    public ProposalOutcome propose(NodeId from, ConfigProposal proposal, long nowMs) {
        PartitionConfig current = state.partition(store.partition().pid()).orElseThrow();
        int type = proposal.type() == ConfigProposal.Type.REMOVE_SECONDARY
                ? config_change_type.CC_REMOVE_SECONDARY.getValue()
                : config_change_type.CC_UPGRADE_TO_SECONDARY.getValue();
        update_configuration_request req = new update_configuration_request(
                store.address(from), current.pid(), proposal.ballot(), type, store.address(proposal.node()), 0);
        Table table = state.table(SimMetaStore.APP_ID).orElseThrow();
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(table, current, req, n -> fd.isAlive(n, nowMs));
        List<Action> pushes = new ArrayList<>();
        if (d.ok()) {
            apply(d.records());
            if (type == config_change_type.CC_UPGRADE_TO_SECONDARY.getValue()) {
                learners.done(current.pid());
            }
            d.actions().forEach(a -> pushes.add(action(a)));
        }
        return new ProposalOutcome(d.error(), store.toReplication(d.result()), pushes);
    }

    /** The configuration this leader knows (RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX). */
    public io.pegasus.server.replication.PartitionConfig config() {
        return store.toReplication(state.partition(store.partition().pid()).orElseThrow());
    }

    /**
     * Writes {@code next} as if a decision had made it (tests that need a configuration the guardian would not
     * choose); members are not told.
     */
    public void force(io.pegasus.server.replication.PartitionConfig next) {
        apply(List.of(new MetaRecord.PartitionChanged(store.fromReplication(next))));
    }

    private void apply(List<MetaRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        long before = store.partition().ballot();
        store.write(records);
        state.replayAll(records);
        if (store.partition().ballot() <= before) {
            throw new AssertionError("the MetaServer's ballot must grow: " + before + " -> " + store.partition());
        }
    }

    private Action action(MetaAction a) {
        if (a instanceof MetaAction.PushConfig p) {
            return new Push(store.name(p.node()), store.toReplication(p.config()));
        }
        if (a instanceof MetaAction.AddLearner l) {
            return new AddLearner(store.name(l.node()), l.config().ballot(), store.name(l.learner()));
        }
        throw new IllegalArgumentException("the simulation has no table drops: " + a);
    }

    private static int status(io.pegasus.server.replication.Role role) {
        return switch (role) {
            case PRIMARY -> partition_status.PS_PRIMARY.getValue();
            case SECONDARY -> partition_status.PS_SECONDARY.getValue();
            case POTENTIAL_SECONDARY -> partition_status.PS_POTENTIAL_SECONDARY.getValue();
            case INACTIVE -> partition_status.PS_INACTIVE.getValue();
            case ERROR -> partition_status.PS_ERROR.getValue();
        };
    }
}
