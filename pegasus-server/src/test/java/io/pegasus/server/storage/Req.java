package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.mutate;
import io.pegasus.thrift.update_request;
import java.util.ArrayList;
import java.util.List;

/** Builders of request structs as the Java client fills them (spec 4, 8.13). */
final class Req {
    private Req() {}

    static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    static blob bl(String s) {
        return new blob(b(s));
    }

    static byte[] key(String hk, String sk) {
        return StoredKey.encode(b(hk), b(sk));
    }

    static byte[] key(byte[] hk, byte[] sk) {
        return StoredKey.encode(hk, sk);
    }

    static update_request put(byte[] storedKey, byte[] value, int expireTs) {
        return new update_request(new blob(storedKey), new blob(value), expireTs);
    }

    static multi_put_request multiPut(String hk, int expireTs, String... sortKeysAndValues) {
        List<key_value> kvs = new ArrayList<>();
        for (int i = 0; i < sortKeysAndValues.length; i += 2) {
            kvs.add(new key_value(bl(sortKeysAndValues[i]), bl(sortKeysAndValues[i + 1])));
        }
        return new multi_put_request(bl(hk), kvs, expireTs);
    }

    static multi_remove_request multiRemove(String hk, String... sortKeys) {
        List<blob> sks = new ArrayList<>();
        for (String s : sortKeys) {
            sks.add(bl(s));
        }
        return new multi_remove_request(bl(hk), sks, 100);
    }

    static incr_request incr(byte[] storedKey, long increment, int expireTs) {
        return new incr_request(new blob(storedKey), increment, expireTs);
    }

    /** check_and_set writing the checked sort key itself. */
    static check_and_set_request cas(String hk, String checkSk, int type, String operand, String setValue) {
        check_and_set_request r = new check_and_set_request();
        r.setHash_key(bl(hk));
        r.setCheck_sort_key(bl(checkSk));
        r.setCheck_type(type);
        r.setCheck_operand(bl(operand));
        r.setSet_diff_sort_key(false);
        r.setSet_value(bl(setValue));
        r.setSet_expire_ts_seconds(0);
        r.setReturn_check_value(true);
        return r;
    }

    static mutate mput(String sk, String value, int expireTs) {
        return new mutate(0, bl(sk), bl(value), expireTs);
    }

    static mutate mdel(String sk) {
        mutate m = new mutate();
        m.setOperation(1);
        m.setSort_key(bl(sk));
        return m;
    }

    static check_and_mutate_request cam(String hk, String checkSk, int type, String operand, mutate... ms) {
        check_and_mutate_request r = new check_and_mutate_request();
        r.setHash_key(bl(hk));
        r.setCheck_sort_key(bl(checkSk));
        r.setCheck_type(type);
        r.setCheck_operand(bl(operand));
        r.setMutate_list(new ArrayList<>(List.of(ms)));
        r.setReturn_check_value(true);
        return r;
    }

    /** Point-mode multi_get as the client sends it. */
    static multi_get_request multiGetPoint(String hk, int maxCount, int maxSize, String... sortKeys) {
        multi_get_request r = new multi_get_request();
        r.setHash_key(bl(hk));
        List<blob> sks = new ArrayList<>();
        for (String s : sortKeys) {
            sks.add(bl(s));
        }
        r.setSort_keys(sks);
        r.setMax_kv_count(maxCount);
        r.setMax_kv_size(maxSize);
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        return r;
    }

    /** Range-mode multi_get; a null start/stop is absent (empty). */
    static multi_get_request multiGetRange(
            String hk, String start, boolean startIncl, String stop, boolean stopIncl, int maxCount, boolean reverse) {
        multi_get_request r = new multi_get_request();
        r.setHash_key(bl(hk));
        r.setMax_kv_count(maxCount);
        r.setMax_kv_size(-1);
        if (start != null) {
            r.setStart_sortkey(bl(start));
        }
        if (stop != null) {
            r.setStop_sortkey(bl(stop));
        }
        r.setStart_inclusive(startIncl);
        r.setStop_inclusive(stopIncl);
        r.setReverse(reverse);
        return r;
    }

    /** A hash-key scan as the client builds it: [key(hk, start), key(hk, stop) or successor(hk)). */
    static get_scanner_request hashScan(String hk, String start, String stop, int batchSize) {
        get_scanner_request r = new get_scanner_request();
        r.setStart_key(new blob(key(hk, start)));
        r.setStop_key(new blob(stop.isEmpty() ? StoredKey.successor(b(hk)) : key(hk, stop)));
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        r.setBatch_size(batchSize);
        return r;
    }

    /** A full scan of the partition: [00 00, ff ff). */
    static get_scanner_request fullScan(int batchSize) {
        get_scanner_request r = new get_scanner_request();
        r.setStart_key(new blob(new byte[] {0, 0}));
        r.setStop_key(new blob(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        r.setBatch_size(batchSize);
        return r;
    }
}
