package io.pegasus.client;

import io.pegasus.data.PegasusTime;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.full_key;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.mutate;
import io.pegasus.thrift.update_request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the argument structs of replica RPCs exactly as the official client fills them (spec 4.x, 8.13), so a server
 * sees the same fields present and absent. Pure: the current time is a parameter.
 *
 * <p>Field presence (spec 2.8): blob fields are left null (absent on the wire) where the official client leaves
 * them null; primitive fields are always written.
 */
final class Requests {
    /** multi_remove's deprecated max_count, always 100 from the official client. */
    static final long MULTI_REMOVE_MAX_COUNT = 100;

    private Requests() {}

    private static blob blobOrNull(byte[] b) {
        return b == null ? null : new blob(b);
    }

    /** Absolute expiry for a TTL (0 = none), spec 5.6. */
    static int expireTs(long nowMillis, int ttlSeconds) {
        return PegasusTime.expireTs(nowMillis, ttlSeconds);
    }

    /** incr's expiry: 0 keeps, -1 clears, positive is converted to an absolute time (spec 4.5). */
    static int incrExpireTs(long nowMillis, int ttlSeconds) {
        return ttlSeconds <= 0 ? ttlSeconds : expireTs(nowMillis, ttlSeconds);
    }

    static update_request put(byte[] hashKey, byte[] sortKey, byte[] value, int expireTs) {
        return new update_request(new blob(StoredKey.encode(hashKey, sortKey)), new blob(value), expireTs);
    }

    static multi_put_request multiPut(byte[] hashKey, List<SortKeyValue> values, int expireTs) {
        List<key_value> kvs = new ArrayList<>(values.size());
        for (SortKeyValue kv : values) {
            kvs.add(new key_value(new blob(kv.sortKey()), new blob(kv.value())));
        }
        return new multi_put_request(new blob(hashKey), kvs, expireTs);
    }

    static multi_remove_request multiRemove(byte[] hashKey, List<byte[]> sortKeys) {
        List<blob> keys = new ArrayList<>(sortKeys.size());
        for (byte[] sk : sortKeys) {
            keys.add(new blob(sk));
        }
        return new multi_remove_request(new blob(hashKey), keys, MULTI_REMOVE_MAX_COUNT);
    }

    static incr_request incr(byte[] hashKey, byte[] sortKey, long increment, int expireTs) {
        return new incr_request(new blob(StoredKey.encode(hashKey, sortKey)), increment, expireTs);
    }

    /**
     * check_and_set (spec 4.6): {@code set_diff_sort_key} is true exactly when the set sort key's bytes differ from
     * the check sort key's (a null key counts as different from an empty one); {@code set_sort_key} is sent only then.
     */
    static check_and_set_request checkAndSet(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            byte[] setSortKey,
            byte[] setValue,
            int setExpireTs,
            boolean returnCheckValue) {
        boolean diff = (setSortKey == null || checkSortKey == null)
                ? setSortKey != checkSortKey
                : !Arrays.equals(setSortKey, checkSortKey);
        check_and_set_request r = new check_and_set_request();
        r.setHash_key(new blob(hashKey));
        r.setCheck_sort_key(blobOrNull(checkSortKey));
        r.setCheck_type(checkType.code());
        r.setCheck_operand(blobOrNull(checkOperand));
        r.setSet_diff_sort_key(diff);
        r.setSet_sort_key(diff ? blobOrNull(setSortKey) : null);
        r.setSet_value(blobOrNull(setValue));
        r.setSet_expire_ts_seconds(setExpireTs);
        r.setReturn_check_value(returnCheckValue);
        return r;
    }

