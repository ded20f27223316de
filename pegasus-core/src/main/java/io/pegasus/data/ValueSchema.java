package io.pegasus.data;

/**
 * The stored value formats (spec 5.7); all integers big-endian.
 *
 * <pre>
 * version 0: u32 expire_ts                        + user bytes   (legacy)
 * version 1: u32 expire_ts + u64 timetag          + user bytes   (what Apache Pegasus writes today; ours too)
 * version 2: u8 0x82 + u32 expire_ts + u64 timetag + user bytes  (self-describing)
 * </pre>
 *
 * Versions 0 and 1 are not self-describing: a partition records its data version beside the data. {@code timetag =
 * (timestamp_us << 8) | (cluster_id << 1) | deleted_flag} resolves conflicts between duplicated clusters
 * (last write wins).
 */
public final class ValueSchema {
    /** The version this implementation writes. */
    public static final int CURRENT_VERSION = 1;

    private final int version;
    private final int headerLength;

    private static final ValueSchema V0 = new ValueSchema(0, 4);
    private static final ValueSchema V1 = new ValueSchema(1, 12);
    private static final ValueSchema V2 = new ValueSchema(2, 13);

    private ValueSchema(int version, int headerLength) {
        this.version = version;
        this.headerLength = headerLength;
    }

    public static ValueSchema of(int version) {
        return switch (version) {
            case 0 -> V0;
            case 1 -> V1;
            case 2 -> V2;
            default -> throw new IllegalArgumentException("unknown value data version " + version);
        };
    }

    public static ValueSchema current() {
        return V1;
    }

    public int version() {
        return version;
    }

    public int headerLength() {
        return headerLength;
    }

    /** Builds a stored value from the user bytes (version 0 drops the timetag). */
    public byte[] encode(int expireTs, long timetag, byte[] user) {
        byte[] out = new byte[headerLength + user.length];
        int p = 0;
        if (version == 2) {
            out[p++] = (byte) (0x80 | 2);
        }
        putInt(out, p, expireTs);
        p += 4;
        if (version >= 1) {
            putLong(out, p, timetag);
        }
        System.arraycopy(user, 0, out, headerLength, user.length);
        return out;
    }

    /** The absolute expiry (Pegasus epoch seconds, unsigned; 0 = none) of a stored value. */
    public int expireTs(byte[] stored) {
        checkLength(stored);
        return getInt(stored, version == 2 ? 1 : 0);
    }

    /** The timetag of a stored value; 0 for version 0. */
    public long timetag(byte[] stored) {
        checkLength(stored);
        return version == 0 ? 0 : getLong(stored, version == 2 ? 5 : 4);
    }

    /** A copy of the user bytes of a stored value. */
    public byte[] userValue(byte[] stored) {
        checkLength(stored);
        byte[] out = new byte[stored.length - headerLength];
        System.arraycopy(stored, headerLength, out, 0, out.length);
        return out;
    }

    /** Length of the user bytes of a stored value. */
    public int userLength(byte[] stored) {
        checkLength(stored);
        return stored.length - headerLength;
    }

    /** A copy of {@code stored} with the expiry replaced (header layout unchanged). */
    public byte[] withExpireTs(byte[] stored, int expireTs) {
        checkLength(stored);
        byte[] out = stored.clone();
        putInt(out, version == 2 ? 1 : 0, expireTs);
        return out;
    }

    /** Builds a timetag from a microsecond timestamp, a 7-bit cluster id and the delete flag. */
    public static long timetag(long timestampMicros, int clusterId, boolean deleted) {
        return (timestampMicros << 8) | ((long) (clusterId & 0x7F) << 1) | (deleted ? 1 : 0);
    }

    private void checkLength(byte[] stored) {
        if (stored.length < headerLength) {
            throw new IllegalArgumentException("stored value of " + stored.length
                    + " bytes is shorter than the version " + version + " header (" + headerLength + " bytes)");
        }
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int p, long v) {
        putInt(b, p, (int) (v >>> 32));
        putInt(b, p + 4, (int) v);
    }

    private static int getInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static long getLong(byte[] b, int p) {
        return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xFFFFFFFFL);
    }
}
