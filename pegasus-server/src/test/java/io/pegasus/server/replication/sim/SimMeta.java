package io.pegasus.server.replication.sim;

import io.pegasus.server.meta.SimMetaLeader;
import io.pegasus.server.meta.SimMetaStore;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaStatus;
import java.util.List;

/**
 * The MetaServer of the simulation: the real MetaServer's decisions ({@link SimMetaLeader} runs the pure classes of
 * {@code io.pegasus.server.meta}) over a ZooKeeper that survives leader changes ({@link SimMetaStore}), with the
 * messages going through the simulated network.
 *
 * <ul>
 *   <li>Beacons: every tick from each running node that is not cut off; the leader's failure detector declares a
 *       node dead after the grace period, and sees restarts in the beacons' incarnation.
 *   <li>Reports (configuration sync): with {@link SimCluster.Options#freshReports} the leader reads every reachable
 *       replica's status at each tick (an always-fresh view, for scripted scenarios); otherwise each node sends its
 *       report every {@code configSyncMillis} through the network, where it can be lost or late, and a new leader
 *       knows nothing until the first ones arrive. Either way every {@code configSyncMillis} each node gets the
 *       configurations of the partitions it is a member of (the answer to its sync), which heals lost pushes.
 *   <li>Leader changes ({@link #changeLeader}): for {@code electionGapMillis} there is no leader (requests are lost,
 *       beacons unanswered, so leases run out); then a new leader takes over from ZooKeeper with empty reports and a
 *       full grace period for every member.
 * </ul>
 */
public final class SimMeta {

    private final SimCluster cluster;
    private final SimMetaStore store;
    private final SimMetaLeader.Settings settings;
    private SimMetaLeader leader;
    private long electedAtMillis = -1;
    private int leaderChanges;
    private boolean decisionsEnabled = true;
    private long lastSyncMillis;

    SimMeta(SimCluster cluster, List<NodeId> nodes, int replicaCount, PartitionConfig initial) {
        this.cluster = cluster;
        this.store = new SimMetaStore(nodes, replicaCount, initial);
        SimCluster.Options o = cluster.options();
        this.settings = new SimMetaLeader.Settings(o.graceMillis, o.tickMillis, o.learnerRetryMillis, 1);
        this.leader = new SimMetaLeader(store, settings, 0);
    }

    /** The configuration stored in ZooKeeper. */
    public PartitionConfig config() {
        return store.current();
    }

    /** Every configuration stored, oldest first. */
    public List<PartitionConfig> history() {
        return store.history();
    }

    /** Stops (or restarts) the guardian's automatic decisions; proposals are still answered. */
    public void enableDecisions(boolean enabled) {
        decisionsEnabled = enabled;
    }

    /** Whether a leader serves now (none between a leader's loss and its successor's takeover). */
    public boolean hasLeader() {
        return leader != null;
    }

    public int leaderChanges() {
        return leaderChanges;
    }

    /** The leader is lost now; a new one takes over {@code electionGapMillis} later, from ZooKeeper. */
    public void changeLeader(long electionGapMillis) {
        leader = null;
        leaderChanges++;
        electedAtMillis = cluster.now() + electionGapMillis;
    }

    /** A beacon from a node; the lease is renewed only if a leader answered it. */
    boolean beacon(NodeId node, long incarnation, long nowMillis) {
        if (leader == null) {
            return false;
        }
        leader.beacon(node, incarnation, nowMillis);
        return true;
    }

    void onTick() {
        long now = cluster.now();
        if (leader == null && electedAtMillis >= 0 && now >= electedAtMillis) {
            leader = new SimMetaLeader(store, settings, now);
            electedAtMillis = -1;
            lastSyncMillis = now - cluster.options().configSyncMillis; // nodes find the new leader at once
        }
        if (leader == null) {
            return;
        }
        boolean sync = now - lastSyncMillis >= cluster.options().configSyncMillis;
        if (sync) {
            lastSyncMillis = now;
        }
        for (SimNode n : cluster.nodes()) {
            if (!cluster.reachesMeta(n)) {
                continue;
            }
            if (cluster.options().freshReports) {
                onSync(n.id(), n.status(), sync);
            } else if (sync) {
                cluster.network().post(new Envelope.ToMeta(n.id(), new SyncRequest(n.status())));
            }
        }
        if (decisionsEnabled) {
            send(leader.tick(now));
        }
    }

    /** A node's configuration sync: its report, answered with the configurations it is a member of. */
    private void onSync(NodeId node, ReplicaStatus status, boolean answer) {
        List<PartitionConfig> configs = leader.configSync(node, status);
        if (answer) {
            for (PartitionConfig c : configs) {
                cluster.network().post(new Envelope.FromMeta(node, new ReplicaEvent.ConfigUpdate(c)));
            }
        }
    }

    /**
     * Stores {@code next} (ballot + 1) as if the guardian had decided it, e.g. from stale reports, and tells its
     * primary and the nodes that left.
     */
    public void forceConfig(PartitionConfig next) {
        PartitionConfig previous = config();
        if (next.ballot() != previous.ballot() + 1) {
            throw new AssertionError("ballot must grow by one: " + previous + " -> " + next);
        }
        requireLeader().force(next);
        if (next.hasPrimary()) {
            cluster.network().post(new Envelope.FromMeta(next.primary(), new ReplicaEvent.ConfigUpdate(next)));
        }
        for (NodeId m : previous.members()) {
            if (!next.isMember(m)) {
                cluster.network().post(new Envelope.FromMeta(m, new ReplicaEvent.ConfigUpdate(next)));
            }
        }
    }

    private SimMetaLeader requireLeader() {
        if (leader == null) {
            throw new IllegalStateException("no MetaServer leader now");
        }
        return leader;
    }

    /** A request that reached the MetaServer: lost if there is no leader now (the node asks again later). */
    void onRequest(NodeId from, Object request) {
        if (leader == null) {
            return;
        }
        if (request instanceof ReplicaAction.QueryConfig q) {
            cluster.network()
                    .post(new Envelope.FromMeta(from, new ReplicaEvent.ConfigQueryReply(q.queryId(), leader.config())));
        } else if (request instanceof ReplicaAction.ProposeToMeta p) {
            SimMetaLeader.ProposalOutcome o = leader.propose(from, p.proposal(), cluster.now());
            cluster.network()
                    .post(new Envelope.FromMeta(
                            from, new ReplicaEvent.ProposalReply(p.proposal(), o.error(), o.config())));
            send(o.pushes());
        } else if (request instanceof SyncRequest s) {
            onSync(from, s.status(), true);
        }
    }

    private void send(List<SimMetaLeader.Action> actions) {
        for (SimMetaLeader.Action a : actions) {
            if (a instanceof SimMetaLeader.Push p) {
                cluster.network().post(new Envelope.FromMeta(p.node(), new ReplicaEvent.ConfigUpdate(p.config())));
            } else if (a instanceof SimMetaLeader.AddLearner l) {
                cluster.network()
                        .post(new Envelope.FromMeta(l.node(), new ReplicaEvent.AddLearner(l.ballot(), l.learner())));
            }
        }
    }

    /** A configuration sync on its way to the MetaServer: the node's replica status when it was sent. */
    record SyncRequest(ReplicaStatus status) {
        @Override
        public String toString() {
            return "sync{" + status.node() + " " + status.role() + " b" + status.ballot() + " c"
                    + status.committedDecree() + " p" + status.preparedDecree() + "}";
        }
    }
}
