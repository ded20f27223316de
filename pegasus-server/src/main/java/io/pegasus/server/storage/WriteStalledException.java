package io.pegasus.server.storage;

/**
 * RocksDB would have held a write back (its write stall) and the caller asked not to wait: nothing of the decree was
 * written and {@link PartitionStore#lastAppliedDecree()} is unchanged. Retry with {@link PartitionStore#apply}, which
 * waits, from a thread that may sleep.
 */
public final class WriteStalledException extends Exception {
    private static final long serialVersionUID = 1L;

    public WriteStalledException(String message) {
        super(message);
    }
}
