package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.bl;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get_scanner / scan / clear_scanner (spec 4.13-4.15, 7.5). */
class ScanTest {
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

    static List<String> names(List<key_value> kvs) {
        List<String> out = new ArrayList<>();
        for (key_value kv : kvs) {
            byte[] k = kv.getKey().data();
            out.add(new String(StoredKey.hashKey(k)) + "/" + new String(StoredKey.sortKey(k)));
        }
        return out;
    }

    void fill(int hashKeys, int sortKeys) {
        for (int h = 0; h < hashKeys; h++) {
            List<String> args = new ArrayList<>();
            for (int s = 0; s < sortKeys; s++) {
                args.add("s" + s);
                args.add("v" + h + "." + s);
            }
            t.write(WriteRequest.multiPut(Req.multiPut("h" + h, 0, args.toArray(String[]::new))));
        }
    }

    @Test
    void fullScanInBatchesReturnsEveryRecordOnceInKeyOrderWithFreshIds() {
        fill(4, 5);
        List<String> all = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        scan_response r = t.store.getScanner(Req.fullScan(3));
        int batches = 1;
        while (true) {
            assertThat(r.getError()).isZero();
            assertThat(r.getApp_id()).isEqualTo(2);
            assertThat(r.getPartition_index()).isEqualTo(3);
            assertThat(r.getServer()).isEmpty();
            assertThat(r.isSetKv_count()).isFalse();
            assertThat(r.getKvs().size()).isLessThanOrEqualTo(3);
            all.addAll(names(r.getKvs()));
            if (r.getContext_id() == -1) {
                break;
            }
            assertThat(r.getContext_id()).isNotNegative();
            assertThat(ids.add(r.getContext_id())).as("ids are never reused").isTrue();
            r = t.store.scan(new scan_request(r.getContext_id()));
            batches++;
        }
        assertThat(all).hasSize(20).doesNotHaveDuplicates();
        // one random prefix per partition in the upper half, a counter below it
        assertThat(ids.stream().map(id -> id >>> 32).distinct()).hasSize(1);
        assertThat(all.get(0)).isEqualTo("h0/s0");
        assertThat(all.get(19)).isEqualTo("h3/s4");
        // 20 records in batches of 3: the batch that reaches the end reports -1 itself (7 calls, not 8)
        assertThat(batches).isEqualTo(7);
        assertThat(t.store.openScanners()).isZero();
    }

    @Test
    void hashKeyScanStaysInsideItsHashKey() {
        fill(3, 4);
        assertThat(names(t.scanAll(Req.hashScan("h1", "", "", 2)))).containsExactly("h1/s0", "h1/s1", "h1/s2", "h1/s3");
        assertThat(names(t.scanAll(Req.hashScan("h1", "s1", "s3", 100)))).containsExactly("h1/s1", "h1/s2");
        get_scanner_request incl = Req.hashScan("h1", "s1", "s3", 100);
        incl.setStart_inclusive(false);
        incl.setStop_inclusive(true);
        assertThat(names(t.scanAll(incl))).containsExactly("h1/s2", "h1/s3");
    }

    @Test
    void valuesNoValueAndExpireTimestamps() {
        int expire = t.now() + 100;
        t.put(key("h", "a"), b("va"), expire);
        t.put(key("h", "b"), b("vb"), 0);
        scan_response r = t.store.getScanner(Req.fullScan(10));
        assertThat(r.getKvs().get(0).getKey().data()).isEqualTo(key("h", "a"));
        assertThat(r.getKvs().get(0).getValue().data()).isEqualTo(b("va"));
        assertThat(r.getKvs().get(0).isSetExpire_ts_seconds()).isFalse();

        get_scanner_request withTs = Req.fullScan(10);
        withTs.setReturn_expire_ts(true);
        withTs.setNo_value(true);
        r = t.store.getScanner(withTs);
        assertThat(r.getKvs().get(0).getValue().data()).isEmpty();
        assertThat(r.getKvs().get(0).getExpire_ts_seconds()).isEqualTo(expire);
        assertThat(r.getKvs().get(1).getExpire_ts_seconds()).isZero();
    }

