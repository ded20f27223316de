package io.pegasus.server.replica;

import io.pegasus.server.config.Settings;
import io.pegasus.server.log.FlushPolicy;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code replica.} keys of the shared configuration file (docs/configuration.md), read into
 * {@link ReplicaServerOptions}. An unknown {@code replica.} key is an error, so a typo never falls back to a default.
 */
final class ReplicaServerConfig {
    static final String HOST = "replica.host";
    static final String PORT = "replica.port";
    static final String DATA_DIR = "replica.data_dir";
    static final String IO_THREADS = "replica.io_threads";
    static final String PEER_IO_THREADS = "replica.peer_io_threads";
    static final String REPLICA_THREADS = "replica.replica_threads";
    static final String READ_THREADS = "replica.read_threads";
    static final String LOG_THREADS = "replica.log_threads";
    static final String LOG_JOURNAL = "replica.log_journal";
    static final String DEFER_SECONDARY_APPLIES = "replica.defer_secondary_applies";
    static final String JOURNAL_WRITES_AFTER_ROUND = "replica.journal_writes_after_round";
    static final String MAX_WRITE_BODY_BYTES = "replica.max_write_body_bytes";
    static final String DISK_RESERVE_MB = "replica.disk_reserve_mb";
    static final String LOG_FLUSH_POLICY = "replica.log_flush_policy";
    static final String LOG_SEGMENT_BYTES = "replica.log_segment_bytes";
    static final String LOG_SYNC_INTERVAL_MS = "replica.log_sync_interval_ms";
    static final String LOG_INLINE_WRITES = "replica.log_inline_writes";
    static final String LOG_BUFFER_BYTES = "replica.log_buffer_bytes";
    static final String LOG_GC_INTERVAL_MS = "replica.log_gc_interval_ms";
    static final String BLOCK_CACHE_BYTES = "replica.block_cache_bytes";
    static final String WRITE_BUFFER_LIMIT_BYTES = "replica.write_buffer_limit_bytes";
    static final String WRITE_BUFFER_BYTES = "replica.write_buffer_bytes";
    static final String MIN_REPLICA_COUNT = "replica.min_replica_count";
    static final String MAX_IN_FLIGHT_MUTATIONS = "replica.max_in_flight_mutations";
    static final String MAX_BATCH_WRITES = "replica.max_batch_writes";
    static final String MAX_QUEUED_WRITES = "replica.max_queued_writes";
    static final String PIPELINE_MAX_QUEUED_WRITES = "replica.pipeline_max_queued_writes";
    static final String PREPARE_TIMEOUT_MS = "replica.prepare_timeout_ms";
    static final String GROUP_CHECK_INTERVAL_MS = "replica.group_check_interval_ms";
    static final String GROUP_CHECK_TIMEOUT_MS = "replica.group_check_timeout_ms";
    static final String LEARN_TIMEOUT_MS = "replica.learn_timeout_ms";
    static final String LEARN_RETRY_MS = "replica.learn_retry_ms";

    private static final Set<String> KNOWN = Set.of(
            HOST,
            PORT,
            DATA_DIR,
            IO_THREADS,
            PEER_IO_THREADS,
            REPLICA_THREADS,
            LOG_THREADS,
            LOG_JOURNAL,
            DEFER_SECONDARY_APPLIES,
            JOURNAL_WRITES_AFTER_ROUND,
            READ_THREADS,
            MAX_WRITE_BODY_BYTES,
            DISK_RESERVE_MB,
            LOG_FLUSH_POLICY,
            LOG_SEGMENT_BYTES,
            LOG_SYNC_INTERVAL_MS,
            LOG_INLINE_WRITES,
            LOG_BUFFER_BYTES,
            LOG_GC_INTERVAL_MS,
            BLOCK_CACHE_BYTES,
            WRITE_BUFFER_LIMIT_BYTES,
            WRITE_BUFFER_BYTES,
            MIN_REPLICA_COUNT,
            MAX_IN_FLIGHT_MUTATIONS,
            MAX_BATCH_WRITES,
            MAX_QUEUED_WRITES,
            PIPELINE_MAX_QUEUED_WRITES,
            PREPARE_TIMEOUT_MS,
            GROUP_CHECK_INTERVAL_MS,
            GROUP_CHECK_TIMEOUT_MS,
            LEARN_TIMEOUT_MS);

    private ReplicaServerConfig() {}

    /** The key's value, or {@code fallback} when absent; a negative value is refused with what 0 means. */
    private static int nonNegative(Settings s, String key, int fallback, String zeroMeans) {
        int v = s.intValue(key, fallback);
        if (v < 0) {
            throw new IllegalArgumentException(
                    key + " must be 0 (" + zeroMeans + ") or more, not " + s.string(key, ""));
        }
        return v;
    }

