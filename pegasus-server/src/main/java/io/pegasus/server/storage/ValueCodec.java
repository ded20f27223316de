package io.pegasus.server.storage;

import io.pegasus.data.PegasusTime;
import io.pegasus.data.ValueSchema;
import java.util.Arrays;

/**
 * Stored values of one partition: the user bytes behind the header of the partition's value data version (spec 5.7),
 * and the expiry rule of 5.6 ({@code expire_ts != 0 && expire_ts <= now}, unsigned). A value shorter than its header
 * is corruption and surfaces as {@link CorruptValueException}.
 */
final class ValueCodec {
    private final ValueSchema schema;
    private final int headerLength;

    ValueCodec(ValueSchema schema) {
        this.schema = schema;
        this.headerLength = schema.headerLength();
    }

    int version() {
        return schema.version();
    }

    byte[] encode(int expireTs, long timetag, byte[] user) {
        return schema.encode(expireTs, timetag, user);
    }

    int expireTs(byte[] stored) {
        check(stored);
        return schema.expireTs(stored);
    }

    /** True if the stored value exists and is not expired at {@code nowSeconds} (Pegasus epoch). */
    boolean isLive(byte[] stored, int nowSeconds) {
        return stored != null && !PegasusTime.isExpired(expireTs(stored), nowSeconds);
    }

    byte[] user(byte[] stored) {
        check(stored);
        byte[] out = new byte[stored.length - headerLength];
        System.arraycopy(stored, headerLength, out, 0, out.length);
        return out;
    }

    int userLength(byte[] stored) {
        check(stored);
        return stored.length - headerLength;
    }

    // The same for a stored value held in buf[0, length) of a larger reused buffer (RangeIterator.loadValue). The
    // header sits at the start, so the schema reads it from buf as from an exact array once the length is checked.

    int expireTs(byte[] buf, int length) {
        check(length);
        return schema.expireTs(buf);
    }

    boolean isLive(byte[] buf, int length, int nowSeconds) {
        return !PegasusTime.isExpired(expireTs(buf, length), nowSeconds);
    }

    byte[] user(byte[] buf, int length) {
        check(length);
        return Arrays.copyOfRange(buf, headerLength, length);
    }

    private void check(byte[] stored) {
        check(stored.length);
    }

    private void check(int length) {
        if (length < headerLength) {
            throw new CorruptValueException(length, schema.version());
        }
    }

    /** A stored value too short for its header. */
    static final class CorruptValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptValueException(int length, int version) {
            super("stored value of " + length + " bytes is shorter than the version " + version + " header");
        }
    }
}
