package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.Arrays;

/** One record to write in {@code batchSet}: key, value and TTL in seconds (0 = no TTL). */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden to compare the bytes
public record SetItem(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
    public static SetItem of(byte[] hashKey, byte[] sortKey, byte[] value) {
        return new SetItem(hashKey, sortKey, value, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetItem s
                && ttlSeconds == s.ttlSeconds
                && Arrays.equals(hashKey, s.hashKey)
                && Arrays.equals(sortKey, s.sortKey)
                && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashKey) * 961 + Arrays.hashCode(sortKey) * 31 + Arrays.hashCode(value) + ttlSeconds;
    }

    @Override
    public String toString() {
        return "\"" + Bytes.escape(hashKey) + "\":\"" + Bytes.escape(sortKey) + "\"=\"" + Bytes.escape(value)
                + "\" ttl " + ttlSeconds;
    }
}
