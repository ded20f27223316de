package io.pegasus.examples;

import static io.pegasus.examples.ExampleSupport.bytes;
import static io.pegasus.examples.ExampleSupport.check;

import io.pegasus.client.BatchOutcome;
import io.pegasus.client.FullKey;
import io.pegasus.client.HashKeyData;
import io.pegasus.client.HashKeySortKeys;
import io.pegasus.client.HistogramMetrics;
import io.pegasus.client.MultiGetResult;
import io.pegasus.client.OperationType;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.SetItem;
import io.pegasus.client.SortKeyValue;
import io.pegasus.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asynchronous API with a bounded window of requests in flight (the way a streaming sink uses the client), the
 * batch forms with their per-item outcomes, and the client's latency histograms.
 *
 * <pre>examples/run AsyncAndBatch 127.0.0.1:34601,127.0.0.1:34602 [table] [replicas]</pre>
 */
public final class AsyncAndBatch {
    private AsyncAndBatch() {}

    public static void main(String[] args) throws Exception {
        String tableName = ExampleSupport.table(args, "examples_async");
        try (PegasusClient client = PegasusClient.create(args[0])) {
            PegasusTable table = ExampleSupport.openOrCreate(client, tableName, args);
            run(table);
            HistogramMetrics metrics = (HistogramMetrics) client.metrics();
            LatencyHistogram sets = metrics.histogram(tableName, OperationType.SET);
            System.out.printf(
                    "set latency: %d calls, p50 %.2f ms, p99 %.2f ms%n",
                    sets.count(), sets.percentile(50) / 1e6, sets.percentile(99) / 1e6);
        }
        System.out.println("AsyncAndBatch: all checks passed");
    }

    static void run(PegasusTable table) throws Exception {
        String run = "async-" + System.nanoTime() + "-";
        int records = 5000;

        // at most 256 writes in flight; each failure is counted, not fatal
        Semaphore window = new Semaphore(256);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> writes = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            window.acquire();
            CompletableFuture<Void> f = table.setAsync(bytes(run + (i % 100)), bytes("s" + i), bytes("v" + i));
            writes.add(f.whenComplete((v, e) -> {
                window.release();
                if (e != null) {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
                .exceptionally(e -> null)
                .join();
        check(failed.get() == 0, records + " async sets, " + failed.get() + " failed");

        List<FullKey> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(new FullKey(bytes(run + (i % 100)), bytes("s" + i)));
        }
        keys.add(FullKey.of(run + "0", "missing"));
        List<BatchOutcome<byte[]>> got = table.batchGet(keys);
        check(got.get(7).isOk() && ExampleSupport.str(got.get(7).value()).equals("v7"), "batchGet item 7");
        check(got.get(300).isOk() && got.get(300).value() == null, "batchGet of a missing key is null");
        List<BatchOutcome<byte[]>> byPartition = table.batchGetByPartitions(keys);
        int same = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (java.util.Arrays.equals(got.get(i).value(), byPartition.get(i).value())) {
                same++;
            }
        }
        check(same == keys.size(), "batchGetByPartitions agrees with batchGet");

        List<BatchOutcome<Void>> sets = table.batchSet(List.of(
                new SetItem(bytes(run + "b"), bytes("x"), bytes("1"), 0),
                new SetItem(bytes(run + "b"), bytes("y"), bytes("2"), -1))); // negative TTL: rejected
        check(sets.get(0).isOk() && !sets.get(1).isOk(), "batchSet reports each item: " + sets);

        table.batchMultiSet(
                List.of(new HashKeyData(
                        bytes(run + "m"), List.of(SortKeyValue.of("a", "1"), SortKeyValue.of("b", "2")))),
                0);
        List<BatchOutcome<MultiGetResult>> multi =
                table.batchMultiGet(List.of(new HashKeySortKeys(bytes(run + "m"), List.of())));
        check(multi.get(0).getOrThrow().values().size() == 2, "batchMultiGet of a whole hash key");
        check(
                table.batchMultiDel(List.of(new HashKeySortKeys(bytes(run + "m"), List.of(bytes("a"), bytes("b")))))
                        .get(0)
                        .isOk(),
                "batchMultiDel");
        check(
                table.batchDel(List.of(FullKey.of(run + "b", "x"))).get(0).isOk()
                        && table.get(bytes(run + "b"), bytes("x")) == null,
                "batchDel");

        CompletableFuture<Long> counter = table.incrAsync(bytes(run + "c"), bytes("n"), 10)
                .thenCompose(v -> table.incrAsync(bytes(run + "c"), bytes("n"), 1));
        check(counter.get() == 11, "chained async incr");
    }
}
