package io.pegasus.server.replication;

import java.util.List;

/**
 * A snapshot of a replica for reports to the MetaServer, metrics and tests.
 *
 * @param committedDecree highest decree committed (and handed to storage to apply) here
 * @param preparedDecree highest decree this replica holds, committed or not
 * @param serving true if it would serve a read right now (active primary with a valid lease)
 * @param learners nodes the primary is currently teaching (empty on other roles)
 */
public record ReplicaStatus(
        NodeId node,
        Role role,
        PartitionConfig config,
        long committedDecree,
        long preparedDecree,
        boolean leaseValid,
        boolean serving,
        int queuedWrites,
        List<NodeId> learners) {

    public ReplicaStatus {
        learners = List.copyOf(learners);
    }

    public long ballot() {
        return config.ballot();
    }
}