    @Test
    void onlyReturnCount() {
        fill(2, 5);
        get_scanner_request req = Req.fullScan(4);
        req.setOnly_return_count(true);
        long total = 0;
        scan_response r = t.store.getScanner(req);
        while (true) {
            assertThat(r.getKvs()).isEmpty();
            total += r.getKv_count();
            if (r.getContext_id() == -1) {
                break;
            }
            r = t.store.scan(new scan_request(r.getContext_id()));
        }
        assertThat(total).isEqualTo(10);
    }

    @Test
    void hashAndSortKeyFilters() {
        for (String hk : List.of("user1", "user2", "admin", "superuser")) {
            for (String sk : List.of("name", "nickname", "age")) {
                t.put(hk, sk, "v");
            }
        }
        get_scanner_request prefix = Req.fullScan(2);
        prefix.setHash_key_filter_type(2);
        prefix.setHash_key_filter_pattern(bl("user"));
        assertThat(names(t.scanAll(prefix)))
                .containsExactlyInAnyOrder(
                        "user1/name", "user1/nickname", "user1/age", "user2/name", "user2/nickname", "user2/age");

        get_scanner_request both = Req.fullScan(100);
        both.setHash_key_filter_type(1);
        both.setHash_key_filter_pattern(bl("user"));
        both.setSort_key_filter_type(3);
        both.setSort_key_filter_pattern(bl("name"));
        assertThat(names(t.scanAll(both)))
                .containsExactlyInAnyOrder(
                        "user1/name",
                        "user1/nickname",
                        "user2/name",
                        "user2/nickname",
                        "superuser/name",
                        "superuser/nickname");

        get_scanner_request postfix = Req.fullScan(100);
        postfix.setHash_key_filter_type(3);
        postfix.setHash_key_filter_pattern(bl("min"));
        postfix.setSort_key_filter_type(2);
        postfix.setSort_key_filter_pattern(bl("a"));
        assertThat(names(t.scanAll(postfix))).containsExactly("admin/age");

        for (int bad : new int[] {4, -1}) {
            get_scanner_request r = Req.fullScan(10);
            r.setHash_key_filter_type(bad);
            assertThat(t.store.getScanner(r).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            r = Req.fullScan(10);
            r.setSort_key_filter_type(bad);
            scan_response resp = t.store.getScanner(r);
            assertThat(resp.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(resp.getKvs()).isEmpty();
        }
        assertThat(t.store.openScanners()).isZero();
    }

    @Test
    void contextIdsAreSingleUse() {
        fill(1, 10);
        scan_response first = t.store.getScanner(Req.fullScan(3));
        long id = first.getContext_id();
        scan_response second = t.store.scan(new scan_request(id));
        assertThat(second.getError()).isZero();
        assertThat(second.getKvs()).hasSize(3);
        scan_response again = t.store.scan(new scan_request(id));
        assertThat(again.getError()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(again.getKvs()).isEmpty();
        assertThat(t.store.scan(new scan_request(12345)).getError()).isEqualTo(StatusCode.NOT_FOUND);
    }

    @Test
    void clearScannerDiscardsTheContextAndIgnoresUnknownIds() {
        fill(1, 10);
        scan_response first = t.store.getScanner(Req.fullScan(3));
        assertThat(t.store.openScanners()).isEqualTo(1);
        t.store.clearScanner(first.getContext_id());
        t.store.clearScanner(first.getContext_id());
        t.store.clearScanner(-1);
        assertThat(t.store.openScanners()).isZero();
        assertThat(t.store.scan(new scan_request(first.getContext_id())).getError())
                .isEqualTo(StatusCode.NOT_FOUND);
    }

    @Test
    void idleContextsExpireAfterFiveMinutes() {
        fill(1, 10);
        long a = t.store.getScanner(Req.fullScan(3)).getContext_id();
        t.advanceSeconds(200);
        long b = t.store.getScanner(Req.fullScan(3)).getContext_id();
        t.advanceSeconds(99);
        // a: 299 s idle, still alive; using it renews it under a new id
        scan_response aNext = t.store.scan(new scan_request(a));
        assertThat(aNext.getError()).isZero();
        t.advanceSeconds(1);
        assertThat(t.store.expireIdleScanners()).isZero(); // b: 100 s, a': 1 s
        t.advanceSeconds(200);
        assertThat(t.store.expireIdleScanners()).isEqualTo(1); // b: 300 s
        assertThat(t.store.scan(new scan_request(b)).getError()).isEqualTo(StatusCode.NOT_FOUND);
        t.advanceSeconds(100);
        assertThat(t.store.scan(new scan_request(aNext.getContext_id())).getError())
                .isEqualTo(StatusCode.NOT_FOUND);
        assertThat(t.store.openScanners()).isZero();
    }

    @Test
    void contextsAreBoundedAndTheLeastRecentlyUsedIsEvicted() {
        t.close();
        t = new TestStore(tmp.resolve("bounded"), c -> c.limits(StoreLimits.DEFAULT.withScanners(300_000, 3)));
        fill(1, 10);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(t.store.getScanner(Req.fullScan(2)).getContext_id());
        }
        long renewed = t.store.scan(new scan_request(ids.get(0))).getContext_id(); // the first becomes most recent
        long fourth = t.store.getScanner(Req.fullScan(2)).getContext_id();
        assertThat(t.store.openScanners()).isEqualTo(3);
        assertThat(t.store.scan(new scan_request(ids.get(1))).getError()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(t.store.scan(new scan_request(ids.get(2))).getError()).isZero();
        assertThat(t.store.scan(new scan_request(renewed)).getError()).isZero();
        assertThat(t.store.scan(new scan_request(fourth)).getError()).isZero();
    }

    @Test
    void writesBetweenBatchesNeitherDuplicateNorLoseRecords() {
        fill(1, 10);
        scan_response r = t.store.getScanner(Req.fullScan(3));
        List<String> seen = new ArrayList<>(names(r.getKvs()));
        // delete what was returned, and one record not yet returned; add new records before and after the cursor
        for (String name : seen) {
            t.write(WriteRequest.remove(key("h0", name.substring(3))));
        }
        t.write(WriteRequest.remove(key("h0", "s8")));
        t.put("h0", "s55", "new");
        t.put("h0", "a", "new");
        while (r.getContext_id() != -1) {
            r = t.store.scan(new scan_request(r.getContext_id()));
            assertThat(r.getError()).isZero();
            seen.addAll(names(r.getKvs()));
        }
        // the scan reads the view of GET_SCANNER time: exactly the 10 original records, once each
        assertThat(seen)
                .containsExactly(
                        "h0/s0", "h0/s1", "h0/s2", "h0/s3", "h0/s4", "h0/s5", "h0/s6", "h0/s7", "h0/s8", "h0/s9");
        // and a fresh scan sees the current state
        assertThat(names(t.scanAll(Req.fullScan(100))))
                .containsExactly("h0/a", "h0/s3", "h0/s4", "h0/s5", "h0/s55", "h0/s6", "h0/s7", "h0/s9");
    }

    @Test
    void expiredHeavyRangeGivesEmptyBatchWithLiveContextThenTheRecords() {
        t.close();
        t = new TestStore(
                tmp.resolve("small"),
                c -> c.limits(new StoreLimits(1 << 20, 3000, 30L << 20, 20, 30_000, 300_000, 16)));
        for (int i = 0; i < 25; i++) {
            t.put(key("hk", String.format("a%02d", i)), b("x"), t.now() + 1);
        }
        for (int i = 0; i < 5; i++) {
            t.put("hk", "z" + i, "live");
        }
        t.advanceSeconds(1);
        scan_response first = t.store.getScanner(Req.hashScan("hk", "", "", 100));
        assertThat(first.getError()).isZero();
        assertThat(first.getKvs()).isEmpty(); // 20 examined, all expired
        assertThat(first.getContext_id()).isNotNegative();
        scan_response next = t.store.scan(new scan_request(first.getContext_id()));
        assertThat(names(next.getKvs())).containsExactly("hk/z0", "hk/z1", "hk/z2", "hk/z3", "hk/z4");
        assertThat(next.getContext_id()).isEqualTo(-1);
    }

    @Test
    void scanExaminesAtMostItsBatchSize() {
        // SCAN examines min(batch_size, max) records: with filters most of a batch can be skipped
        for (int i = 0; i < 10; i++) {
            t.put("hk", "s" + i, "v");
        }
        get_scanner_request req = Req.hashScan("hk", "", "", 2);
        req.setSort_key_filter_type(3);
        req.setSort_key_filter_pattern(bl("9"));
        scan_response first = t.store.getScanner(req); // GET_SCANNER examines up to the server batch
        assertThat(names(first.getKvs())).containsExactly("hk/s9");
        assertThat(first.getContext_id()).isEqualTo(-1);
        req.setSort_key_filter_pattern(bl("0"));
        req.setBatch_size(1);
        scan_response one = t.store.getScanner(req);
        assertThat(names(one.getKvs())).containsExactly("hk/s0");
        scan_response empty = t.store.scan(new scan_request(one.getContext_id()));
        assertThat(empty.getKvs()).isEmpty(); // examined s1 only
        assertThat(empty.getContext_id()).isNotNegative();
        t.store.clearScanner(empty.getContext_id());
    }

    @Test
    void emptyRangeFinishesAtOnce() {
        fill(1, 3);
        get_scanner_request r = Req.hashScan("h0", "s2", "s1", 10);
        scan_response resp = t.store.getScanner(r);
        assertThat(resp.getError()).isZero();
        assertThat(resp.getKvs()).isEmpty();
        assertThat(resp.getContext_id()).isEqualTo(-1);
        // an empty stop key means "to the end of the partition"
        get_scanner_request open = Req.fullScan(100);
        open.setStop_key(new io.pegasus.thrift.blob(new byte[0]));
        assertThat(t.scanAll(open)).hasSize(3);
    }

    @Test
    void timeBudgetAbortsWithIncompleteAndNoContext() {
        t.close();
        AtomicLong ticking = new AtomicLong(TestStore.START_MILLIS);
        t = new TestStore(
                tmp.resolve("slow"),
                c -> c.clockMillis(() -> ticking.addAndGet(1000))
                        .limits(StoreLimits.DEFAULT.withTimeBudgetMillis(4000)));
        fill(1, 20);
        scan_response r = t.store.getScanner(Req.fullScan(100));
        assertThat(r.getError()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(r.getKvs().size()).isBetween(1, 19);
        assertThat(r.getContext_id()).isEqualTo(-1);
        assertThat(t.store.openScanners()).isZero();
    }

    @Test
    void partitionHashValidationSkipsKeysOfOtherPartitions() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String hk = "key" + i;
            t.put(hk, "s", "v");
            if ((PartitionHash.crc64(b(hk)) & 7) == TestStore.ID.partitionIndex()) {
                mine.add(hk + "/s");
            }
        }
        assertThat(mine).isNotEmpty();
        assertThat(t.scanAll(Req.fullScan(100))).hasSize(64); // off by default
        t.store.setValidatePartitionHash(true);
        assertThat(names(t.scanAll(Req.fullScan(7)))).containsExactlyInAnyOrderElementsOf(mine);
        get_scanner_request optOut = Req.fullScan(100);
        optOut.setValidate_partition_hash(false);
        assertThat(t.scanAll(optOut)).hasSize(64);
    }

    @Test
    void binaryKeysComeBackByteForByte() {
        byte[] hk = {0, (byte) 0xFF, 0};
        byte[] sk = {(byte) 0xFF, 0, (byte) 0xFF};
        t.put(key(hk, sk), new byte[] {0, 1, (byte) 0xFF}, 0);
        t.put(key(new byte[0], new byte[0]), b("e"), 0);
        List<key_value> all = t.scanAll(Req.fullScan(1));
        assertThat(all)
                .extracting(kv -> Bytes.hex(kv.getKey().data()))
                .containsExactly(Bytes.hex(key(new byte[0], new byte[0])), Bytes.hex(key(hk, sk)));
        assertThat(all.get(1).getValue().data()).isEqualTo(new byte[] {0, 1, (byte) 0xFF});
    }

    @Test
    void contextIdsOfARestartedNodeDifferUnlessTheSeedIsInjected() {
        fill(1, 10);
        long before = t.store.getScanner(Req.fullScan(3)).getContext_id();
        t.close();
        // a restarted node (new engine, default seed): a client still holding an old id must not hit a new scan
        t = new TestStore(tmp);
        long after = t.store.getScanner(Req.fullScan(3)).getContext_id();
        assertThat(after >>> 32).isNotEqualTo(before >>> 32);
        t.close();
        // an injected seed makes them reproducible (simulation)
        long[] seeded = new long[2];
        for (int i = 0; i < 2; i++) {
            try (TestStore s = new TestStore(tmp.resolve("seeded" + i), c -> c.randomSeed(7))) {
                s.put("h", "s", "v");
                s.put("h", "t", "v");
                seeded[i] = s.store.getScanner(Req.fullScan(1)).getContext_id();
            }
        }
        assertThat(seeded[0]).isNotNegative().isEqualTo(seeded[1]);
        t = new TestStore(tmp.resolve("unused"));
    }
    /** Keys and values around and beyond RangeIterator's reused buffers (256-byte keys, 4096-byte stored values). */
    @Test
    void recordsAroundTheIteratorBufferSizesComeBackWhole() {
        int header = 12; // value data version 1
        int[] storedKeyLengths = {255, 256, 257, 1000, 70_000, 6};
        int[] storedValueLengths = {4095, 4096, 4097, 100_000, 12, 5000};
        byte[] hk = b("big");
        java.util.Random random = new java.util.Random(3);
        java.util.Map<String, byte[]> written = new java.util.TreeMap<>();
        for (int i = 0; i < storedKeyLengths.length; i++) {
            // a one-byte prefix keeps the sort keys in write order; the rest is random binary
            byte[] sk = new byte[storedKeyLengths[i] - 2 - hk.length];
            random.nextBytes(sk);
            sk[0] = (byte) i;
            byte[] value = new byte[storedValueLengths[i] - header];
            random.nextBytes(value);
            t.put(key(hk, sk), value, i % 2 == 0 ? t.now() + 100 : 0);
            written.put(Bytes.hex(key(hk, sk)), value);
        }
        get_scanner_request scan = Req.hashScan("big", "", "", 1);
        scan.setReturn_expire_ts(true);
        List<key_value> all = t.scanAll(scan);
        assertThat(all).hasSize(storedKeyLengths.length);
        for (int i = 0; i < all.size(); i++) {
            key_value kv = all.get(i);
            assertThat(kv.getKey().length()).isEqualTo(storedKeyLengths[i]);
            assertThat(kv.getValue().data())
                    .isEqualTo(written.get(Bytes.hex(kv.getKey().data())));
            assertThat(kv.getExpire_ts_seconds()).isEqualTo(i % 2 == 0 ? t.now() + 100 : 0);
        }
        io.pegasus.thrift.multi_get_response range =
                t.store.multiGet(Req.multiGetRange("big", null, true, null, false, 0, false));
        assertThat(range.getError()).isZero();
        assertThat(range.getKvs()).hasSize(storedKeyLengths.length);
        for (key_value kv : range.getKvs()) {
            assertThat(kv.getValue().data())
                    .isEqualTo(written.get(Bytes.hex(key(hk, kv.getKey().data()))));
        }
        assertThat(t.store.sortkeyCount(hk).getCount()).isEqualTo(storedKeyLengths.length);
        t.advanceSeconds(100); // the even ones expire, whatever their size
        assertThat(t.store.sortkeyCount(hk).getCount()).isEqualTo(3);
        assertThat(t.scanAll(Req.hashScan("big", "", "", 2))).hasSize(3);
    }
}
