package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.Arrays;
import java.util.List;

/** The records of one hash key: input of {@code batchMultiSet}. */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden to compare the bytes
public record HashKeyData(byte[] hashKey, List<SortKeyValue> values) {
    @Override
    public boolean equals(Object o) {
        return o instanceof HashKeyData h && Arrays.equals(hashKey, h.hashKey) && values.equals(h.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hashKey) + values.hashCode();
    }

    @Override
    public String toString() {
        return "\"" + Bytes.escape(hashKey) + "\"" + values;
    }
}
