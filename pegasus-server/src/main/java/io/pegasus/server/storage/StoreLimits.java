package io.pegasus.server.storage;

/**
 * Server-side caps of the data operations (spec 4.9, 4.13, 4.16, and the appendix: these are Apache Pegasus server
 * defaults, not protocol). Clients only see the codes that signal them: 4 for an oversized value, 7 for an incomplete
 * multi_get or a scan stopped by the time budget, a live context id for a scan batch cut by a count.
 *
 * @param maxValueBytes largest user value a write may carry; larger -> InvalidArgument, nothing written
 * @param multiGetMaxRecords records returned (and, in range mode, examined) per multi_get
 * @param multiGetMaxBytes sort-key + value bytes returned per range-mode multi_get
 * @param scanMaxBatch records returned and examined per get_scanner / scan call
 * @param timeBudgetMillis a multi_get, sortkey_count or scan batch stops after this long
 * @param scannerIdleMillis an unused scanner context expires after this long
 * @param maxScanners scanner contexts kept per partition; the least recently used is evicted beyond it
 */
public record StoreLimits(
        int maxValueBytes,
        int multiGetMaxRecords,
        long multiGetMaxBytes,
        int scanMaxBatch,
        long timeBudgetMillis,
        long scannerIdleMillis,
        int maxScanners) {

    public static final StoreLimits DEFAULT = new StoreLimits(1 << 20, 3000, 30L << 20, 1000, 30_000, 5 * 60_000, 1024);

    public StoreLimits {
        if (maxValueBytes < 0 || multiGetMaxRecords <= 0 || multiGetMaxBytes <= 0 || scanMaxBatch <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (timeBudgetMillis < 0 || scannerIdleMillis <= 0 || maxScanners <= 0) {
            throw new IllegalArgumentException("time limits and the scanner bound must be positive");
        }
    }

    public StoreLimits withMaxValueBytes(int v) {
        return new StoreLimits(
                v,
                multiGetMaxRecords,
                multiGetMaxBytes,
                scanMaxBatch,
                timeBudgetMillis,
                scannerIdleMillis,
                maxScanners);
    }

    public StoreLimits withTimeBudgetMillis(long v) {
        return new StoreLimits(
                maxValueBytes, multiGetMaxRecords, multiGetMaxBytes, scanMaxBatch, v, scannerIdleMillis, maxScanners);
    }

    public StoreLimits withScanners(long idleMillis, int max) {
        return new StoreLimits(
                maxValueBytes, multiGetMaxRecords, multiGetMaxBytes, scanMaxBatch, timeBudgetMillis, idleMillis, max);
    }
}
