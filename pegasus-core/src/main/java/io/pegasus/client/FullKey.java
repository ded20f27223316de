package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.Arrays;

/**
 * A record's key: hash key and sort key. Null means empty. Arrays are not copied: do not change them while an
 * operation using them is in progress.
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden to compare the bytes
public record FullKey(byte[] hashKey, byte[] sortKey) {
    public static FullKey of(byte[] hashKey, byte[] sortKey) {
        return new FullKey(hashKey, sortKey);
    }

    /** UTF-8 convenience form. */
    public static FullKey of(String hashKey, String sortKey) {
        return new FullKey(Bytes.utf8(hashKey), Bytes.utf8(sortKey));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullKey k && Arrays.equals(hashKey, k.hashKey) && Arrays.equals(sortKey, k.sortKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hashKey) + Arrays.hashCode(sortKey);
    }

    @Override
    public String toString() {
        return "\"" + Bytes.escape(hashKey) + "\":\"" + Bytes.escape(sortKey) + "\"";
    }
}
