package io.pegasus.client;

/**
 * The result of one item of a batch operation: a value, or the exception that item failed with. A batch never fails
 * as a whole because of one item; each item is reported on its own.
 *
 * @param <T> the item's result type (for batchGet the value, null when the record does not exist; Void for writes)
 */
public final class BatchOutcome<T> {
    private final T value;
    private final PegasusException error;

    private BatchOutcome(T value, PegasusException error) {
        this.value = value;
        this.error = error;
    }

    public static <T> BatchOutcome<T> ok(T value) {
        return new BatchOutcome<>(value, null);
    }

    public static <T> BatchOutcome<T> failed(PegasusException error) {
        return new BatchOutcome<>(null, error);
    }

    public boolean isOk() {
        return error == null;
    }

    /** The item's value; null when it failed (and, for reads, when the record does not exist). */
    public T value() {
        return value;
    }

    /** The item's failure, or null when it succeeded. */
    public PegasusException error() {
        return error;
    }

    /** The value, or the item's exception thrown. */
    public T getOrThrow() throws PegasusException {
        if (error != null) {
            throw error;
        }
        return value;
    }

    @Override
    public String toString() {
        return error == null ? "ok(" + value + ")" : "failed(" + error.getMessage() + ")";
    }
}
