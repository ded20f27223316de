package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;

/**
 * Hooks into what the leader decides, for tests, logs and (later) metrics. Called on the leader's service thread
 * after the decision is durable; implementations must be quick and must not throw.
 */
public interface MetaObserver {
    MetaObserver NONE = new MetaObserver() {};

    /** This MetaServer became the ready leader (state loaded). */
    default void becameLeader(long nowMs) {}

    /** A node's grace period passed without a beacon ({@code nowMs}: meta ticker). */
    default void nodeDeclaredDead(rpc_address node, long nowMs) {}

    /** A partition's new configuration was written. */
    default void partitionChanged(PartitionConfig config, long nowMs) {}
}
