package io.pegasus.examples;

import static io.pegasus.examples.ExampleSupport.bytes;
import static io.pegasus.examples.ExampleSupport.check;

import io.pegasus.client.DelRangeOptions;
import io.pegasus.client.FilterType;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusScanner;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.ScanOptions;
import io.pegasus.client.ScanRecord;
import io.pegasus.client.SortKeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scanning: a hash scanner over a sort-key range with a filter, unordered scanners over the whole table in parallel,
 * and delRange.
 *
 * <pre>examples/run Scanning 127.0.0.1:34601,127.0.0.1:34602 [table] [replicas]</pre>
 */
public final class Scanning {
    private Scanning() {}

    public static void main(String[] args) throws Exception {
        String tableName = ExampleSupport.table(args, "examples_scan");
        try (PegasusClient client = PegasusClient.create(args[0])) {
            PegasusTable table = ExampleSupport.openOrCreate(client, tableName, args);
            run(table);
        }
        System.out.println("Scanning: all checks passed");
    }

    static void run(PegasusTable table) throws Exception {
        String run = "scan-" + System.nanoTime() + "-";
        // 5 hash keys x 40 sort keys
        for (int h = 0; h < 5; h++) {
            List<SortKeyValue> values = new ArrayList<>();
            for (int s = 0; s < 40; s++) {
                values.add(SortKeyValue.of(String.format("s%02d", s), "v" + s));
            }
            table.multiSet(bytes(run + h), values);
        }

        byte[] hk = bytes(run + "0");
        List<String> inRange = new ArrayList<>();
        try (PegasusScanner scanner = table.getScanner(
                hk, bytes("s10"), bytes("s30"), ScanOptions.defaults().withBatchSize(7))) {
            for (ScanRecord r = scanner.next(); r != null; r = scanner.next()) {
                inRange.add(ExampleSupport.str(r.sortKey()));
            }
        }
        check(inRange.size() == 20 && inRange.get(0).equals("s10"), "hash scan of [s10, s30): " + inRange.size());

        List<String> filtered = new ArrayList<>();
        try (PegasusScanner scanner = table.getScanner(
                hk, null, null, ScanOptions.defaults().withSortKeyFilter(FilterType.MATCH_POSTFIX, bytes("5")))) {
            for (ScanRecord r = scanner.next(); r != null; r = scanner.next()) {
                filtered.add(ExampleSupport.str(r.sortKey()));
            }
        }
        check(filtered.equals(List.of("s05", "s15", "s25", "s35")), "hash scan with a postfix filter: " + filtered);

        // the whole table, split over 4 scanners read by 4 threads; only this run's hash keys are counted
        List<PegasusScanner> scanners = table.getUnorderedScanners(
                4, ScanOptions.defaults().withHashKeyFilter(FilterType.MATCH_PREFIX, bytes(run)));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(scanners.size());
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (PegasusScanner s : scanners) {
                counts.add(pool.submit(() -> {
                    int n = 0;
                    try (s) {
                        for (ScanRecord r = s.next(); r != null; r = s.next()) {
                            seen.add(ExampleSupport.str(r.hashKey()) + "/" + ExampleSupport.str(r.sortKey()));
                            n++;
                        }
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> c : counts) {
                total += c.get();
            }
            check(total == 200 && seen.size() == 200, "unordered scanners saw each record once: " + total);
        } finally {
            pool.shutdown();
        }

        table.delRange(hk, bytes("s00"), bytes("s20"), DelRangeOptions.defaults());
        check(table.sortKeyCount(hk) == 20, "delRange removed [s00, s20)");
        table.delRange(hk, null, null, DelRangeOptions.defaults());
        check(table.sortKeyCount(hk) == 0, "delRange of the whole hash key");
        check(table.multiGetSortKeys(bytes(run + "1")).sortKeys().size() == 40, "multiGetSortKeys");
    }
}