    static ReplicaServerOptions fromMap(Map<String, String> values) {
        Settings s = new Settings(values);
        Set<String> unknown = s.unknownKeys(Set.of("replica."), KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown configuration keys " + unknown + " (see docs/configuration.md)");
        }
        if (!s.has(DATA_DIR)) {
            throw new IllegalArgumentException(DATA_DIR + " is required");
        }
        int logThreads =
                nonNegative(s, LOG_THREADS, ReplicaServerOptions.DEFAULT_LOG_THREADS, "a thread per partition log");
        int peerIoThreads = nonNegative(s, PEER_IO_THREADS, 0, "the node's network threads");
        ReplicaOptions r = ReplicaOptions.defaults();
        int pipelineMaxQueued = nonNegative(
                s, PIPELINE_MAX_QUEUED_WRITES, r.pipelineMaxQueued(), "no second decree in flight while a write waits");
        ReplicaOptions replica = r.toBuilder()
                .minReplicaCount(s.intValue(MIN_REPLICA_COUNT, r.minReplicaCount()))
                .maxInFlightMutations(s.intValue(MAX_IN_FLIGHT_MUTATIONS, r.maxInFlightMutations()))
                .maxBatchWrites(s.intValue(MAX_BATCH_WRITES, r.maxBatchWrites()))
                .maxQueuedWrites(s.intValue(MAX_QUEUED_WRITES, r.maxQueuedWrites()))
                .pipelineMaxQueued(pipelineMaxQueued)
                .prepareTimeoutMillis(s.longValue(PREPARE_TIMEOUT_MS, r.prepareTimeoutMillis()))
                .groupCheckIntervalMillis(s.longValue(GROUP_CHECK_INTERVAL_MS, r.groupCheckIntervalMillis()))
                .groupCheckTimeoutMillis(s.longValue(GROUP_CHECK_TIMEOUT_MS, r.groupCheckTimeoutMillis()))
                .learnTimeoutMillis(s.longValue(LEARN_TIMEOUT_MS, r.learnTimeoutMillis()))
                .learnRetryMillis(s.longValue(LEARN_RETRY_MS, r.learnRetryMillis()))
                .build();
        LogOptions log = LogOptions.builder()
                .flushPolicy(FlushPolicy.valueOf(
                        s.string(LOG_FLUSH_POLICY, ReplicaServerOptions.DEFAULT_FLUSH_POLICY.name())))
                .segmentBytes(s.longValue(LOG_SEGMENT_BYTES, LogOptions.DEFAULT_SEGMENT_BYTES))
                .syncIntervalMillis(s.longValue(LOG_SYNC_INTERVAL_MS, LogOptions.DEFAULT_SYNC_INTERVAL_MILLIS))
                .inlineWrites(s.booleanValue(LOG_INLINE_WRITES, LogOptions.DEFAULT_INLINE_WRITES))
                .journaledBufferBytes(nonNegative(
                        s, LOG_BUFFER_BYTES, ReplicaServerOptions.DEFAULT_LOG_BUFFER_BYTES, "each batch at once"))
                .gcIntervalMillis(s.longValue(LOG_GC_INTERVAL_MS, LogOptions.DEFAULT_GC_INTERVAL_MILLIS))
                .build();
        StorageConfig.Builder storage = StorageConfig.builder().walEnabled(false);
        if (s.has(BLOCK_CACHE_BYTES)) {
            storage.blockCacheBytes(s.longValue(BLOCK_CACHE_BYTES, 0));
        }
        if (s.has(WRITE_BUFFER_LIMIT_BYTES)) {
            storage.writeBufferLimitBytes(s.longValue(WRITE_BUFFER_LIMIT_BYTES, 0));
        }
        if (s.has(WRITE_BUFFER_BYTES)) {
            storage.writeBufferBytes(s.longValue(WRITE_BUFFER_BYTES, 0));
        }
        return new ReplicaServerOptions(
                s.string(HOST, "127.0.0.1"),
                s.intValue(PORT, 34801),
                Path.of(s.string(DATA_DIR, "")),
                s.intValue(IO_THREADS, 2),
                peerIoThreads,
                s.intValue(REPLICA_THREADS, 0),
                s.intValue(READ_THREADS, 2),
                logThreads,
                s.booleanValue(LOG_JOURNAL, ReplicaServerOptions.DEFAULT_LOG_JOURNAL),
                s.booleanValue(DEFER_SECONDARY_APPLIES, ReplicaServerOptions.DEFAULT_DEFER_SECONDARY_APPLIES),
                s.booleanValue(JOURNAL_WRITES_AFTER_ROUND, ReplicaServerOptions.DEFAULT_JOURNAL_WRITES_AFTER_ROUND),
                s.intValue(MAX_WRITE_BODY_BYTES, 1 << 20),
                s.longValue(DISK_RESERVE_MB, ReplicaServerOptions.DEFAULT_DISK_RESERVE_BYTES >> 20) << 20,
                storage.build(),
                log,
                replica);
    }
}
