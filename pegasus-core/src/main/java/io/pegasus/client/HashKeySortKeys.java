package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.Arrays;
import java.util.List;

/**
 * A hash key and some of its sort keys: input of {@code batchMultiGet} (an empty list there means every sort key)
 * and {@code batchMultiDel}.
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden to compare the bytes
public record HashKeySortKeys(byte[] hashKey, List<byte[]> sortKeys) {
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HashKeySortKeys h)
                || !Arrays.equals(hashKey, h.hashKey)
                || sortKeys.size() != h.sortKeys.size()) {
            return false;
        }
        for (int i = 0; i < sortKeys.size(); i++) {
            if (!Arrays.equals(sortKeys.get(i), h.sortKeys.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(hashKey);
        for (byte[] s : sortKeys) {
            h = 31 * h + Arrays.hashCode(s);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("\"").append(Bytes.escape(hashKey)).append("\"[");
        for (int i = 0; i < sortKeys.size(); i++) {
            sb.append(i == 0 ? "\"" : ", \"")
                    .append(Bytes.escape(sortKeys.get(i)))
                    .append('"');
        }
        return sb.append(']').toString();
    }
}
