package io.pegasus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Operations built on scanners (spec 4.13, 7.7): hash and unordered scanners, delRange (a no-value scan of the range
 * whose sort keys are removed with multi_remove in batches of 100) and the unlimited form of multiGetSortKeys (a
 * no-value scan of the whole hash key).
 */
final class RangeOps {
    /** delRange removes at most this many sort keys per multi_remove (spec 4.4). */
    static final int DEL_RANGE_BATCH = 100;

    private final TableHandle table;
    private final int timeoutMs;
    private final Validation check;
    private final MultiKeyOps multi;

    RangeOps(TableHandle table, int timeoutMs, Validation check, MultiKeyOps multi) {
        this.table = table;
        this.timeoutMs = timeoutMs;
        this.check = check;
        this.multi = multi;
    }

    ClientScanner scanner(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions options)
            throws PegasusInvalidArgumentException {
        check.nonEmptyHashKey(hashKey);
        check.notNull(options, "scan options");
        return ClientScanner.forHashKey(table, hashKey, startSortKey, stopSortKey, options);
    }

    List<PegasusScanner> unorderedScanners(int maxSplitCount, ScanOptions options)
            throws PegasusInvalidArgumentException {
        check.notNull(options, "scan options");
        if (maxSplitCount <= 0) {
            throw new PegasusInvalidArgumentException(table.name(), "maxSplitCount must be positive: " + maxSplitCount);
        }
        List<PegasusScanner> out = new ArrayList<>();
        for (int[] partitions : ClientScanner.split(table.routing().partitionCount(), maxSplitCount)) {
            out.add(ClientScanner.forPartitions(table, partitions, options));
        }
        return out;
    }

    CompletableFuture<MultiGetSortKeysResult> allSortKeys(byte[] hashKey) {
        ClientScanner scanner;
        try {
            scanner = scanner(
                    hashKey,
                    null,
                    null,
                    ScanOptions.defaults()
                            .withTimeoutMs(timeoutMs)
                            .withNoValue(true)
                            .withBatchSize(1000));
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<byte[]> keys = new ArrayList<>();
        return collect(scanner, keys)
                .whenComplete((v, e) -> scanner.close())
                .thenApply(v -> new MultiGetSortKeysResult(true, keys));
    }

    private CompletableFuture<Void> collect(ClientScanner scanner, List<byte[]> keys) {
        return scanner.fetchBatch().thenCompose(batch -> {
            if (batch.isEmpty()) {
                return endOf(scanner);
            }
            batch.forEach(r -> keys.add(r.sortKey()));
            return collect(scanner, keys);
        });
    }

    private static CompletableFuture<Void> endOf(ClientScanner scanner) {
        PegasusException failure = scanner.failure();
        return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
    }

    CompletableFuture<Void> delRange(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, DelRangeOptions o) {
        ClientScanner scanner;
        try {
            check.notNull(o, "delRange options");
            ScanOptions scan = ScanOptions.defaults()
                    .withTimeoutMs(timeoutMs)
                    .withNoValue(true)
                    .withBatchSize(DEL_RANGE_BATCH)
                    .withStartInclusive(o.startInclusive())
                    .withStopInclusive(o.stopInclusive())
                    .withSortKeyFilter(o.sortKeyFilterType(), o.sortKeyFilterPattern());
            scanner = scanner(hashKey, startSortKey, stopSortKey, scan);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return deleteBatches(hashKey, scanner).whenComplete((v, e) -> scanner.close());
    }

    /** Scan a batch, delete its keys, repeat: at most one scan batch and one multi_remove in flight. */
    private CompletableFuture<Void> deleteBatches(byte[] hashKey, ClientScanner scanner) {
        return scanner.fetchBatch().thenCompose(batch -> {
            if (batch.isEmpty()) {
                return endOf(scanner);
            }
            CompletableFuture<Void> deleted = CompletableFuture.completedFuture(null);
            for (int from = 0; from < batch.size(); from += DEL_RANGE_BATCH) {
                List<byte[]> chunk = new ArrayList<>(DEL_RANGE_BATCH);
                for (int i = from; i < Math.min(batch.size(), from + DEL_RANGE_BATCH); i++) {
                    chunk.add(batch.get(i).sortKey());
                }
                deleted = deleted.thenCompose(v -> multi.multiDel(hashKey, chunk));
            }
            return deleted.thenCompose(v -> deleteBatches(hashKey, scanner));
        });
    }
}
