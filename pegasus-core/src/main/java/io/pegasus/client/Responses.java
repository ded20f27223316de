package io.pegasus.client;

import io.pegasus.base.StatusCode;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_response;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.full_data;
import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_response;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.scan_response;
import io.pegasus.thrift.ttl_response;
import io.pegasus.thrift.update_response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns replica responses into results (spec 4.x, 6.2). Pure. Application status codes an RPC may legitimately
 * return are results (a missing key, an incomplete multiGet, a check that did not pass); any other code becomes a
 * {@link ResponseFailure} ending in {@code rocksdb error: N}.
 */
final class Responses {
    private Responses() {}

    /** get: the value (empty array for an empty value), or null when absent or expired. */
    static final ResponseParser<byte[]> GET = r -> {
        read_response x = r.readResult(new read_response());
        return switch (x.getError()) {
            case StatusCode.OK -> blob.bytesOf(x.getValue());
            case StatusCode.NOT_FOUND -> null;
            default -> throw ResponseFailure.status(x.getError(), "get");
        };
    };

    /** ttl: seconds left, -1 without expiry, -2 when absent (spec 4.12). */
    static final ResponseParser<Integer> TTL = r -> ttlOf(r.readResult(new ttl_response()));

    /** exist = "ttl != -2" (spec 7.7). */
    static final ResponseParser<Boolean> EXIST = r -> ttlOf(r.readResult(new ttl_response())) != -2;

    static int ttlOf(ttl_response x) throws ResponseFailure {
        return switch (x.getError()) {
            case StatusCode.OK -> x.getTtl_seconds();
            case StatusCode.NOT_FOUND -> -2;
            default -> throw ResponseFailure.status(x.getError(), "ttl");
        };
    }

    static final ResponseParser<Long> INCR = r -> {
        incr_response x = r.readResult(new incr_response());
        if (x.getError() != StatusCode.OK) {
            throw ResponseFailure.status(x.getError(), "incr");
        }
        return x.getNew_value();
    };

    static final ResponseParser<Long> SORT_KEY_COUNT = r -> {
        count_response x = r.readResult(new count_response());
        if (x.getError() != StatusCode.OK) {
            throw ResponseFailure.status(x.getError(), "sortKeyCount");
        }
        return x.getCount();
    };

    /** put / remove / multi_put: nothing but success. */
    static ResponseParser<Void> update(String what) {
        return r -> {
            update_response x = r.readResult(new update_response());
            if (x.getError() != StatusCode.OK) {
                throw ResponseFailure.status(x.getError(), what);
            }
            return null;
        };
    }

    /** multi_remove: on success the server echoes the number of sort keys sent (spec 4.4). */
    static ResponseParser<Void> multiRemove(int sent) {
        return r -> {
            multi_remove_response x = r.readResult(new multi_remove_response());
            if (x.getError() != StatusCode.OK) {
                throw ResponseFailure.status(x.getError(), "multiDel");
            }
            if (x.getCount() != sent) {
                throw ResponseFailure.invalid(
                        "multiDel: the server reports " + x.getCount() + " removed sort keys for " + sent + " sent");
            }
            return null;
        };
    }

    /** multi_get: 0 = complete, 7 = stopped by a limit (spec 4.9). */
    static final ResponseParser<MultiGetResult> MULTI_GET = r -> {
        multi_get_response x = r.readResult(new multi_get_response());
        boolean all = allFetched(x.getError());
        List<SortKeyValue> values = new ArrayList<>(x.getKvsSize());
        if (x.getKvs() != null) {
            for (key_value kv : x.getKvs()) {
                values.add(new SortKeyValue(blob.bytesOf(kv.getKey()), blob.bytesOf(kv.getValue())));
            }
        }
        return new MultiGetResult(all, values);
    };

