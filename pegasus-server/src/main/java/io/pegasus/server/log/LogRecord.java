package io.pegasus.server.log;

import java.util.Arrays;

/**
 * One mutation as the log stores it: the (ballot, decree) that identifies it, the timestamp the primary gave it, and
 * the mutation itself as opaque bytes. The log never looks inside the payload.
 *
 * <p>The payload array is handed over, not copied: the caller must not change it after {@link MutationLog#append}, and
 * a reader must not change the array it gets back (it may be shared with other readers of the same call).
 */
public final class LogRecord {
    private final long ballot;
    private final long decree;
    private final long timestampMicros;
    private final byte[] payload;

    /**
     * @param ballot the ballot (configuration epoch) under which the mutation was prepared, {@code >= 0}
     * @param decree the mutation's sequence number in its partition, {@code >= 1}
     * @param timestampMicros the mutation's timestamp, microseconds since the Unix epoch (kept for duplication)
     * @param payload the encoded mutation
     */
    public LogRecord(long ballot, long decree, long timestampMicros, byte[] payload) {
        if (ballot < 0) {
            throw new IllegalArgumentException("ballot must be >= 0: " + ballot);
        }
        if (decree < 1) {
            throw new IllegalArgumentException("decree must be >= 1: " + decree);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        this.ballot = ballot;
        this.decree = decree;
        this.timestampMicros = timestampMicros;
        this.payload = payload;
    }

    public long ballot() {
        return ballot;
    }

    public long decree() {
        return decree;
    }

    public long timestampMicros() {
        return timestampMicros;
    }

    /** The encoded mutation; shared, not copied (see the class comment). */
    public byte[] payload() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogRecord r)) {
            return false;
        }
        return ballot == r.ballot
                && decree == r.decree
                && timestampMicros == r.timestampMicros
                && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(decree) * 31 + Long.hashCode(ballot);
    }

    @Override
    public String toString() {
        return "LogRecord{ballot=" + ballot + ", decree=" + decree + ", ts=" + timestampMicros + ", payload="
                + payload.length + " bytes}";
    }
}
