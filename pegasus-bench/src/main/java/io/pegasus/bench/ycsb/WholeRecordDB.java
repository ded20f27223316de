package io.pegasus.bench.ycsb;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;

/**
 * What the bench's bindings share: each stores a YCSB record as one value ({@link RecordCodec}), so an update writes
 * the whole record (exact for the bench's one-field records), and none of them scans (workloads A, B, C and the
 * write-only load do not; hash keys are not ordered across Pegasus partitions anyway).
 */
abstract class WholeRecordDB extends DB {
    @Override
    public final Status scan(
            String tableName,
            String startKey,
            int recordCount,
            Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        return Status.NOT_IMPLEMENTED;
    }

    /** Writes the given fields as the whole record: exact for the bench's one-field records. */
    @Override
    public final Status update(String tableName, String key, Map<String, ByteIterator> values) {
        return insert(tableName, key, values);
    }
}