    static final ResponseParser<MultiGetSortKeysResult> MULTI_GET_SORT_KEYS = r -> {
        multi_get_response x = r.readResult(new multi_get_response());
        boolean all = allFetched(x.getError());
        List<byte[]> keys = new ArrayList<>(x.getKvsSize());
        if (x.getKvs() != null) {
            for (key_value kv : x.getKvs()) {
                keys.add(blob.bytesOf(kv.getKey()));
            }
        }
        return new MultiGetSortKeysResult(all, keys);
    };

    private static boolean allFetched(int error) throws ResponseFailure {
        return switch (error) {
            case StatusCode.OK -> true;
            case StatusCode.INCOMPLETE -> false;
            default -> throw ResponseFailure.status(error, "multiGet");
        };
    }

    /** check_and_set: 0 = set, 13 = check failed (not an error), else failure (spec 4.6). */
    static final ResponseParser<CheckAndSetResult> CHECK_AND_SET = r -> {
        check_and_set_response x = r.readResult(new check_and_set_response());
        boolean set = checkOutcome(x.getError(), "checkAndSet");
        boolean returned = x.isCheck_value_returned();
        boolean exist = returned && x.isCheck_value_exist();
        return new CheckAndSetResult(set, returned, exist, exist ? blob.bytesOf(x.getCheck_value()) : null);
    };

    static final ResponseParser<CheckAndMutateResult> CHECK_AND_MUTATE = r -> {
        check_and_mutate_response x = r.readResult(new check_and_mutate_response());
        boolean done = checkOutcome(x.getError(), "checkAndMutate");
        boolean returned = x.isCheck_value_returned();
        boolean exist = returned && x.isCheck_value_exist();
        return new CheckAndMutateResult(done, returned, exist, exist ? blob.bytesOf(x.getCheck_value()) : null);
    };

    /** compareExchange = check_and_set with BYTES_EQUAL and return_check_value (spec 4.6). */
    static final ResponseParser<CompareExchangeResult> COMPARE_EXCHANGE = r -> {
        check_and_set_response x = r.readResult(new check_and_set_response());
        if (checkOutcome(x.getError(), "compareExchange")) {
            return new CompareExchangeResult(true, null);
        }
        boolean exist = x.isCheck_value_returned() && x.isCheck_value_exist();
        return new CompareExchangeResult(false, exist ? blob.bytesOf(x.getCheck_value()) : null);
    };

    private static boolean checkOutcome(int error, String what) throws ResponseFailure {
        return switch (error) {
            case StatusCode.OK -> true;
            case StatusCode.TRY_AGAIN -> false;
            default -> throw ResponseFailure.status(error, what);
        };
    }

    static final ResponseParser<batch_get_response> BATCH_GET = r -> {
        batch_get_response x = r.readResult(new batch_get_response());
        if (x.getError() != StatusCode.OK && x.getError() != StatusCode.INCOMPLETE) {
            throw ResponseFailure.status(x.getError(), "batchGet");
        }
        return x;
    };

    /** The raw scan answer; {@link ScanState} interprets its codes. */
    static final ResponseParser<scan_response> SCAN = r -> r.readResult(new scan_response());

    /**
     * Matches a batch_get answer to the keys asked for (spec 4.10): by the bytes of hash key and sort key, so a key
     * listed twice gets the same value and a key the server did not return is absent (null).
     */
    static List<byte[]> assembleBatchGet(List<FullKey> keys, batch_get_response response) {
        Map<ByteBuffer, byte[]> found = new HashMap<>();
        if (response.getData() != null) {
            for (full_data d : response.getData()) {
                found.put(
                        ByteBuffer.wrap(StoredKey.encode(blob.bytesOf(d.getHash_key()), blob.bytesOf(d.getSort_key()))),
                        blob.bytesOf(d.getValue()));
            }
        }
        List<byte[]> values = new ArrayList<>(keys.size());
        for (FullKey k : keys) {
            values.add(found.get(ByteBuffer.wrap(StoredKey.encode(k.hashKey(), k.sortKey()))));
        }
        return values;
    }
}
