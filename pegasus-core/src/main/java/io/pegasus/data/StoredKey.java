package io.pegasus.data;

/**
 * The stored key layout (spec 5.1): {@code u16_be(len(hash_key)) || hash_key || sort_key}.
 *
 * <p>Stored keys order as unsigned bytes, a proper prefix first (5.2), so records group by hash-key length, then hash
 * key, then sort key. Every range operation (multi_get, scans, sortkey_count) relies on that order.
 */
public final class StoredKey {
    /** Hash keys must be shorter than this; 0xFFFF is never a valid length. */
    public static final int MAX_HASH_KEY_LENGTH = 0xFFFF - 1;

    private StoredKey() {}

    /** Encodes hash key and sort key; null means empty. Throws if the hash key is 65535 bytes or longer. */
    public static byte[] encode(byte[] hashKey, byte[] sortKey) {
        byte[] hk = hashKey == null ? Bytes.EMPTY : hashKey;
        byte[] sk = sortKey == null ? Bytes.EMPTY : sortKey;
        if (hk.length > MAX_HASH_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "hash key length " + hk.length + " exceeds the maximum " + MAX_HASH_KEY_LENGTH);
        }
        byte[] key = new byte[2 + hk.length + sk.length];
        key[0] = (byte) (hk.length >>> 8);
        key[1] = (byte) hk.length;
        System.arraycopy(hk, 0, key, 2, hk.length);
        System.arraycopy(sk, 0, key, 2 + hk.length, sk.length);
        return key;
    }

    /** True if {@code key} is a well-formed stored key: at least 2 bytes, length prefix within bounds. */
    public static boolean isValid(byte[] key) {
        if (key == null || key.length < 2) {
            return false;
        }
        int len = hashKeyLength(key);
        return len != 0xFFFF && 2 + len <= key.length;
    }

    private static int hashKeyLength(byte[] key) {
        return ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    }

    private static void check(byte[] key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("malformed stored key: " + (key == null ? "null" : Bytes.escape(key)));
        }
    }

    public static byte[] hashKey(byte[] key) {
        check(key);
        int len = hashKeyLength(key);
        byte[] hk = new byte[len];
        System.arraycopy(key, 2, hk, 0, len);
        return hk;
    }

    public static byte[] sortKey(byte[] key) {
        check(key);
        int start = 2 + hashKeyLength(key);
        byte[] sk = new byte[key.length - start];
        System.arraycopy(key, start, sk, 0, sk.length);
        return sk;
    }

    /** Offset of the sort key within a valid stored key. */
    public static int sortKeyOffset(byte[] key) {
        check(key);
        return 2 + hashKeyLength(key);
    }

    /**
     * The smallest key greater than every stored key with this hash key (5.3): the last byte of {@code u16(len) ||
     * hash_key} that is not 0xFF, plus one, with everything after it dropped.
     */
    public static byte[] successor(byte[] hashKey) {
        return successorOf(encode(hashKey, null));
    }

    /** The smallest key greater than every stored key under {@code hashKey} whose sort key starts with {@code prefix}. */
    public static byte[] successor(byte[] hashKey, byte[] sortKeyPrefix) {
        return successorOf(encode(hashKey, sortKeyPrefix));
    }

    /**
     * The smallest byte string greater than every string that starts with {@code prefix}, or an empty array when none
     * exists (all bytes 0xFF), meaning "no upper bound".
     */
    public static byte[] successorOf(byte[] prefix) {
        int i = prefix.length - 1;
        while (i >= 0 && prefix[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            return Bytes.EMPTY;
        }
        byte[] out = new byte[i + 1];
        System.arraycopy(prefix, 0, out, 0, i + 1);
        out[i]++;
        return out;
    }

    /** The bytes hashed for routing a single-key request (5.5): the hash key, or the sort key when it is empty. */
    public static byte[] routingBytes(byte[] key) {
        check(key);
        int len = hashKeyLength(key);
        return len > 0 ? hashKey(key) : sortKey(key);
    }
}
