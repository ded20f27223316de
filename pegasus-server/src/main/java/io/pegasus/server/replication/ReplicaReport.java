package io.pegasus.server.replication;

/**
 * What a ReplicaServer reports to the MetaServer about one of its replicas (in beacons or configuration syncs); the
 * input of {@link PartitionGuardian}. Built from {@link Replica#status()}.
 */
public record ReplicaReport(NodeId node, Role role, long ballot, long committedDecree, long preparedDecree) {

    public static ReplicaReport of(ReplicaStatus status) {
        return new ReplicaReport(
                status.node(), status.role(), status.ballot(), status.committedDecree(), status.preparedDecree());
    }

    /** Orders candidates for primary: more committed first, then more prepared. */
    boolean betterThan(ReplicaReport other) {
        if (committedDecree != other.committedDecree) {
            return committedDecree > other.committedDecree;
        }
        return preparedDecree > other.preparedDecree;
    }
}
