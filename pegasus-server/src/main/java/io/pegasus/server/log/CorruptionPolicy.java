package io.pegasus.server.log;

/**
 * What {@link MutationLog#open} does with damage that cannot be explained by a crash: bad bytes in a sealed segment
 * (sealed segments were fsynced before the next one was created), or bad bytes in the last segment that had already
 * been fsynced (a later valid record says so, see {@code syncedOffset} in docs/mutation-log.md).
 *
 * <p>A torn tail, which a crash does explain, is always truncated at the last valid record and reported, under either
 * policy.
 */
public enum CorruptionPolicy {
    /**
     * Refuse to open: throw {@link LogCorruptionException} naming the file and offset. Nothing is dropped; the replica
     * goes to its error state and is rebuilt by learning, or an operator reopens with {@link #TRUNCATE}. The default.
     */
    FAIL,

    /**
     * Keep the longest valid prefix of the log: cut the damaged segment at the first bad record, delete every later
     * segment, and report all of it at ERROR level in {@link OpenReport#repairs()}. The replica then has a shorter log,
     * as if it had crashed earlier, and catches up by learning.
     */
    TRUNCATE
}
