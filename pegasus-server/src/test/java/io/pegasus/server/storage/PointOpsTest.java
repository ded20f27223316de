package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.bl;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.full_key;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.ttl_response;
import io.pegasus.thrift.update_response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put, get, remove, multi_put, multi_remove, ttl, batch_get, sortkey_count (spec 4.1-4.4, 4.8, 4.10-4.12). */
class PointOpsTest {
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

    @Test
    void putGetRemoveRoundTripWithResponseFields() {
        update_response put = t.write(WriteRequest.put(Req.put(key("hk", "sk"), b("v"), 0)));
        assertThat(put.getError()).isZero();
        assertThat(put.getApp_id()).isEqualTo(2);
        assertThat(put.getPartition_index()).isEqualTo(3);
        assertThat(put.getDecree()).isEqualTo(t.decree);
        assertThat(put.getServer()).isEmpty();

        read_response got = t.store.get(key("hk", "sk"));
        assertThat(got.getError()).isZero();
        assertThat(got.getValue().data()).isEqualTo(b("v"));
        assertThat(got.getApp_id()).isEqualTo(2);
        assertThat(got.getPartition_index()).isEqualTo(3);
        assertThat(got.getServer()).isEmpty();

        update_response rm = t.write(WriteRequest.remove(key("hk", "sk")));
        assertThat(rm.getError()).isZero();
        read_response gone = t.store.get(key("hk", "sk"));
        assertThat(gone.getError()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(gone.getValue().data()).isEmpty();
        // removing what does not exist is fine too
        assertThat(((update_response) t.write(WriteRequest.remove(key("hk", "sk")))).getError())
                .isZero();
    }

    @Test
    void emptyValueIsARealValue() {
        t.put(key("hk", "e"), new byte[0], 0);
        read_response r = t.store.get(key("hk", "e"));
        assertThat(r.getError()).isZero();
        assertThat(r.getValue().data()).isEmpty();
        assertThat(t.store.ttl(key("hk", "e")).getError()).isZero();
    }

    @Test
    void emptyAndBinaryHashAndSortKeys() {
        byte[] emptyKey = {0, 0};
        assertThat(t.store.get(emptyKey).getError()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(t.store.ttl(emptyKey).getError()).isEqualTo(StatusCode.NOT_FOUND);
        t.put(emptyKey, b("empty"), 0);
        assertThat(t.get(emptyKey)).isEqualTo(b("empty"));

        byte[][] binaries = {{0}, {(byte) 0xFF}, {0, (byte) 0xFF, 0}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}};
        List<byte[]> keys = new ArrayList<>();
        for (byte[] hk : binaries) {
            for (byte[] sk : binaries) {
                keys.add(key(hk, sk));
            }
            keys.add(key(hk, new byte[0]));
            keys.add(key(new byte[0], hk));
        }
        for (int i = 0; i < keys.size(); i++) {
            t.put(keys.get(i), new byte[] {(byte) i, 0, (byte) 0xFF}, 0);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(t.get(keys.get(i))).isEqualTo(new byte[] {(byte) i, 0, (byte) 0xFF});
        }
        // binary keys in the multi-key RPCs too
        byte[] hk = {0, (byte) 0xFF, 0};
        batch_get_request bg = new batch_get_request(new ArrayList<>());
        bg.addToKeys(new full_key(new blob(hk), new blob(new byte[] {(byte) 0xFF})));
        bg.addToKeys(new full_key(new blob(hk), new blob(new byte[0])));
        assertThat(t.store.batchGet(bg).getData()).hasSize(2);
        assertThat(t.store.sortkeyCount(hk).getCount()).isEqualTo(binaries.length + 1);
        assertThat(t.store.sortkeyCount(new byte[0]).getCount()).isEqualTo(binaries.length + 1);
    }

    @Test
    void largestKeyAndValueAreAcceptedAndOneByteMoreIsRejected() {
        byte[] hk = new byte[StoredKey.MAX_HASH_KEY_LENGTH]; // 65534 bytes
        Arrays.fill(hk, (byte) 'h');
        byte[] sk = new byte[100_000];
        Arrays.fill(sk, (byte) 0xFF);
        byte[] value = new byte[1 << 20];
        Arrays.fill(value, (byte) 7);
        t.put(key(hk, sk), value, 0);
        assertThat(t.get(key(hk, sk))).isEqualTo(value);

        long before = t.store.lastAppliedDecree();
        byte[] tooBig = Arrays.copyOf(value, value.length + 1);
        update_response r = t.write(WriteRequest.put(Req.put(key(hk, b("x")), tooBig, 0)));
        assertThat(r.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.get(key(hk, b("x")))).isNull();
        // the decree itself is applied (it is in the log); only the request is refused
        assertThat(t.store.lastAppliedDecree()).isEqualTo(before + 1);

        multi_put_request mp = Req.multiPut("m", 0, "a", "1");
        mp.addToKvs(new key_value(bl("b"), new blob(tooBig)));
        assertThat(((update_response) t.write(WriteRequest.multiPut(mp))).getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.getString("m", "a")).isNull();
    }

    @Test
    void hashKeyTooLongOrMalformedStoredKeyIsInvalidArgumentAndWritesNothing() {
        byte[] hugeHk = new byte[65535];
        multi_put_request mp = new multi_put_request(new blob(hugeHk), new ArrayList<>(), 0);
        mp.addToKvs(new key_value(bl("s"), bl("v")));
        assertThat(((update_response) t.write(WriteRequest.multiPut(mp))).getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(((multi_remove_response) t.write(WriteRequest.multiRemove(
                                new io.pegasus.thrift.multi_remove_request(new blob(hugeHk), List.of(bl("s")), 100))))
                        .getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.store.sortkeyCount(hugeHk).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);

        byte[][] malformed = {{}, {0}, {0, 5, 'a'}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF, 'x'}};
        for (byte[] k : malformed) {
            assertThat(((update_response) t.write(WriteRequest.put(Req.put(k, b("v"), 0)))).getError())
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(((update_response) t.write(WriteRequest.remove(k))).getError())
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(t.store.get(k).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(t.store.ttl(k).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        }
        assertThat(t.scanAll(Req.fullScan(100))).isEmpty();
    }

    @Test
    void reservedMetadataKeysNeverReachAClient() {
        t.put("a", "b", "c");
        // the reserved keys exist (decree, data version) but are not valid stored keys
        assertThat(t.store.get(MetaKeys.LAST_APPLIED).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        // a scan whose stop goes past ff ff, inclusive, still ends before the reserved area
        io.pegasus.thrift.get_scanner_request all = Req.fullScan(100);
        all.setStop_key(new blob(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        all.setStop_inclusive(true);
        assertThat(t.scanAll(all)).extracting(kv -> kv.getKey().data()).containsExactly(key("a", "b"));
        io.pegasus.thrift.get_scanner_request fromReserved = Req.fullScan(100);
        fromReserved.setStart_key(new blob(MetaKeys.RESERVED_START));
        fromReserved.setStop_key(new blob(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertThat(t.scanAll(fromReserved)).isEmpty();
    }

    @Test
    void expiryAtTheExactSecond() {
        int expireAt = t.now() + 5;
        t.put(key("hk", "ttl"), b("v"), expireAt);
        ttl_response ttl = t.store.ttl(key("hk", "ttl"));
        assertThat(ttl.getError()).isZero();
        assertThat(ttl.getTtl_seconds()).isEqualTo(5);

        t.advanceSeconds(4);
        t.clock.addAndGet(999); // 4.999 s later: still the second before expiry
        assertThat(t.store.ttl(key("hk", "ttl")).getTtl_seconds()).isEqualTo(1);
        assertThat(t.get(key("hk", "ttl"))).isEqualTo(b("v"));
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isEqualTo(1);

        t.clock.addAndGet(1); // now == expire_ts: expired (<=)
        assertThat(t.get(key("hk", "ttl"))).isNull();
        ttl_response gone = t.store.ttl(key("hk", "ttl"));
        assertThat(gone.getError()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(gone.getTtl_seconds()).isZero();
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isZero();
        assertThat(t.scanAll(Req.fullScan(10))).isEmpty();
        batch_get_request bg = new batch_get_request(new ArrayList<>(List.of(new full_key(bl("hk"), bl("ttl")))));
        assertThat(t.store.batchGet(bg).getData()).isEmpty();
    }

    @Test
    void ttlWithoutExpiryIsMinusOne() {
        t.put("hk", "s", "v");
        ttl_response r = t.store.ttl(key("hk", "s"));
        assertThat(r.getError()).isZero();
        assertThat(r.getTtl_seconds()).isEqualTo(-1);
    }

    @Test
    void tableDefaultTtlAppliesToWritesWithoutExpiry() {
        t.store.setDefaultTtlSeconds(100);
        t.put("hk", "a", "v");
        t.put(key("hk", "b"), b("v"), t.now() + 10);
        t.write(WriteRequest.multiPut(Req.multiPut("hk", 0, "c", "v")));
        t.write(WriteRequest.incr(Req.incr(key("hk", "d"), 1, 0)));
        assertThat(t.store.ttl(key("hk", "a")).getTtl_seconds()).isEqualTo(100);
        assertThat(t.store.ttl(key("hk", "b")).getTtl_seconds()).isEqualTo(10);
        assertThat(t.store.ttl(key("hk", "c")).getTtl_seconds()).isEqualTo(100);
        assertThat(t.store.ttl(key("hk", "d")).getTtl_seconds()).isEqualTo(100);
        t.store.setDefaultTtlSeconds(0);
        t.put("hk", "e", "v");
        assertThat(t.store.ttl(key("hk", "e")).getTtl_seconds()).isEqualTo(-1);
    }

    @Test
    void multiPutIsAtomicAndLaterPairsWin() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            args.add("same");
            args.add("v" + i);
        }
        args.addAll(List.of("other", "o"));
        update_response r = t.write(WriteRequest.multiPut(Req.multiPut("hk", 0, args.toArray(String[]::new))));
        assertThat(r.getError()).isZero();
        assertThat(t.getString("hk", "same")).isEqualTo("v499");
        assertThat(t.getString("hk", "other")).isEqualTo("o");
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isEqualTo(2);

        multi_put_request empty = Req.multiPut("hk", 0);
        assertThat(((update_response) t.write(WriteRequest.multiPut(empty))).getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        empty.setKvs(null);
        assertThat(((update_response) t.write(WriteRequest.multiPut(empty))).getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void multiPutAppliesOneExpiryToEveryPair() {
        t.write(WriteRequest.multiPut(Req.multiPut("hk", t.now() + 7, "a", "1", "b", "2")));
        assertThat(t.store.ttl(key("hk", "a")).getTtl_seconds()).isEqualTo(7);
        assertThat(t.store.ttl(key("hk", "b")).getTtl_seconds()).isEqualTo(7);
    }

    @Test
    void multiRemoveCountsRequestedKeys() {
        t.write(WriteRequest.multiPut(Req.multiPut("hk", 0, "a", "1", "b", "2", "c", "3", "d", "4")));
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isEqualTo(4);
        multi_remove_response r = t.write(WriteRequest.multiRemove(Req.multiRemove("hk", "a", "b", "b", "zz")));
        assertThat(r.getError()).isZero();
        assertThat(r.getCount()).isEqualTo(4);
        assertThat(r.getDecree()).isEqualTo(t.decree);
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isEqualTo(2);
        t.write(WriteRequest.multiRemove(Req.multiRemove("hk", "c", "d")));
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isZero();

        multi_remove_response empty = t.write(WriteRequest.multiRemove(Req.multiRemove("hk")));
        assertThat(empty.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(empty.getCount()).isZero();
    }

    @Test
    void batchGetEchoesKeysSkipsMissingAndRejectsEmpty() {
        t.put("h1", "s1", "v1");
        t.put("h2", "", "v2");
        batch_get_request req = new batch_get_request(new ArrayList<>());
        req.addToKeys(new full_key(bl("h1"), bl("s1")));
        req.addToKeys(new full_key(bl("h1"), bl("missing")));
        req.addToKeys(new full_key(bl("h2"), null)); // absent sort key = empty
        req.addToKeys(new full_key(bl("h1"), bl("s1")));
        batch_get_response r = t.store.batchGet(req);
        assertThat(r.getError()).isZero();
        assertThat(r.getData())
                .extracting(d -> new String(d.getHash_key().data()) + "/"
                        + new String(d.getSort_key().data()) + "="
                        + new String(d.getValue().data()))
                .containsExactly("h1/s1=v1", "h2/=v2", "h1/s1=v1");
        assertThat(r.getApp_id()).isEqualTo(2);
        assertThat(t.store.batchGet(new batch_get_request(new ArrayList<>())).getError())
                .isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.store.batchGet(new batch_get_request()).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    }

    @Test
    void sortkeyCountIsExactAndStopsOnTheTimeBudget() {
        for (int i = 0; i < 20; i++) {
            t.put("hk", "s" + i, "v");
        }
        t.put("hk2", "x", "v");
        t.put(key("hk", "expired"), b("v"), t.now() + 1);
        t.advanceSeconds(1);
        assertThat(t.store.sortkeyCount(b("hk")).getCount()).isEqualTo(20);
        assertThat(t.store.sortkeyCount(b("none")).getCount()).isZero();
        t.close();

        // a clock that moves 1 s per reading runs through a 5 s budget after a few records
        java.util.concurrent.atomic.AtomicLong ticking =
                new java.util.concurrent.atomic.AtomicLong(TestStore.START_MILLIS);
        t = new TestStore(
                tmp.resolve("slow"),
                b -> b.clockMillis(() -> ticking.addAndGet(1000))
                        .limits(StoreLimits.DEFAULT.withTimeBudgetMillis(5000)));
        for (int i = 0; i < 20; i++) {
            t.put("hk", "s" + i, "v");
        }
        io.pegasus.thrift.count_response slow = t.store.sortkeyCount(b("hk"));
        assertThat(slow.getError()).isZero();
        assertThat(slow.getCount()).isEqualTo(-1);
    }
}
