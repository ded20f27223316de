package io.pegasus.server.storage;

/**
 * Identity of one partition replica's data: the table (app) id, the partition index and the table's partition count.
 * Every response a {@link PartitionStore} builds carries {@code appId} and {@code partitionIndex}; the count is
 * recorded in checkpoints and used by partition-hash validation of scans (spec 4.13).
 */
public record PartitionId(int appId, int partitionIndex, int partitionCount) {
    public PartitionId {
        if (partitionCount <= 0 || partitionIndex < 0 || partitionIndex >= partitionCount) {
            throw new IllegalArgumentException(
                    "bad partition " + appId + "." + partitionIndex + " of " + partitionCount + " partitions");
        }
    }

    @Override
    public String toString() {
        return appId + "." + partitionIndex;
    }
}
