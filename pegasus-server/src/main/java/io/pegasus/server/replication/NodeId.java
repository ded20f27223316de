package io.pegasus.server.replication;

import java.util.Objects;

/**
 * A ReplicaServer as a partition configuration names it: its {@code host:port}. Two replicas of the same partition
 * never share a node, so within one partition a {@code NodeId} also names a replica.
 */
public record NodeId(String address) implements Comparable<NodeId> {

    public NodeId {
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("blank node address");
        }
    }

    public static NodeId of(String address) {
        return new NodeId(address);
    }

    @Override
    public int compareTo(NodeId other) {
        return address.compareTo(other.address);
    }

    @Override
    public String toString() {
        return address;
    }
}
