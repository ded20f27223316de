package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.List;

/**
 * A change of the cluster state, as decided by an admin operation or a failure reaction (STYLE.md point 2). Records
 * are written to ZooKeeper first; the in-memory {@link ClusterState} changes only by {@link ClusterState#replay
 * replaying} them. Loading ZooKeeper after a failover yields the same records, so tests, the running leader and
 * recovery all go through one path.
 */
public sealed interface MetaRecord {
    /** Cluster-wide values: the next table id (never reused) and the meta level. */
    record ClusterChanged(int nextAppId, int metaLevel) implements MetaRecord {}

    /** A new table with all its partitions, written atomically. */
    record TableCreated(Table table, List<PartitionConfig> partitions) implements MetaRecord {
        public TableCreated {
            partitions = List.copyOf(partitions);
        }
    }

    /** A table's metadata changed (dropped, recalled). */
    record TableChanged(Table table) implements MetaRecord {}

    /** A partition's configuration changed. */
    record PartitionChanged(PartitionConfig config) implements MetaRecord {}

    /** A dropped table was purged, with its partitions. */
    record TableRemoved(int appId, int partitionCount) implements MetaRecord {}

    /** The ReplicaServers taken out of service (draining), in address order: the whole set, replaced. */
    record NodesChanged(List<rpc_address> draining) implements MetaRecord {
        public NodesChanged {
            draining = List.copyOf(new java.util.TreeSet<>(draining));
        }
    }
}
