package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.bl;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_get_response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** multi_get (spec 4.9): point and range mode, limits, reverse, inclusive flags, filters; the spec's examples. */
class MultiGetTest {
    @TempDir
    Path tmp;

    TestStore t;

    @BeforeEach
    void open() {
        t = new TestStore(tmp);
    }

    @AfterEach
    void close() {
        t.close();
    }

    static List<String> keys(multi_get_response r) {
        List<String> out = new ArrayList<>();
        for (key_value kv : r.getKvs()) {
            out.add(new String(kv.getKey().data(), StandardCharsets.UTF_8));
        }
        return out;
    }

    void putAll(String hk, String... sortKeys) {
        List<String> args = new ArrayList<>();
        for (String s : sortKeys) {
            args.add(s);
            args.add("v" + s);
        }
        t.write(WriteRequest.multiPut(Req.multiPut(hk, 0, args.toArray(String[]::new))));
    }

    @Test
    void pointModeReturnsFoundKeysInRequestOrder() {
        putAll("hk", "a", "b", "c");
        multi_get_response r = t.store.multiGet(Req.multiGetPoint("hk", -1, -1, "c", "zz", "a", "c"));
        assertThat(r.getError()).isZero();
        assertThat(keys(r)).containsExactly("c", "a", "c");
        assertThat(r.getKvs().get(0).getValue().data()).isEqualTo(b("vc"));
        assertThat(r.getKvs().get(0).isSetExpire_ts_seconds()).isFalse();
        assertThat(r.getApp_id()).isEqualTo(2);
        assertThat(r.getPartition_index()).isEqualTo(3);
    }

