package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Node maintenance as pure decisions: taking a ReplicaServer out of service (draining) and back. A draining node gets
 * no new replicas (placement, learners and the balancer skip it) and the balancer moves its primaries and then its
 * replicas away, in the {@code steady} and {@code lively} meta levels; once it holds none it can stop without any
 * partition losing a replica.
 */
final class NodeOperations {
    private NodeOperations() {}

    /**
     * RPC_CM_SET_NODE_DRAIN. Result: the replicas still on the node.
     *
     * @param known whether the MetaServer has heard of the node (beacons or memberships); only known nodes can be
     *     drained, so that a typo does not record a node that never existed
     */
    static Decision<Integer> setDraining(ClusterState s, rpc_address node, boolean draining, boolean known) {
        if (node == null || node.isInvalid()) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "no node given");
        }
        int replicas = s.load().replicas(node);
        if (draining && !known) {
            return Decision.refuse(ErrorCode.ERR_OBJECT_NOT_FOUND, "no ReplicaServer " + node + " is known", replicas);
        }
        if (s.isDraining(node) == draining) {
            return Decision.noChange(replicas);
        }
        TreeSet<rpc_address> set = new TreeSet<>(s.draining());
        if (draining) {
            set.add(node);
        } else {
            set.remove(node);
        }
        List<MetaRecord> records = List.of(new MetaRecord.NodesChanged(new ArrayList<>(set)));
        return Decision.accept(records, List.of(), replicas);
    }
}
