package io.pegasus.server.storage;

/**
 * A storage failure that a response code cannot express: a failed write batch, open, flush or checkpoint. When thrown
 * by {@link PartitionStore#apply} nothing of that decree was written (the batch is atomic) and
 * {@link PartitionStore#lastAppliedDecree()} is unchanged; the replica layer should treat the replica as failed.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
