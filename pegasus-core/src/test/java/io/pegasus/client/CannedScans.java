package io.pegasus.client;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scan protocol (spec 4.13-4.15) served from fixed per-partition record lists, for scanner tests: single-use
 * context ids, batches, filters, and switches to lose a context or abort with status 7. Fixed canned data, not a
 * store: nothing the client writes changes it.
 */
final class CannedScans {
    private final Map<Integer, NavigableMap<byte[], byte[]>> partitions = new ConcurrentHashMap<>();
    private final Map<Long, Cursor> contexts = new ConcurrentHashMap<>();
    private final AtomicLong nextContext = new AtomicLong(1000);
    final List<Long> cleared = new CopyOnWriteArrayList<>();
    /** SCAN calls to answer 1 (context lost) regardless of the id. */
    final AtomicInteger loseContexts = new AtomicInteger();
    /** Batches to serve before answering 7 (time budget) with the next one; negative = never. */
    final AtomicInteger abortAfter = new AtomicInteger(-1);

    private record Cursor(byte[] from, boolean fromInclusive, get_scanner_request req) {}

    void put(int partition, String hashKey, String sortKey, String value) {
        partitions
                .computeIfAbsent(partition, p -> new TreeMap<>(Arrays::compareUnsigned))
                .put(StoredKey.encode(Bytes.utf8(hashKey), Bytes.utf8(sortKey)), Bytes.utf8(value));
    }

    void install(FakeReplica replica) {
        replica.on(RpcNames.GET_SCANNER, call -> {
                    get_scanner_request req = call.readArgs(new get_scanner_request());
                    serve(call, new Cursor(req.getStart_key().data(), req.isStart_inclusive(), req));
                })
                .on(RpcNames.SCAN, call -> {
                    long id = call.readArgs(new scan_request()).getContext_id();
                    Cursor c = contexts.remove(id);
                    if (c == null || loseContexts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        call.reply(answer(StatusCode.NOT_FOUND, List.of(), 0, call));
                        return;
                    }
                    serve(call, c);
                })
                .on(RpcNames.CLEAR_SCANNER, call -> {
                    long id = call.readI64Arg();
                    cleared.add(id);
                    contexts.remove(id);
                    call.noReply();
                });
    }

    private static scan_response answer(int error, List<key_value> kvs, long context, RpcCall call) {
        return new scan_response(
                error, kvs, context, call.meta().appId(), call.meta().partitionIndex(), "canned");
    }

    private void serve(RpcCall call, Cursor c) {
        get_scanner_request req = c.req();
        NavigableMap<byte[], byte[]> data =
                partitions.getOrDefault(call.meta().partitionIndex(), new TreeMap<>(Arrays::compareUnsigned));
        NavigableMap<byte[], byte[]> range =
                data.subMap(c.from(), c.fromInclusive(), req.getStop_key().data(), req.isStop_inclusive());
        int batch = req.getBatch_size() > 0 ? req.getBatch_size() : 1000;
        List<key_value> kvs = new ArrayList<>();
        byte[] last = null;
        boolean more = false;
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (kvs.size() == batch) {
                more = true;
                break;
            }
            last = e.getKey();
            byte[] hk = StoredKey.hashKey(e.getKey());
            byte[] sk = StoredKey.sortKey(e.getKey());
            if (passes(req.getHash_key_filter_type(), req.getHash_key_filter_pattern(), hk)
                    && passes(req.getSort_key_filter_type(), req.getSort_key_filter_pattern(), sk)) {
                kvs.add(new key_value(new blob(e.getKey()), new blob(req.isNo_value() ? new byte[0] : e.getValue())));
            }
        }
        if (abortAfter.getAndDecrement() == 0) {
            call.reply(answer(StatusCode.INCOMPLETE, kvs, 0, call));
            return;
        }
        long id = -1;
        if (more) {
            id = nextContext.getAndIncrement();
            contexts.put(id, new Cursor(last, false, req));
        }
        call.reply(answer(StatusCode.OK, kvs, id, call));
    }

    private static boolean passes(int type, blob pattern, byte[] key) {
        byte[] p = blob.bytesOf(pattern);
        if (p.length == 0) {
            return true;
        }
        return switch (type) {
            case 0 -> true;
            case 1 -> Bytes.contains(key, p);
            case 2 -> Bytes.startsWith(key, p);
            case 3 -> Bytes.endsWith(key, p);
            default -> false;
        };
    }
}
