package io.pegasus.server.log;

/**
 * When an append counts as done. Whatever the policy, a segment is fsynced before the next one is created, and the
 * last segment is fsynced when the log is opened and closed. docs/mutation-log.md works out what a simultaneous power
 * loss of all three replicas can lose under each setting.
 */
public enum FlushPolicy {
    /**
     * Group commit: a batch of concurrent appends is written with one write and made durable with one fdatasync before
     * any of them completes. An acknowledged mutation survives a power loss. The default.
     */
    FSYNC_EACH_BATCH,

    /**
     * A batch completes once it is written to the operating system; a background fdatasync runs at most {@link
     * LogOptions#syncIntervalMillis()} after a write. A process crash loses nothing; a power loss can lose the
     * mutations written in the last interval (plus the time one fdatasync takes).
     */
    WRITE_EACH_BATCH,

    /**
     * A batch completes once written to the operating system and is never fsynced until its segment is sealed or the
     * log closed: a power loss can lose up to a whole segment, bounded in practice by the kernel's dirty-page
     * writeback (about 30 s on Linux defaults). For benchmarks and throw-away clusters.
     */
    NONE
}
