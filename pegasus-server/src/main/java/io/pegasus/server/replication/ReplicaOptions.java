package io.pegasus.server.replication;

/**
 * Tunables of the replica state machine. Durations are in milliseconds of the time carried by
 * {@link ReplicaEvent.Tick}.
 *
 * @param minReplicaCount writes are refused with {@code ERR_NOT_ENOUGH_MEMBER} while primary + secondaries is below
 *     this (Apache Pegasus's {@code mutation_2pc_min_replica_count}, default 2)
 * @param maxInFlightMutations at most this many decrees prepared but not committed at once; further writes wait in
 *     the write queue and are batched
 * @param maxBatchWrites at most this many client writes in one mutation
 * @param maxBatchBytes at most this many payload bytes in one mutation (a single larger write still goes alone)
 * @param maxQueuedWrites writes waiting for an in-flight slot; beyond this a write is refused with {@code ERR_BUSY}
 * @param prepareTimeoutMillis a member that has not acknowledged a prepare this long after it was sent is reported
 *     failed (secondary: removal proposed; learner: dropped)
 * @param groupCheckIntervalMillis how often the primary sends its configuration and committed decree to every
 *     secondary and learner
 * @param groupCheckTimeoutMillis a group check not answered within this is a failure of that member
 * @param proposalRetryMillis a configuration proposal the MetaServer has not answered is sent again after this
 * @param learnTimeoutMillis a learner that got no answer to its learn request sends it again after this
 * @param learnRetryMillis a learner that could not install what it was sent (a disk without room for it, say) asks
 *     again after this (at most the learn timeout)
 * @param mutationCacheSize committed mutations the replica keeps in memory so that a learner close behind can catch
 *     up without a copy from disk
 * @param maxBufferedPrepares prepares a secondary keeps while it waits for the gap before them to fill
 * @param pipelineMaxQueued a decree is started while others are still in flight only if at most this many writes
 *     are queued; with more waiting the partition is busy, and they wait for the pipeline to drain and go as one
 *     larger mutation (fewer messages, log writes and RocksDB writes per client write). {@code maxQueuedWrites} or
 *     more = always pipeline
 */
