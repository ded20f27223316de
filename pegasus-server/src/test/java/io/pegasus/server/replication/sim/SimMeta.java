package io.pegasus.server.replication.sim;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.ConfigProposal;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.PartitionGuardian;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake MetaServer for one partition: accepts proposals that carry the current ballot (ballot + 1), detects dead
 * nodes from beacons and a grace period, runs {@link PartitionGuardian} every tick, and periodically re-sends the
 * configuration to its members (Apache Pegasus's configuration sync), which heals lost configuration messages. Its
 * reports come straight from the live replicas' status (an always-fresh view).
 */
public final class SimMeta {

    private final SimCluster cluster;
    private final PartitionGuardian guardian;
    private final Map<NodeId, Long> lastBeaconMillis = new HashMap<>();
    private final List<PartitionConfig> history = new ArrayList<>();
    private PartitionConfig config;
    private boolean decisionsEnabled = true;
    private long lastSyncMillis;
    private NodeId pendingLearner;
    private long pendingLearnerUntil;

    SimMeta(SimCluster cluster, int replicaCount, PartitionConfig initial) {
        this.cluster = cluster;
        this.guardian = new PartitionGuardian(replicaCount);
        this.config = initial;
        history.add(initial);
    }

    public PartitionConfig config() {
        return config;
    }

    /** Every configuration this MetaServer stored, oldest first. */
    public List<PartitionConfig> history() {
        return List.copyOf(history);
    }

    /** Stops (or restarts) the guardian's automatic decisions; proposals are still answered. */
    public void enableDecisions(boolean enabled) {
        decisionsEnabled = enabled;
    }

    void beacon(NodeId node, long nowMillis) {
        lastBeaconMillis.put(node, nowMillis);
    }

    /** Nodes whose last beacon is within the grace period, in cluster order. */
    public List<NodeId> alive() {
        List<NodeId> out = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            Long last = lastBeaconMillis.get(n.id());
            if (last != null && cluster.now() - last <= cluster.options().graceMillis) {
                out.add(n.id());
            }
        }
        return out;
    }

    void onTick() {
        long now = cluster.now();
        if (decisionsEnabled) {
            decide();
        }
        if (now - lastSyncMillis >= cluster.options().configSyncMillis) {
            lastSyncMillis = now;
            for (NodeId m : config.members()) {
                cluster.network().post(new Envelope.FromMeta(m, new ReplicaEvent.ConfigUpdate(config)));
            }
        }
    }

    /** Runs the guardian once and carries out its decision. */
    public PartitionGuardian.Decision decide() {
        List<NodeId> alive = alive();
        Map<NodeId, ReplicaReport> reports = new LinkedHashMap<>();
        for (SimNode n : cluster.nodes()) {
            if (n.isRunning() && alive.contains(n.id()) && !cluster.network().isIsolated(n.id())) {
                reports.put(n.id(), ReplicaReport.of(n.status()));
            }
        }
        PartitionGuardian.Decision d = guardian.decide(config, alive, reports);
        if (d instanceof PartitionGuardian.Decision.ChangeConfig c) {
            change(c.next());
        } else if (d instanceof PartitionGuardian.Decision.AddLearner a) {
            long now = cluster.now();
            if (!a.learner().equals(pendingLearner) || now >= pendingLearnerUntil) {
                pendingLearner = a.learner();
                pendingLearnerUntil = now + cluster.options().learnerRetryMillis;
                cluster.network()
                        .post(new Envelope.FromMeta(a.primary(), new ReplicaEvent.AddLearner(a.ballot(), a.learner())));
            }
        }
        return d;
    }

    /**
     * Stores {@code next} (ballot + 1) as if the guardian had decided it, e.g. from stale reports, and tells its
     * primary and the nodes that left.
     */
    public void forceConfig(PartitionConfig next) {
        change(next);
    }

    /** Stores a new configuration and tells its primary and every node that left. */
    void change(PartitionConfig next) {
        PartitionConfig previous = config;
        store(next);
        if (next.hasPrimary()) {
            cluster.network().post(new Envelope.FromMeta(next.primary(), new ReplicaEvent.ConfigUpdate(next)));
        }
        notifyLeavers(previous, next);
    }

    void onRequest(NodeId from, ReplicaAction request) {
        if (request instanceof ReplicaAction.QueryConfig q) {
            cluster.network().post(new Envelope.FromMeta(from, new ReplicaEvent.ConfigQueryReply(q.queryId(), config)));
        } else if (request instanceof ReplicaAction.ProposeToMeta p) {
            onProposal(from, p.proposal());
        }
    }

    private void onProposal(NodeId from, ConfigProposal proposal) {
        ErrorCode check = guardian.check(config, from, proposal);
        if (check != ErrorCode.ERR_OK) {
            reply(from, proposal, check, config);
            return;
        }
        PartitionConfig previous = config;
        PartitionConfig next = proposal.applyTo(config);
        store(next);
        reply(from, proposal, ErrorCode.ERR_OK, next);
        notifyLeavers(previous, next);
    }

    private void store(PartitionConfig next) {
        if (next.ballot() != config.ballot() + 1) {
            throw new AssertionError("ballot must grow by one: " + config + " -> " + next);
        }
        config = next;
        history.add(next);
    }

    private void notifyLeavers(PartitionConfig previous, PartitionConfig next) {
        for (NodeId m : previous.members()) {
            if (!next.isMember(m)) {
                cluster.network().post(new Envelope.FromMeta(m, new ReplicaEvent.ConfigUpdate(next)));
            }
        }
    }

    private void reply(NodeId to, ConfigProposal proposal, ErrorCode error, PartitionConfig current) {
        cluster.network().post(new Envelope.FromMeta(to, new ReplicaEvent.ProposalReply(proposal, error, current)));
    }
}