    static check_and_mutate_request checkAndMutate(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            Mutations mutations,
            long nowMillis,
            boolean returnCheckValue) {
        List<mutate> list = new ArrayList<>(mutations.size());
        for (Mutations.Mutation m : mutations.list()) {
            mutate x = new mutate();
            x.setOperation(m.put() ? 0 : 1);
            x.setSort_key(blobOrNull(m.sortKey()));
            x.setValue(m.put() ? blobOrNull(m.value()) : null);
            x.setSet_expire_ts_seconds(m.put() ? expireTs(nowMillis, m.ttlSeconds()) : 0);
            list.add(x);
        }
        check_and_mutate_request r = new check_and_mutate_request();
        r.setHash_key(new blob(hashKey));
        r.setCheck_sort_key(blobOrNull(checkSortKey));
        r.setCheck_type(checkType.code());
        r.setCheck_operand(blobOrNull(checkOperand));
        r.setMutate_list(list);
        r.setReturn_check_value(returnCheckValue);
        return r;
    }

    /**
     * Point-mode multi_get: the sort keys de-duplicated and sorted with the official client's (signed) byte order;
     * an empty list means every record of the hash key (spec 4.9).
     */
    static multi_get_request multiGetPoint(
            byte[] hashKey, List<byte[]> sortKeys, int maxCount, int maxSize, boolean noValue) {
        List<byte[]> sorted = new ArrayList<>(sortKeys.size());
        for (byte[] sk : sortKeys) {
            sorted.add(sk == null ? new byte[0] : sk);
        }
        sorted.sort(Arrays::compare);
        List<blob> keys = new ArrayList<>(sorted.size());
        byte[] previous = null;
        for (byte[] sk : sorted) {
            if (previous == null || !Arrays.equals(previous, sk)) {
                keys.add(new blob(sk));
            }
            previous = sk;
        }
        multi_get_request r = new multi_get_request();
        r.setHash_key(new blob(hashKey));
        r.setSort_keys(keys);
        r.setMax_kv_count(maxCount);
        r.setMax_kv_size(maxSize);
        r.setNo_value(noValue);
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        r.setSort_key_filter_type(FilterType.NO_FILTER.code());
        r.setReverse(false);
        return r;
    }

    /** Range-mode multi_get: no sort key list; start/stop/pattern absent when null. */
    static multi_get_request multiGetRange(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, MultiGetOptions o) {
        multi_get_request r = new multi_get_request();
        r.setHash_key(new blob(hashKey));
        r.setMax_kv_count(o.maxFetchCount() > 0 ? o.maxFetchCount() : -1);
        r.setMax_kv_size(o.maxFetchSize() > 0 ? o.maxFetchSize() : -1);
        r.setNo_value(o.noValue());
        r.setStart_sortkey(blobOrNull(startSortKey));
        r.setStop_sortkey(blobOrNull(stopSortKey));
        r.setStart_inclusive(o.startInclusive());
        r.setStop_inclusive(o.stopInclusive());
        r.setSort_key_filter_type(o.sortKeyFilterType().code());
        r.setSort_key_filter_pattern(blobOrNull(o.sortKeyFilterPattern()));
        r.setReverse(o.reverse());
        return r;
    }

    static batch_get_request batchGet(List<FullKey> keys) {
        List<full_key> list = new ArrayList<>(keys.size());
        for (FullKey k : keys) {
            list.add(new full_key(new blob(k.hashKey()), new blob(k.sortKey())));
        }
        return new batch_get_request(list);
    }

    /**
     * get_scanner (spec 4.13, 8.13): the given range and options; patterns absent when null; the optional fields
     * 11-14 are never sent.
     */
    static get_scanner_request getScanner(
            byte[] startKey, boolean startInclusive, byte[] stopKey, boolean stopInclusive, ScanOptions o) {
        get_scanner_request r = new get_scanner_request();
        r.setStart_key(new blob(startKey));
        r.setStop_key(new blob(stopKey));
        r.setStart_inclusive(startInclusive);
        r.setStop_inclusive(stopInclusive);
        r.setBatch_size(o.batchSize());
        r.setNo_value(o.noValue());
        r.setHash_key_filter_type(o.hashKeyFilterType().code());
        r.setHash_key_filter_pattern(blobOrNull(o.hashKeyFilterPattern()));
        r.setSort_key_filter_type(o.sortKeyFilterType().code());
        r.setSort_key_filter_pattern(blobOrNull(o.sortKeyFilterPattern()));
        return r;
    }
}