public record ReplicaOptions(
        int minReplicaCount,
        int maxInFlightMutations,
        int maxBatchWrites,
        int maxBatchBytes,
        int maxQueuedWrites,
        long prepareTimeoutMillis,
        long groupCheckIntervalMillis,
        long groupCheckTimeoutMillis,
        long proposalRetryMillis,
        long learnTimeoutMillis,
        long learnRetryMillis,
        int mutationCacheSize,
        int maxBufferedPrepares,
        int pipelineMaxQueued) {

    public ReplicaOptions {
        requirePositive(minReplicaCount, "minReplicaCount");
        requirePositive(maxInFlightMutations, "maxInFlightMutations");
        requirePositive(maxBatchWrites, "maxBatchWrites");
        requirePositive(maxBatchBytes, "maxBatchBytes");
        requirePositive(maxQueuedWrites, "maxQueuedWrites");
        requirePositive(prepareTimeoutMillis, "prepareTimeoutMillis");
        requirePositive(groupCheckIntervalMillis, "groupCheckIntervalMillis");
        requirePositive(groupCheckTimeoutMillis, "groupCheckTimeoutMillis");
        requirePositive(proposalRetryMillis, "proposalRetryMillis");
        requirePositive(learnTimeoutMillis, "learnTimeoutMillis");
        requirePositive(learnRetryMillis, "learnRetryMillis");
        requirePositive(mutationCacheSize, "mutationCacheSize");
        requirePositive(maxBufferedPrepares, "maxBufferedPrepares");
        if (pipelineMaxQueued < 0) { // 0 is meaningful: never a second decree while a write waits
            throw new IllegalArgumentException("pipelineMaxQueued must be >= 0: " + pipelineMaxQueued);
        }
    }

    /**
     * Two decrees in flight per partition: writes that arrive meanwhile ride in the next mutation, so under load one
     * prepare, one acknowledgement, one log record per replica and one RocksDB write carry several client writes.
     * On the onebox (8 partitions, 64 outstanding puts) 2 instead of 64 gave 0.6 instead of 1.0 decrees per put and
     * 1.4x the puts (medians of 8 alternating runs, docs/replication.md); one write alone is not delayed.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT_MUTATIONS = 2;

    /**
     * The second decree in flight is for a partition that is not busy: it starts only while at most one write waits.
     * Side by side in one JVM (docs/replication.md, point 13) this gave +10 to +24 % puts/s at 64 outstanding and
     * +10 to +18 % at 16, with 8-16 % less CPU per put at 64; a lone writer never has more than one write waiting.
     */
    public static final int DEFAULT_PIPELINE_MAX_QUEUED = 1;

    /** Defaults close to Apache Pegasus's. */
    public static ReplicaOptions defaults() {
        return new ReplicaOptions(
                2,
                DEFAULT_MAX_IN_FLIGHT_MUTATIONS,
                64,
                1 << 20,
                4096,
                1_000,
                10_000,
                3_000,
                3_000,
                30_000,
                3_000,
                256,
                256,
                DEFAULT_PIPELINE_MAX_QUEUED);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    /** Builder for tests and configuration files. */
    public static final class Builder {
        private int minReplicaCount;
        private int maxInFlightMutations;
        private int maxBatchWrites;
        private int maxBatchBytes;
        private int maxQueuedWrites;
        private long prepareTimeoutMillis;
        private long groupCheckIntervalMillis;
        private long groupCheckTimeoutMillis;
        private long proposalRetryMillis;
        private long learnTimeoutMillis;
        private long learnRetryMillis;
        private int mutationCacheSize;
        private int maxBufferedPrepares;
        private int pipelineMaxQueued;

        private Builder(ReplicaOptions o) {
            minReplicaCount = o.minReplicaCount;
            maxInFlightMutations = o.maxInFlightMutations;
            maxBatchWrites = o.maxBatchWrites;
            maxBatchBytes = o.maxBatchBytes;
            maxQueuedWrites = o.maxQueuedWrites;
            prepareTimeoutMillis = o.prepareTimeoutMillis;
            groupCheckIntervalMillis = o.groupCheckIntervalMillis;
            groupCheckTimeoutMillis = o.groupCheckTimeoutMillis;
            proposalRetryMillis = o.proposalRetryMillis;
            learnTimeoutMillis = o.learnTimeoutMillis;
            learnRetryMillis = o.learnRetryMillis;
            mutationCacheSize = o.mutationCacheSize;
            maxBufferedPrepares = o.maxBufferedPrepares;
            pipelineMaxQueued = o.pipelineMaxQueued;
        }

        public Builder minReplicaCount(int v) {
            minReplicaCount = v;
            return this;
        }

        public Builder maxInFlightMutations(int v) {
            maxInFlightMutations = v;
            return this;
        }

        public Builder maxBatchWrites(int v) {
            maxBatchWrites = v;
            return this;
        }

        public Builder maxBatchBytes(int v) {
            maxBatchBytes = v;
            return this;
        }

        public Builder maxQueuedWrites(int v) {
            maxQueuedWrites = v;
            return this;
        }

        public Builder prepareTimeoutMillis(long v) {
            prepareTimeoutMillis = v;
            return this;
        }

        public Builder groupCheckIntervalMillis(long v) {
            groupCheckIntervalMillis = v;
            return this;
        }

        public Builder groupCheckTimeoutMillis(long v) {
            groupCheckTimeoutMillis = v;
            return this;
        }

        public Builder proposalRetryMillis(long v) {
            proposalRetryMillis = v;
            return this;
        }

        public Builder learnRetryMillis(long v) {
            learnRetryMillis = v;
            return this;
        }

        public Builder learnTimeoutMillis(long v) {
            learnTimeoutMillis = v;
            return this;
        }

        public Builder mutationCacheSize(int v) {
            mutationCacheSize = v;
            return this;
        }

        public Builder maxBufferedPrepares(int v) {
            maxBufferedPrepares = v;
            return this;
        }

        public Builder pipelineMaxQueued(int v) {
            pipelineMaxQueued = v;
            return this;
        }

        public ReplicaOptions build() {
            return new ReplicaOptions(
                    minReplicaCount,
                    maxInFlightMutations,
                    maxBatchWrites,
                    maxBatchBytes,
                    maxQueuedWrites,
                    prepareTimeoutMillis,
                    groupCheckIntervalMillis,
                    groupCheckTimeoutMillis,
                    proposalRetryMillis,
                    learnTimeoutMillis,
                    learnRetryMillis,
                    mutationCacheSize,
                    maxBufferedPrepares,
                    pipelineMaxQueued);
        }
    }
}
