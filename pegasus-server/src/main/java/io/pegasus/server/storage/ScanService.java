package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.rocksdb.RocksDBException;

/**
 * GET_SCANNER, SCAN and CLEAR_SCANNER (spec 4.13-4.15).
 *
 * <p>A scan iterates over the point-in-time view taken at GET_SCANNER (the view of its RocksDB iterator), so writes
 * made between batches neither disturb it nor make it return a record twice; records deleted meanwhile may still be
 * returned, as Apache Pegasus does. Count limits are signalled by a live context id, never by error 7, which only
 * means the time budget ran out.
 */
final class ScanService implements AutoCloseable {
    private final StoreContext ctx;
    private final ScannerRegistry registry;
    private final BooleanSupplier validatePartitionHash;

    ScanService(StoreContext ctx, ScannerRegistry registry, BooleanSupplier validatePartitionHash) {
        this.ctx = ctx;
        this.registry = registry;
        this.validatePartitionHash = validatePartitionHash;
    }

    scan_response getScanner(get_scanner_request req) {
        scan_response r = response();
        int hashFilter = req.getHash_key_filter_type();
        int sortFilter = req.getSort_key_filter_type();
        if (!SortKeyFilter.isValidType(hashFilter) || !SortKeyFilter.isValidType(sortFilter)) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        KeyBounds bounds = rangeOf(req);
        if (bounds.isEmpty()) {
            return onlyCount(r, req.isSetOnly_return_count() && req.isOnly_return_count(), 0);
        }
        boolean validate = validatePartitionHash.getAsBoolean()
                && (!req.isSetValidate_partition_hash() || req.isValidate_partition_hash());
        ScanContext.Spec spec = new ScanContext.Spec(
                req.getBatch_size(),
                req.isNo_value(),
                hashFilter,
                blob.bytesOf(req.getHash_key_filter_pattern()),
                sortFilter,
                blob.bytesOf(req.getSort_key_filter_pattern()),
                req.isSetReturn_expire_ts() && req.isReturn_expire_ts(),
                req.isSetOnly_return_count() && req.isOnly_return_count(),
                validate ? ctx.id : null);
        ScanContext context =
                new ScanContext(ctx.openRange(bounds, false, true), spec, ctx.codec, ctx.clockMillis.getAsLong());
        context.start();
        // GET_SCANNER may examine a full server batch even when the client asked for fewer records (spec 4.13 step 3)
        return nextBatch(r, context, batchCap(spec), ctx.limits.scanMaxBatch());
    }

    scan_response scan(scan_request req) {
        scan_response r = response();
        ScanContext context = registry.take(req.getContext_id(), ctx.clockMillis.getAsLong());
        if (context == null) {
            return r.setError(StatusCode.NOT_FOUND);
        }
        int cap = batchCap(context.spec());
        return nextBatch(r, context, cap, cap);
    }

    void clear(long contextId) {
        registry.clear(contextId);
    }

    int expireIdle() {
        return registry.expireIdle(ctx.clockMillis.getAsLong());
    }

    int openContexts() {
        return registry.size();
    }

    private scan_response nextBatch(scan_response r, ScanContext context, int maxAppend, int maxExamine) {
        ScanContext.Outcome[] outcome = {ScanContext.Outcome.END};
        boolean keep = false;
        try {
            int passed = context.fill(r.getKvs(), maxAppend, maxExamine, ctx.nowSeconds(), ctx.deadline(), outcome);
            onlyCount(r, context.spec().onlyReturnCount(), passed);
            switch (outcome[0]) {
                case MORE -> {
                    keep = true;
                    r.setContext_id(registry.register(context, ctx.clockMillis.getAsLong()));
                }
                case TIME -> r.setError(StatusCode.INCOMPLETE);
                case END -> {}
            }
            return r;
        } catch (RocksDBException e) {
            return r.setError(StatusCodes.of(e)).setKvs(new ArrayList<>());
        } catch (ValueCodec.CorruptValueException e) {
            return r.setError(StatusCode.CORRUPTION).setKvs(new ArrayList<>());
        } finally {
            if (!keep) {
                context.close();
            }
        }
    }

    /**
     * Step 1: {@code [start_key, stop_key]} with the inclusive flags. An empty stop key means "to the end of the
     * partition" (the Java client never sends one). A PREFIX hash-key filter with pattern p raises the start to
     * {@code key(p, "")}: hash keys starting with p are at least as long as p, and stored keys order by hash-key
     * length first, so none sorts below it.
     */
    private static KeyBounds rangeOf(get_scanner_request req) {
        byte[] stop = blob.bytesOf(req.getStop_key());
        KeyBounds bounds = KeyBounds.of(
                blob.bytesOf(req.getStart_key()),
                req.isStart_inclusive(),
                stop.length == 0 ? null : stop,
                req.isStop_inclusive());
        byte[] pattern = blob.bytesOf(req.getHash_key_filter_pattern());
        if (req.getHash_key_filter_type() == SortKeyFilter.MATCH_PREFIX
                && pattern.length > 0
                && pattern.length <= StoredKey.MAX_HASH_KEY_LENGTH) {
            bounds = bounds.raiseLo(StoredKey.encode(pattern, null));
        }
        return bounds;
    }

    private int batchCap(ScanContext.Spec spec) {
        int max = ctx.limits.scanMaxBatch();
        return spec.batchSize() > 0 ? Math.min(spec.batchSize(), max) : max;
    }

    private static scan_response onlyCount(scan_response r, boolean onlyCount, int count) {
        return onlyCount ? r.setKv_count(count) : r;
    }

    private scan_response response() {
        List<key_value> kvs = new ArrayList<>();
        return new scan_response(StatusCode.OK, kvs, -1, ctx.id.appId(), ctx.id.partitionIndex(), "");
    }

    @Override
    public void close() {
        registry.close();
    }
}
