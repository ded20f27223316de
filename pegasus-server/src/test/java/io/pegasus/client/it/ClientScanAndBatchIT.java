package io.pegasus.client.it;

import static io.pegasus.client.it.ClusterFixture.b;
import static io.pegasus.client.it.ClusterFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.client.BatchOutcome;
import io.pegasus.client.DelRangeOptions;
import io.pegasus.client.FilterType;
import io.pegasus.client.FullKey;
import io.pegasus.client.HashKeyData;
import io.pegasus.client.HashKeySortKeys;
import io.pegasus.client.MultiGetResult;
import io.pegasus.client.PegasusScanner;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.ScanOptions;
import io.pegasus.client.ScanRecord;
import io.pegasus.client.SetItem;
import io.pegasus.client.SortKeyValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scanners (hash and unordered, with filters), delRange and the batch forms against a real cluster. */
class ClientScanAndBatchIT {
    private static ClusterFixture fx;
    private static PegasusTable t;

    @BeforeAll
    static void start() throws Exception {
        fx = ClusterFixture.start("client_scan");
        t = fx.table;
        // 20 hash keys x 50 sort keys, plus 100 records that expire at once
        for (int h = 0; h < 20; h++) {
            List<SortKeyValue> values = new ArrayList<>();
            for (int s = 0; s < 50; s++) {
                values.add(SortKeyValue.of(String.format("s%02d", s), "v" + h + "." + s));
            }
            t.multiSet(b("h" + h), values);
        }
        for (int i = 0; i < 100; i++) {
            t.set(b("short"), b("x" + i), b("v"), 1);
        }
        Thread.sleep(2100);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static List<ScanRecord> all(PegasusScanner scanner) throws Exception {
        List<ScanRecord> out = new ArrayList<>();
        try (scanner) {
            for (ScanRecord r = scanner.next(); r != null; r = scanner.next()) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void hashScannerRangesAndFilters() throws Exception {
        List<ScanRecord> whole =
                all(t.getScanner(b("h3"), null, null, ScanOptions.defaults().withBatchSize(7)));
        assertThat(whole).hasSize(50);
        assertThat(whole).extracting(r -> s(r.sortKey())).isSorted();
        assertThat(s(whole.get(10).value())).isEqualTo("v3.10");
        List<ScanRecord> range = all(t.getScanner(
                b("h3"),
                b("s10"),
                b("s20"),
                ScanOptions.defaults().withStartInclusive(false).withStopInclusive(true)));
        assertThat(range)
                .extracting(r -> s(r.sortKey()))
                .startsWith("s11")
                .endsWith("s20")
                .hasSize(10);
        List<ScanRecord> prefix = all(t.getScanner(
                b("h3"), null, null, ScanOptions.defaults().withSortKeyFilter(FilterType.MATCH_PREFIX, b("s4"))));
        assertThat(prefix).hasSize(10);
        List<ScanRecord> anywhere = all(t.getScanner(
                b("h3"),
                null,
                null,
                ScanOptions.defaults()
                        .withSortKeyFilter(FilterType.MATCH_ANYWHERE, b("7"))
                        .withNoValue(true)));
        assertThat(anywhere).extracting(r -> s(r.sortKey())).containsExactly("s07", "s17", "s27", "s37", "s47");
        assertThat(anywhere.get(0).value()).isEmpty();
        assertThat(all(t.getScanner(b("short"), null, null, ScanOptions.defaults())))
                .as("expired records never show")
                .isEmpty();
    }

    @Test
    void unorderedScannersReturnEveryLiveRecordOnce() throws Exception {
        for (int split : new int[] {1, 3, 100}) {
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (PegasusScanner s :
                    t.getUnorderedScanners(split, ScanOptions.defaults().withBatchSize(33))) {
                for (ScanRecord r : all(s)) {
                    if (s(r.hashKey()).startsWith("h")) {
                        seen.add(s(r.hashKey()) + "/" + s(r.sortKey()));
                        total++;
                    }
                }
            }
            assertThat(total).as("split " + split).isEqualTo(1000);
            assertThat(seen).hasSize(1000);
        }
        int filtered = 0;
        for (PegasusScanner s : t.getUnorderedScanners(
                4,
                ScanOptions.defaults()
                        .withHashKeyFilter(FilterType.MATCH_POSTFIX, b("7"))
                        .withSortKeyFilter(FilterType.MATCH_PREFIX, b("s0")))) {
            filtered += all(s).size();
        }
        assertThat(filtered).as("h7 and h17, s00..s09").isEqualTo(20);
    }

    @Test
    void delRangeDeletesTheRangeOnly() throws Exception {
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            values.add(SortKeyValue.of(String.format("d%03d", i), "v"));
        }
        for (int from = 0; from < 250; from += 100) {
            t.multiSet(b("del"), values.subList(from, Math.min(250, from + 100)));
        }
        t.delRange(b("del"), b("d010"), b("d200"), DelRangeOptions.defaults());
        assertThat(t.sortKeyCount(b("del"))).isEqualTo(60);
        t.delRange(
                b("del"), null, null, DelRangeOptions.defaults().withSortKeyFilter(FilterType.MATCH_POSTFIX, b("5")));
        assertThat(t.sortKeyCount(b("del"))).isEqualTo(54);
        t.delRange(b("del"), null, null, DelRangeOptions.defaults());
        assertThat(t.sortKeyCount(b("del"))).isZero();
    }

    @Test
    void batchForms() throws Exception {
        List<SetItem> items = new ArrayList<>();
        List<FullKey> keys = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 101; i++) {
            String hk = "batch" + random.nextInt(1_000_000);
            items.add(new SetItem(b(hk), b("s" + i), b("v" + i), 0));
            keys.add(new FullKey(b(hk), b("s" + i)));
        }
        assertThat(t.batchSet(items)).allMatch(BatchOutcome::isOk);
        List<BatchOutcome<byte[]>> got = t.batchGet(keys);
        List<BatchOutcome<byte[]>> byPartition = t.batchGetByPartitions(keys);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(s(got.get(i).value())).isEqualTo("v" + i);
            assertThat(s(byPartition.get(i).value())).isEqualTo("v" + i);
        }
        assertThat(t.batchDel(keys.subList(0, 50))).allMatch(BatchOutcome::isOk);
        assertThat(t.batchGet(keys.subList(0, 50))).allMatch(o -> o.isOk() && o.value() == null);

        assertThat(t.batchMultiSet(
                        List.of(
                                new HashKeyData(
                                        b("bm1"), List.of(SortKeyValue.of("a", "1"), SortKeyValue.of("b", "2"))),
                                new HashKeyData(b("bm2"), List.of(SortKeyValue.of("c", "3")))),
                        0))
                .allMatch(BatchOutcome::isOk);
        List<BatchOutcome<MultiGetResult>> multi = t.batchMultiGet(List.of(
                new HashKeySortKeys(b("bm1"), List.of()), new HashKeySortKeys(b("bm2"), List.of(b("c"), b("x")))));
        assertThat(multi.get(0).getOrThrow().values()).hasSize(2);
        assertThat(multi.get(1).getOrThrow().values()).hasSize(1);
        assertThat(t.batchMultiDel(List.of(new HashKeySortKeys(b("bm1"), List.of(b("a"), b("b"))))))
                .allMatch(BatchOutcome::isOk);
        assertThat(t.sortKeyCount(b("bm1"))).isZero();
    }
}
