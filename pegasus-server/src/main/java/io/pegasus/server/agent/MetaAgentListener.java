package io.pegasus.server.agent;

import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.rpc_address;
import java.util.List;

/**
 * What the {@link MetaAgent} tells the ReplicaServer, and the one thing it asks of it. Every method is called on the
 * agent's thread, one at a time; implementations should hand long work (opening a replica, learning) to their own
 * threads.
 *
 * <p>Messages can arrive late or out of order (a push and a sync answer cross on the wire): a configuration must be
 * applied only if its ballot is newer than the replica's own.
 */
public interface MetaAgentListener {
    /**
     * The replicas this node holds, for the next configuration sync: every open replica, and every closed replica
     * whose data is kept (reported with status PS_INACTIVE), so that the MetaServer can reopen it.
     */
    List<replica_report> replicaReports();

    /**
     * Whether the node's data disk is below its reserve (reported with every configuration sync: the MetaServer then
     * moves primaries off the node where another member can take them).
     */
    default boolean diskLow() {
        return false;
    }

    /** The lease ran out (no beacon acknowledged for a lease period): stop serving as primary now. */
    void onLeaseExpired();

    /** The lease is valid (first time, or again after running out). */
    void onLeaseRenewed();

    /** The leader's authoritative view for this node (see {@link ConfigSyncResult}). */
    void onConfigSync(ConfigSyncResult sync);

    /** RPC_CONFIG_UPDATE: a partition's new configuration, pushed to each of its members. */
    void onConfigUpdate(app_info app, partition_configuration config);

    /**
     * RPC_ADD_LEARNER, to the primary of {@code config}: bring {@code learner} up to date, then propose
     * CC_UPGRADE_TO_SECONDARY through {@link MetaAgent#proposeUpdate}.
     */
    void onAddLearner(app_info app, partition_configuration config, rpc_address learner);

    /** RPC_REMOVE_REPLICA: close the replica, keeping its data ({@code deleteData} false) or deleting it. */
    void onRemoveReplica(gpid pid, boolean deleteData);
}
