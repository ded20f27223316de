package io.pegasus.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * Wraps one YCSB binding and reports each operation's latency to the run's {@link RunStats}. Used instead of YCSB's
 * own DBWrapper because the table needs one latency distribution over all operations of a workload (reads and
 * updates together), and YCSB's measurements are per operation type and global to the JVM.
 */
final class TimedDB extends DB {
    private final DB inner;
    private final RunStats stats;

    TimedDB(DB inner, RunStats stats) {
        this.inner = inner;
        this.stats = stats;
    }

    @Override
    public void init() throws DBException {
        inner.setProperties(getProperties());
        inner.init();
    }

    @Override
    public void cleanup() throws DBException {
        inner.cleanup();
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        long start = System.nanoTime();
        return stats.record(inner.read(table, key, fields, result), start);
    }

    @Override
    public Status scan(
            String table,
            String startKey,
            int count,
            Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        long start = System.nanoTime();
        return stats.record(inner.scan(table, startKey, count, fields, result), start);
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        long start = System.nanoTime();
        return stats.record(inner.update(table, key, values), start);
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        long start = System.nanoTime();
        return stats.record(inner.insert(table, key, values), start);
    }

    @Override
    public Status delete(String table, String key) {
        long start = System.nanoTime();
        return stats.record(inner.delete(table, key), start);
    }
}