    @Test
    void pointModeLimitsOfTheSpec() {
        putAll("hk", "1", "2", "3", "4");
        // keys [0..4], 1..4 exist, max_kv_count 1: key 1 and error 7
        multi_get_response one = t.store.multiGet(Req.multiGetPoint("hk", 1, -1, "0", "1", "2", "3", "4"));
        assertThat(one.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(one)).containsExactly("1");
        // limit reached exactly on the last found key: complete
        multi_get_response exact = t.store.multiGet(Req.multiGetPoint("hk", 4, -1, "0", "1", "2", "3", "4", "5"));
        assertThat(exact.getError()).isZero();
        assertThat(keys(exact)).containsExactly("1", "2", "3", "4");
        // max_kv_count 5 over 9 existing keys: the first 5 and error 7
        putAll("nine", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        multi_get_response five =
                t.store.multiGet(Req.multiGetPoint("nine", 5, 0, "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        assertThat(five.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(five)).containsExactly("1", "2", "3", "4", "5");
        // size limit: checked before adding, so the record crossing it is the last one
        multi_get_response sized = t.store.multiGet(Req.multiGetPoint("nine", 0, 5, "1", "2", "3", "4"));
        assertThat(sized.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(sized)).containsExactly("1", "2"); // 1+2 bytes, then 3+3 >= 5
    }

    @Test
    void pointModeNoValueAndBinaryKeys() {
        byte[] hk = {0, (byte) 0xFF};
        t.put(key(hk, new byte[] {(byte) 0xFF}), b("x"), 0);
        t.put(key(hk, new byte[0]), b("y"), 0);
        multi_get_request req = Req.multiGetPoint("", -1, -1);
        req.setHash_key(new io.pegasus.thrift.blob(hk));
        req.addToSort_keys(new io.pegasus.thrift.blob(new byte[] {(byte) 0xFF}));
        req.addToSort_keys(new io.pegasus.thrift.blob(new byte[0]));
        req.setNo_value(true);
        multi_get_response r = t.store.multiGet(req);
        assertThat(r.getKvs()).hasSize(2);
        assertThat(r.getKvs().get(0).getKey().data()).isEqualTo(new byte[] {(byte) 0xFF});
        assertThat(r.getKvs().get(0).getValue().data()).isEmpty();
    }

    @Test
    void emptySortKeyListMeansEveryRecordOfTheHashKey() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(String.format("%03d", i));
        }
        putAll("hk", all.toArray(String[]::new));
        putAll("other", "x");
        multi_get_request req = Req.multiGetPoint("hk", 0, 0);
        req.setNo_value(true);
        multi_get_response r = t.store.multiGet(req);
        assertThat(r.getError()).isZero();
        assertThat(keys(r)).isEqualTo(all);
    }

    @Test
    void rangeModeExamplesOfTheSpec() {
        putAll("hk", "0", "1", "2", "3", "4", "5", "51", "6", "7", "8", "9", "a", "b");
        // 4 of 13 records -> 7
        multi_get_response four = t.store.multiGet(Req.multiGetRange("hk", null, true, null, false, 4, false));
        assertThat(four.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(four)).containsExactly("0", "1", "2", "3");
        // a complete read with fewer records than the limit -> 0
        multi_get_response all = t.store.multiGet(Req.multiGetRange("hk", null, true, null, false, 100, false));
        assertThat(all.getError()).isZero();
        assertThat(all.getKvs()).hasSize(13);
        // 1 of the 2 records in [5, 6), forward and reverse -> 7
        multi_get_response fwd = t.store.multiGet(Req.multiGetRange("hk", "5", true, "6", false, 1, false));
        assertThat(fwd.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(fwd)).containsExactly("5");
        multi_get_response rev = t.store.multiGet(Req.multiGetRange("hk", "5", true, "6", false, 1, true));
        assertThat(rev.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(keys(rev)).containsExactly("51");
        // limit reached exactly on the last record of the range: complete
        multi_get_response both = t.store.multiGet(Req.multiGetRange("hk", "5", true, "6", false, 2, false));
        assertThat(both.getError()).isZero();
        assertThat(keys(both)).containsExactly("5", "51");
    }

    @Test
    void reverseTakesTheLastRecordsAndReturnsThemAscending() {
        putAll("hk", "a", "b", "c", "d", "e");
        putAll("hk2", "a"); // a neighbouring hash key must not leak in
        multi_get_response r = t.store.multiGet(Req.multiGetRange("hk", null, true, null, false, 3, true));
        assertThat(keys(r)).containsExactly("c", "d", "e");
        assertThat(r.getError()).isEqualTo(StatusCode.INCOMPLETE);
        multi_get_response r2 = t.store.multiGet(Req.multiGetRange("hk", "b", false, "d", true, 10, true));
        assertThat(keys(r2)).containsExactly("c", "d");
        assertThat(r2.getError()).isZero();
    }

    @Test
    void inclusiveFlags() {
        putAll("hk", "a", "b", "c", "d");
        assertThat(keys(t.store.multiGet(Req.multiGetRange("hk", "a", true, "c", true, 0, false))))
                .containsExactly("a", "b", "c");
        assertThat(keys(t.store.multiGet(Req.multiGetRange("hk", "a", false, "c", false, 0, false))))
                .containsExactly("b");
        assertThat(keys(t.store.multiGet(Req.multiGetRange("hk", "b", true, "b", true, 0, false))))
                .containsExactly("b");
        // empty ranges: start == stop not both inclusive, start > stop
        multi_get_response empty = t.store.multiGet(Req.multiGetRange("hk", "b", true, "b", false, 0, false));
        assertThat(empty.getError()).isZero();
        assertThat(empty.getKvs()).isEmpty();
        assertThat(t.store
                        .multiGet(Req.multiGetRange("hk", "c", true, "a", true, 0, true))
                        .getKvs())
                .isEmpty();
        // stop_inclusive is ignored when the stop sort key is empty
        assertThat(keys(t.store.multiGet(Req.multiGetRange("hk", "c", true, "", true, 0, false))))
                .containsExactly("c", "d");
    }

    @Test
    void sortKeyFilters() {
        putAll("hk", "apple", "apricot", "banana", "grape", "pineapple", "ap");
        assertThat(keys(t.store.multiGet(filtered(1, "ap"))))
                .containsExactly("ap", "apple", "apricot", "grape", "pineapple");
        assertThat(keys(t.store.multiGet(filtered(2, "ap")))).containsExactly("ap", "apple", "apricot");
        assertThat(keys(t.store.multiGet(filtered(3, "ple")))).containsExactly("apple", "pineapple");
        assertThat(keys(t.store.multiGet(filtered(3, "")))).hasSize(6);
        assertThat(keys(t.store.multiGet(filtered(0, "zzz")))).hasSize(6);
        // a PREFIX filter narrows the range; with reverse and a limit it picks the last matches
        multi_get_request rev = filtered(2, "ap");
        rev.setReverse(true);
        rev.setMax_kv_count(2);
        assertThat(keys(t.store.multiGet(rev))).containsExactly("apple", "apricot");
        for (int bad : new int[] {4, -1}) {
            multi_get_response r = t.store.multiGet(filtered(bad, "x"));
            assertThat(r.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(r.getKvs()).isEmpty();
            // point mode validates the filter type too
            multi_get_request point = Req.multiGetPoint("hk", 0, 0, "apple");
            point.setSort_key_filter_type(bad);
            assertThat(t.store.multiGet(point).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        }
    }

    multi_get_request filtered(int type, String pattern) {
        multi_get_request r = Req.multiGetRange("hk", null, true, null, false, 0, false);
        r.setSort_key_filter_type(type);
        r.setSort_key_filter_pattern(bl(pattern));
        return r;
    }

    @Test
    void rangeSizeLimitKeepsTheCrossingRecordAndNoValue() {
        putAll("hk", "a", "b", "c", "d");
        multi_get_request r = Req.multiGetRange("hk", null, true, null, false, 0, false);
        r.setMax_kv_size(5); // each record is 1 + 2 bytes: a (3), b (6 >= 5) stop
        multi_get_response sized = t.store.multiGet(r);
        assertThat(keys(sized)).containsExactly("a", "b");
        assertThat(sized.getError()).isEqualTo(StatusCode.INCOMPLETE);
        r.setNo_value(true); // 1 byte per record now
        multi_get_response keysOnly = t.store.multiGet(r);
        assertThat(keys(keysOnly)).containsExactly("a", "b", "c", "d");
        assertThat(keysOnly.getError()).isZero();
        assertThat(keysOnly.getKvs().get(0).getValue().data()).isEmpty();
    }

    @Test
    void expiredRecordsAreSkippedButCountAsExamined() {
        t.close();
        t = new TestStore(
                tmp.resolve("capped"),
                b -> b.limits(new StoreLimits(1 << 20, 10, 30L << 20, 1000, 30_000, 300_000, 16)));
        for (int i = 0; i < 15; i++) {
            t.put(key("hk", String.format("e%02d", i)), b("x"), t.now() + 1);
        }
        putAll("hk", "z1", "z2");
        t.advanceSeconds(1);
        multi_get_response r = t.store.multiGet(Req.multiGetRange("hk", null, true, null, false, 0, false));
        assertThat(r.getError()).isEqualTo(StatusCode.INCOMPLETE); // 10 examined, all expired
        assertThat(r.getKvs()).isEmpty();
        multi_get_response rest = t.store.multiGet(Req.multiGetRange("hk", "z", true, null, false, 0, false));
        assertThat(keys(rest)).containsExactly("z1", "z2");
        // the server cap on records also caps max_kv_count in point mode
        multi_get_response point = t.store.multiGet(Req.multiGetPoint("hk", 100, 0, "z1", "z2"));
        assertThat(point.getError()).isZero();
    }

    @Test
    void timeBudgetGivesIncomplete() {
        t.close();
        AtomicLong ticking = new AtomicLong(TestStore.START_MILLIS);
        t = new TestStore(
                tmp.resolve("slow"),
                b -> b.clockMillis(() -> ticking.addAndGet(1000))
                        .limits(StoreLimits.DEFAULT.withTimeBudgetMillis(3000)));
        putAll("hk", "a", "b", "c", "d", "e", "f", "g", "h");
        multi_get_response r = t.store.multiGet(Req.multiGetRange("hk", null, true, null, false, 0, false));
        assertThat(r.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(r.getKvs().size()).isBetween(1, 7);
    }
}
