package io.pegasus.server.storage;

import io.pegasus.data.PartitionHash;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.key_value;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * One open scan of a partition (spec 4.13-4.14): a positioned iterator over a point-in-time view plus the request's
 * filters and options. Used by one call at a time: the registry hands it out by removing it, so no two threads ever
 * touch the native iterator together. Owns the iterator: closing the context releases it.
 */
final class ScanContext implements AutoCloseable {
    /** How a batch ended. */
    enum Outcome {
        /** The range end was reached: the scan is finished. */
        END,
        /** A count limit was hit with keys left: the scan continues with a new context id. */
        MORE,
        /** The time budget ran out: error 7, the scan is abandoned. */
        TIME
    }

    /** Options of the scan, fixed at GET_SCANNER. */
    record Spec(
            int batchSize,
            boolean noValue,
            int hashKeyFilterType,
            byte[] hashKeyFilterPattern,
            int sortKeyFilterType,
            byte[] sortKeyFilterPattern,
            boolean returnExpireTs,
            boolean onlyReturnCount,
            PartitionId validateAgainst) {}

    private final RangeIterator it;
    private final Spec spec;
    private final ValueCodec codec;
    private long lastUsedMillis;

    ScanContext(RangeIterator it, Spec spec, ValueCodec codec, long nowMillis) {
        this.it = it;
        this.spec = spec;
        this.codec = codec;
        this.lastUsedMillis = nowMillis;
    }

    Spec spec() {
        return spec;
    }

    long lastUsedMillis() {
        return lastUsedMillis;
    }

    void touch(long nowMillis) {
        this.lastUsedMillis = nowMillis;
    }

    void start() {
        it.seekToStart();
    }

    /**
     * Examines records from the current position: appends (or only counts) the live ones that pass validation and
     * the filters, and stops after {@code maxAppend} appended or {@code maxExamine} examined records, at the range
     * end, or when the deadline passes. Returns the number of records that passed (appended or counted).
     */
    int fill(List<key_value> out, int maxAppend, int maxExamine, int nowSeconds, Deadline deadline, Outcome[] outcome)
            throws RocksDBException {
        int passed = 0;
        int examined = 0;
        while (it.isValid()) {
            if (deadline.exceeded()) {
                outcome[0] = Outcome.TIME;
                return passed;
            }
            byte[] key = it.key();
            int length = it.loadValue();
            byte[] v = it.loadedValue();
            examined++;
            if (passes(key, v, length, nowSeconds)) {
                passed++;
                if (!spec.onlyReturnCount) {
                    out.add(record(key, v, length));
                }
            }
            it.advance();
            if (passed >= maxAppend || examined >= maxExamine) {
                outcome[0] = it.isValid() ? Outcome.MORE : Outcome.END;
                it.checkStatus();
                return passed;
            }
        }
        it.checkStatus();
        outcome[0] = Outcome.END;
        return passed;
    }

    private boolean passes(byte[] key, byte[] v, int length, int nowSeconds) {
        if (!codec.isLive(v, length, nowSeconds)) {
            return false;
        }
        int skOffset = 2 + (((key[0] & 0xFF) << 8) | (key[1] & 0xFF));
        if (!SortKeyFilter.matches(spec.hashKeyFilterType, spec.hashKeyFilterPattern, key, 2, skOffset)
                || !SortKeyFilter.matches(
                        spec.sortKeyFilterType, spec.sortKeyFilterPattern, key, skOffset, key.length)) {
            return false;
        }
        PartitionId p = spec.validateAgainst;
        // hash AND (count - 1), as Apache Pegasus validates around partition split (spec 4.13)
        return p == null || (PartitionHash.ofStoredKey(key) & (p.partitionCount() - 1)) == p.partitionIndex();
    }

    private key_value record(byte[] key, byte[] v, int length) {
        key_value kv = new key_value(
                new blob(key), new blob(spec.noValue ? io.pegasus.data.Bytes.EMPTY : codec.user(v, length)));
        if (spec.returnExpireTs) {
            kv.setExpire_ts_seconds(codec.expireTs(v, length));
        }
        return kv;
    }

    @Override
    public void close() {
        it.close();
    }
}
