package io.pegasus.data;

/**
 * The CRC-64 used for partitioning (spec 5.4) and the partition index derived from it (5.5).
 *
 * <p>Bit-reflected, polynomial 0x9A6C9329AC4BC9B5 (reflected form), initial register and final XOR all ones. It is not
 * CRC-64/ECMA, /XZ or /Jones. The index is the hash taken modulo the partition count as an <em>unsigned</em> number;
 * a signed {@code %} gives wrong answers for hashes with the top bit set.
 */
public final class PartitionHash {
    private static final long POLY_REFLECTED = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private PartitionHash() {}

    public static long crc64(byte[] data) {
        return crc64(data, 0, data.length);
    }

    public static long crc64(byte[] data, int offset, int length) {
        long crc = -1L;
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    /** Table entry {@code i}, exposed for the spec's cross-check vectors. */
    static long tableEntry(int i) {
        return TABLE[i];
    }

    /** Hash of a stored key for single-key RPCs: the hash key, or the sort key when the hash key is empty. */
    public static long ofStoredKey(byte[] storedKey) {
        if (!StoredKey.isValid(storedKey)) {
            throw new IllegalArgumentException("malformed stored key: " + Bytes.escape(storedKey));
        }
        int hkLen = ((storedKey[0] & 0xFF) << 8) | (storedKey[1] & 0xFF);
        return hkLen > 0 ? crc64(storedKey, 2, hkLen) : crc64(storedKey, 2, storedKey.length - 2);
    }

    /** Hash of a (hash key, sort key) pair for single-key RPCs. */
    public static long of(byte[] hashKey, byte[] sortKey) {
        byte[] hk = hashKey == null ? Bytes.EMPTY : hashKey;
        return hk.length > 0 ? crc64(hk) : crc64(sortKey == null ? Bytes.EMPTY : sortKey);
    }

    /** {@code hash mod partitionCount}, with the hash read as an unsigned 64-bit number. */
    public static int partitionIndex(long hash, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partition count must be positive: " + partitionCount);
        }
        return (int) Long.remainderUnsigned(hash, partitionCount);
    }
}
