package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.Arrays;

/** A sort key and its value under some hash key: input of multiSet, output of multiGet. */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden to compare the bytes
public record SortKeyValue(byte[] sortKey, byte[] value) {
    public static SortKeyValue of(byte[] sortKey, byte[] value) {
        return new SortKeyValue(sortKey, value);
    }

    /** UTF-8 convenience form. */
    public static SortKeyValue of(String sortKey, String value) {
        return new SortKeyValue(Bytes.utf8(sortKey), Bytes.utf8(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SortKeyValue s && Arrays.equals(sortKey, s.sortKey) && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sortKey) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "\"" + Bytes.escape(sortKey) + "\"=\"" + Bytes.escape(value) + "\"";
    }
}
