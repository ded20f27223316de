package io.pegasus.server.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reserved keys that hold a partition's own metadata next to its records, in the same RocksDB key space.
 *
 * <p>They all start with {@code FF FF}: a stored key whose 2-byte hash-key length is 0xFFFF is invalid (spec 5.1), so
 * every valid stored key sorts strictly below {@link #RESERVED_START}. Every read path caps its upper bound there and
 * rejects invalid keys, so no reserved key can ever reach a client.
 */
final class MetaKeys {
    /** The first reserved key, and the exclusive upper bound of all record keys. */
    static final byte[] RESERVED_START = {(byte) 0xFF, (byte) 0xFF};

    /** Value: {@link Applied} (16 bytes). Written in the same batch as the decree's records. */
    static final byte[] LAST_APPLIED = reserved("last_applied_decree");

    /** Value: 4-byte value data version (spec 5.7), written once when the partition is created. */
    static final byte[] DATA_VERSION = reserved("data_version");

    private MetaKeys() {}

    private static byte[] reserved(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[2 + n.length];
        k[0] = (byte) 0xFF;
        k[1] = (byte) 0xFF;
        System.arraycopy(n, 0, k, 2, n.length);
        return k;
    }

    /** The last applied decree and the (clamped) timestamp it was applied with. */
    record Applied(long decree, long timestampMicros) {
        static final Applied NONE = new Applied(0, 0);

        byte[] encode() {
            return ByteBuffer.allocate(16)
                    .putLong(decree)
                    .putLong(timestampMicros)
                    .array();
        }

        static Applied decode(byte[] v) {
            if (v == null) {
                return NONE;
            }
            if (v.length != 16) {
                throw new IllegalStateException("corrupt last-applied record of " + v.length + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            return new Applied(b.getLong(), b.getLong());
        }
    }

    static byte[] encodeInt(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static int decodeInt(byte[] v) {
        return ByteBuffer.wrap(v).getInt();
    }
}
