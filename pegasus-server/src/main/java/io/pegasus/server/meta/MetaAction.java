package io.pegasus.server.meta;

import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;

/**
 * A message the MetaServer sends to a ReplicaServer once the records of a decision are durable. Best effort: a lost
 * action is repaired by the node's next configuration sync (or, for learners, re-sent after the learner timeout).
 */
public sealed interface MetaAction {
    /** The node to send to. */
    rpc_address node();

    /** RPC_CONFIG_UPDATE: the partition's new configuration, to one of its members. */
    record PushConfig(rpc_address node, Table table, PartitionConfig config) implements MetaAction {}

    /** RPC_ADD_LEARNER: asks the primary ({@code node}) to bring {@code learner} up to date as a new replica. */
    record AddLearner(rpc_address node, Table table, PartitionConfig config, rpc_address learner)
            implements MetaAction {}

    /** RPC_REMOVE_REPLICA: close the replica, keeping its data (dropped table) or deleting it (purged table). */
    record RemoveReplica(rpc_address node, gpid pid, boolean deleteData) implements MetaAction {}
}
