package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RpcNames;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.multi_remove_response;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hash and unordered scanners, delRange and unlimited multiGetSortKeys over the scan protocol. */
class ScannerTest {
    private static final int PARTITIONS = 4;
    private static final String HASH_KEY = "user";
    private static final byte[] HK = Bytes.utf8(HASH_KEY);

    private FakeMeta meta;
    private FakeReplica a;
    private final CannedScans scans = new CannedScans();
    private PegasusClient client;
    private PegasusTable t;
    private int userPartition;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        a = new FakeReplica();
        scans.install(a);
        InetSocketAddress[] primaries = new InetSocketAddress[PARTITIONS];
        java.util.Arrays.fill(primaries, a.address());
        meta.addTable("t", primaries);
        userPartition = PartitionHash.partitionIndex(PartitionHash.crc64(HK), PARTITIONS);
        for (int i = 0; i < 250; i++) {
            scans.put(userPartition, HASH_KEY, String.format("k%03d", i), "v" + i);
        }
        scans.put(userPartition, "userX", "k000", "other hash key");
        scans.put(userPartition, "use", "zzz", "other hash key");
        client = TestClients.client(meta.addressString());
        t = client.openTable("t");
    }

    @AfterEach
    void stop() {
        client.close();
        meta.close();
        a.close();
    }

    private static List<String> sortKeys(PegasusScanner s) throws PegasusException {
        List<String> out = new ArrayList<>();
        for (ScanRecord r = s.next(); r != null; r = s.next()) {
            out.add(new String(r.sortKey()));
        }
        return out;
    }

    @Test
    void hashScannerReturnsTheHashKeyInOrderAcrossBatches() throws Exception {
        try (PegasusScanner s = t.getScanner(HK, null, null, ScanOptions.defaults())) {
            List<String> keys = sortKeys(s);
            assertThat(keys).hasSize(250);
            assertThat(keys.get(0)).isEqualTo("k000");
            assertThat(keys.get(249)).isEqualTo("k249");
            assertThat(keys).isSorted();
        }
        assertThat(a.count(RpcNames.GET_SCANNER)).isEqualTo(1);
        assertThat(a.count(RpcNames.SCAN)).isEqualTo(2);
        assertThat(a.calls(RpcNames.GET_SCANNER).get(0).meta().partitionHash()).isEqualTo(PartitionHash.crc64(HK));
    }

    @Test
    void rangesAndFilters() throws Exception {
        try (PegasusScanner s = t.getScanner(
                HK,
                Bytes.utf8("k010"),
                Bytes.utf8("k020"),
                ScanOptions.defaults().withStopInclusive(true))) {
            assertThat(sortKeys(s)).hasSize(11).startsWith("k010").endsWith("k020");
        }
        try (PegasusScanner s = t.getScanner(
                HK, null, null, ScanOptions.defaults().withSortKeyFilter(FilterType.MATCH_PREFIX, Bytes.utf8("k01")))) {
            assertThat(sortKeys(s)).hasSize(10).startsWith("k010");
        }
        get_scanner_request prefix = a.calls(RpcNames.GET_SCANNER).get(1).call().readArgs(new get_scanner_request());
        assertThat(prefix.getStart_key().data()).isEqualTo(StoredKey.encode(HK, Bytes.utf8("k01")));
        try (PegasusScanner s = t.getScanner(
                HK,
                null,
                null,
                ScanOptions.defaults()
                        .withSortKeyFilter(FilterType.MATCH_POSTFIX, Bytes.utf8("7"))
                        .withNoValue(true))) {
            ScanRecord first = s.next();
            assertThat(new String(first.sortKey())).isEqualTo("k007");
            assertThat(first.value()).isEmpty();
            assertThat(first.hashKey()).isEqualTo(HK);
        }
    }

    @Test
    void anEmptyRangeSendsNothing() throws Exception {
        try (PegasusScanner s = t.getScanner(HK, Bytes.utf8("b"), Bytes.utf8("a"), ScanOptions.defaults())) {
            assertThat(s.next()).isNull();
        }
        assertThat(a.received).isEmpty();
    }

    @Test
    void aLostContextIsReopenedAfterTheLastKey() throws Exception {
        scans.loseContexts.set(1);
        try (PegasusScanner s = t.getScanner(HK, null, null, ScanOptions.defaults())) {
            List<String> keys = sortKeys(s);
            assertThat(keys).hasSize(250).doesNotHaveDuplicates();
        }
        List<FakeReplica.Received> opens = a.calls(RpcNames.GET_SCANNER);
        assertThat(opens).hasSize(2);
        get_scanner_request reopen = opens.get(1).call().readArgs(new get_scanner_request());
        assertThat(reopen.getStart_key().data()).isEqualTo(StoredKey.encode(HK, Bytes.utf8("k099")));
        assertThat(reopen.isStart_inclusive()).isFalse();
    }

    @Test
    void unorderedScannersCoverEveryPartitionOnce() throws Exception {
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < 30; i++) {
                scans.put(p, "p" + p, "s" + i, "v");
            }
        }
        List<PegasusScanner> scanners =
                t.getUnorderedScanners(3, ScanOptions.defaults().withBatchSize(7));
        assertThat(scanners).hasSize(3);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (PegasusScanner s : scanners) {
            for (ScanRecord r = s.next(); r != null; r = s.next()) {
                seen.add(new String(r.hashKey()) + "/" + new String(r.sortKey()));
                total++;
            }
            s.close();
        }
        assertThat(total).isEqualTo(120 + 252);
        assertThat(seen).hasSize(total);
        for (FakeReplica.Received r : a.calls(RpcNames.GET_SCANNER)) {
            assertThat(r.meta().partitionHash()).isEqualTo(r.meta().partitionIndex());
        }
        assertThat(a.calls(RpcNames.GET_SCANNER))
                .extracting(r -> r.meta().partitionIndex())
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void unorderedScannersApplyHashKeyFilters() throws Exception {
        Set<String> hashKeys = new HashSet<>();
        for (PegasusScanner s : t.getUnorderedScanners(
                2, ScanOptions.defaults().withHashKeyFilter(FilterType.MATCH_PREFIX, Bytes.utf8("userX")))) {
            for (ScanRecord r = s.next(); r != null; r = s.next()) {
                hashKeys.add(new String(r.hashKey()));
            }
        }
        assertThat(hashKeys).containsExactly("userX");
    }

    @Test
    void closingEarlyClearsTheServerContext() throws Exception {
        PegasusScanner s = t.getScanner(HK, null, null, ScanOptions.defaults().withBatchSize(10));
        assertThat(s.next()).isNotNull();
        s.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scans.cleared.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(scans.cleared).containsExactly(1000L);
        assertThat(s.next()).as("a closed scanner is finished").isNull();
    }

    @Test
    void aScanStoppedByTheServerTimeBudgetFailsAfterItsRecords() throws Exception {
        scans.abortAfter.set(1);
        try (PegasusScanner s = t.getScanner(HK, null, null, ScanOptions.defaults())) {
            for (int i = 0; i < 200; i++) {
                assertThat(s.next()).isNotNull();
            }
            assertThatThrownBy(s::next)
                    .isInstanceOf(PegasusStatusException.class)
                    .satisfies(
                            e -> assertThat(((PegasusException) e).statusCode()).isEqualTo(7));
        }
    }

    @Test
    void asyncIterationFromCallbacks() throws Exception {
        // each callback asks for the next record at once: the scanner must already be free again
        PegasusScanner s = t.getScanner(HK, null, null, ScanOptions.defaults().withBatchSize(64));
        java.util.concurrent.CompletableFuture<Integer> done = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        class Loop implements java.util.function.BiConsumer<ScanRecord, Throwable> {
            @Override
            public void accept(ScanRecord r, Throwable e) {
                if (e != null) {
                    done.completeExceptionally(e);
                } else if (r == null) {
                    done.complete(n.get());
                } else {
                    n.incrementAndGet();
                    var unused = s.nextAsync().whenComplete(this);
                }
            }
        }
        var unused = s.nextAsync().whenComplete(new Loop());
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(250);
        s.close();
    }

    @Test
    void asyncIteration() throws Exception {
        try (PegasusScanner s =
                t.getScanner(HK, null, null, ScanOptions.defaults().withBatchSize(64))) {
            int n = 0;
            while (s.nextAsync().get(5, TimeUnit.SECONDS) != null) {
                n++;
            }
            assertThat(n).isEqualTo(250);
        }
    }

    @Test
    void delRangeRemovesWhatTheScanFindsInBatchesOfAtMost100() throws Exception {
        a.on(RpcNames.MULTI_REMOVE, call -> {
            multi_remove_request req = call.readArgs(new multi_remove_request());
            call.reply(new multi_remove_response(0, req.getSort_keysSize(), 1, 0, 1, ""));
        });
        t.delRange(HK, Bytes.utf8("k000"), null, DelRangeOptions.defaults());
        List<Integer> sizes = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        for (FakeReplica.Received r : a.calls(RpcNames.MULTI_REMOVE)) {
            multi_remove_request req = r.call().readArgs(new multi_remove_request());
            sizes.add(req.getSort_keysSize());
            req.getSort_keys().forEach(k -> removed.add(new String(k.data())));
        }
        assertThat(sizes).allMatch(n -> n <= 100);
        assertThat(removed).hasSize(250);
        get_scanner_request scan = a.calls(RpcNames.GET_SCANNER).get(0).call().readArgs(new get_scanner_request());
        assertThat(scan.isNo_value()).isTrue();
        // a filtered delRange deletes only the matching sort keys
        int before = a.calls(RpcNames.MULTI_REMOVE).size();
        t.delRange(
                HK,
                null,
                null,
                DelRangeOptions.defaults().withSortKeyFilter(FilterType.MATCH_POSTFIX, Bytes.utf8("00")));
        List<FakeReplica.Received> more = a.calls(RpcNames.MULTI_REMOVE)
                .subList(before, a.calls(RpcNames.MULTI_REMOVE).size());
        assertThat(more).hasSize(1);
        assertThat(more.get(0).call().readArgs(new multi_remove_request()).getSort_keys())
                .extracting(k -> new String(k.data()))
                .containsExactly("k000", "k100", "k200");
    }

    @Test
    void multiGetSortKeysWithoutLimitsScansTheWholeHashKey() throws Exception {
        MultiGetSortKeysResult r = t.multiGetSortKeys(HK);
        assertThat(r.allFetched()).isTrue();
        assertThat(r.sortKeys()).hasSize(250);
        assertThat(a.count(RpcNames.MULTI_GET)).isZero();
    }
}
