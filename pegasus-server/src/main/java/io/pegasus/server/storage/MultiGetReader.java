package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_get_response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * multi_get (spec 4.9): point mode (listed sort keys, in request order) and range mode (a sort-key range of one hash
 * key, forward or reverse, with a sort-key filter). Returned keys are sort keys; results are ascending in range mode,
 * also when reverse selected them from the end.
 */
final class MultiGetReader {
    private final StoreContext ctx;

    MultiGetReader(StoreContext ctx) {
        this.ctx = ctx;
    }

    multi_get_response multiGet(multi_get_request req) {
        multi_get_response r =
                new multi_get_response(StatusCode.OK, new ArrayList<>(), ctx.id.appId(), ctx.id.partitionIndex(), "");
        byte[] hk = blob.bytesOf(req.getHash_key());
        if (!SortKeyFilter.isValidType(req.getSort_key_filter_type()) || hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        try {
            boolean pointMode =
                    req.getSort_keys() != null && !req.getSort_keys().isEmpty();
            return r.setError(pointMode ? pointRead(req, hk, r.getKvs()) : rangeRead(req, hk, r.getKvs()));
        } catch (RocksDBException e) {
            return r.setError(StatusCodes.of(e)).setKvs(new ArrayList<>());
        } catch (ValueCodec.CorruptValueException e) {
            return r.setError(StatusCode.CORRUPTION).setKvs(new ArrayList<>());
        }
    }

    /**
     * Point mode: every listed key looked up in order, a key listed twice looked up twice. Before adding a found record
     * the limits are checked; hitting one with records still to add gives Incomplete (7).
     */
    private int pointRead(multi_get_request req, byte[] hk, List<key_value> out) throws RocksDBException {
        List<blob> sortKeys = req.getSort_keys();
        int countLimit = capped(req.getMax_kv_count(), ctx.limits.multiGetMaxRecords());
        long sizeLimit = req.getMax_kv_size() > 0 ? req.getMax_kv_size() : Long.MAX_VALUE;
        List<byte[]> keys = new ArrayList<>(sortKeys.size());
        for (blob sk : sortKeys) {
            keys.add(StoredKey.encode(hk, blob.bytesOf(sk)));
        }
        List<byte[]> values = ctx.db.multiGetAsList(ctx.pointRead, keys);
        int now = ctx.nowSeconds();
        long bytes = 0;
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            if (!ctx.codec.isLive(v, now)) {
                continue;
            }
            if (out.size() >= countLimit || bytes >= sizeLimit) {
                return StatusCode.INCOMPLETE;
            }
            byte[] sk = blob.bytesOf(sortKeys.get(i));
            byte[] value = req.isNo_value() ? io.pegasus.data.Bytes.EMPTY : ctx.codec.user(v);
            out.add(new key_value(new blob(sk), new blob(value)));
            bytes += sk.length + value.length;
        }
        return StatusCode.OK;
    }

    /** Range mode, steps 1-6 of spec 4.9. */
    private int rangeRead(multi_get_request req, byte[] hk, List<key_value> out) throws RocksDBException {
        KeyBounds bounds = rangeOf(req, hk);
        if (bounds.isEmpty()) {
            return StatusCode.OK;
        }
        int maxRecords = ctx.limits.multiGetMaxRecords();
        int countLimit = capped(req.getMax_kv_count(), maxRecords);
        long sizeLimit = Math.min(
                req.getMax_kv_size() > 0 ? req.getMax_kv_size() : Long.MAX_VALUE, ctx.limits.multiGetMaxBytes());
        int filterType = req.getSort_key_filter_type();
        byte[] pattern = blob.bytesOf(req.getSort_key_filter_pattern());
        int skOffset = 2 + hk.length;
        boolean noValue = req.isNo_value();
        Deadline deadline = ctx.deadline();
        int now = ctx.nowSeconds();
        int status = StatusCode.OK;
        try (RangeIterator it = ctx.openRange(bounds, req.isReverse(), true)) {
            int examined = 0;
            long bytes = 0;
            for (it.seekToStart(); it.isValid(); ) {
                if (deadline.exceeded()) {
                    status = StatusCode.INCOMPLETE;
                    break;
                }
                byte[] key = it.key();
                int length = it.loadValue();
                byte[] v = it.loadedValue();
                examined++;
                if (ctx.codec.isLive(v, length, now)
                        && SortKeyFilter.matches(filterType, pattern, key, skOffset, key.length)) {
                    byte[] sk = java.util.Arrays.copyOfRange(key, skOffset, key.length);
                    byte[] value = noValue ? io.pegasus.data.Bytes.EMPTY : ctx.codec.user(v, length);
                    out.add(new key_value(new blob(sk), new blob(value)));
                    bytes += sk.length + value.length;
                }
                it.advance();
                if (out.size() >= countLimit || bytes >= sizeLimit || examined >= maxRecords) {
                    // Incomplete only if the range really has more keys (stopping on its last key is complete)
                    status = it.isValid() ? StatusCode.INCOMPLETE : StatusCode.OK;
                    break;
                }
            }
            it.checkStatus();
        }
        if (req.isReverse()) {
            Collections.reverse(out);
        }
        return status;
    }

    /** Steps 1 and 2: the range of stored keys, narrowed by a PREFIX filter with a non-empty pattern. */
    private static KeyBounds rangeOf(multi_get_request req, byte[] hk) {
        byte[] start = StoredKey.encode(hk, blob.bytesOf(req.getStart_sortkey()));
        byte[] stopSk = blob.bytesOf(req.getStop_sortkey());
        KeyBounds bounds = stopSk.length == 0
                ? KeyBounds.of(start, req.isStart_inclusive(), StoredKey.successor(hk), false)
                : KeyBounds.of(start, req.isStart_inclusive(), StoredKey.encode(hk, stopSk), req.isStop_inclusive());
        byte[] pattern = blob.bytesOf(req.getSort_key_filter_pattern());
        if (req.getSort_key_filter_type() == SortKeyFilter.MATCH_PREFIX && pattern.length > 0) {
            bounds = bounds.intersect(StoredKey.encode(hk, pattern), StoredKey.successor(hk, pattern));
        }
        return bounds;
    }

    private static int capped(int requested, int cap) {
        return requested > 0 ? Math.min(requested, cap) : cap;
    }
}
