package io.pegasus.client;

import io.pegasus.data.Bytes;

/** One record returned by a scanner; {@code value} is empty when the scan was opened with no-value. */
@SuppressWarnings("ArrayRecordComponent") // a result holder; callers compare the bytes themselves
public record ScanRecord(byte[] hashKey, byte[] sortKey, byte[] value) {
    @Override
    public String toString() {
        return "\"" + Bytes.escape(hashKey) + "\":\"" + Bytes.escape(sortKey) + "\"=\"" + Bytes.escape(value) + "\"";
    }
}
