package io.pegasus.client;

/**
 * Options of a scanner (spec 4.13). Immutable; start from {@link #defaults()} and use the {@code with} methods.
 *
 * @param timeoutMs timeout of each GET_SCANNER / SCAN round trip (default 5000 ms, not the operation timeout)
 * @param batchSize records per round trip (default 100; 0 or negative = the server's maximum)
 * @param startInclusive whether the start sort key is included (default true; hash scanners only)
 * @param stopInclusive whether the stop sort key is included (default false; hash scanners only)
 * @param hashKeyFilterType filter on hash keys
 * @param hashKeyFilterPattern its pattern; null passes everything
 * @param sortKeyFilterType filter on sort keys
 * @param sortKeyFilterPattern its pattern; null passes everything
 * @param noValue return keys only, values empty
 */
@SuppressWarnings("ArrayRecordComponent") // an options holder, never compared
public record ScanOptions(
        int timeoutMs,
        int batchSize,
        boolean startInclusive,
        boolean stopInclusive,
        FilterType hashKeyFilterType,
        byte[] hashKeyFilterPattern,
        FilterType sortKeyFilterType,
        byte[] sortKeyFilterPattern,
        boolean noValue) {
    private static final ScanOptions DEFAULTS =
            new ScanOptions(5000, 100, true, false, FilterType.NO_FILTER, null, FilterType.NO_FILTER, null, false);

    public ScanOptions {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("scan timeout must be positive: " + timeoutMs);
        }
        if (hashKeyFilterType == null || sortKeyFilterType == null) {
            throw new IllegalArgumentException("filter types must not be null");
        }
    }

    public static ScanOptions defaults() {
        return DEFAULTS;
    }

    public ScanOptions withTimeoutMs(int ms) {
        return new ScanOptions(
                ms,
                batchSize,
                startInclusive,
                stopInclusive,
                hashKeyFilterType,
                hashKeyFilterPattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue);
    }

    public ScanOptions withBatchSize(int size) {
        return new ScanOptions(
                timeoutMs,
                size,
                startInclusive,
                stopInclusive,
                hashKeyFilterType,
                hashKeyFilterPattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue);
    }

    public ScanOptions withStartInclusive(boolean v) {
        return new ScanOptions(
                timeoutMs,
                batchSize,
                v,
                stopInclusive,
                hashKeyFilterType,
                hashKeyFilterPattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue);
    }

    public ScanOptions withStopInclusive(boolean v) {
        return new ScanOptions(
                timeoutMs,
                batchSize,
                startInclusive,
                v,
                hashKeyFilterType,
                hashKeyFilterPattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue);
    }

    public ScanOptions withHashKeyFilter(FilterType type, byte[] pattern) {
        return new ScanOptions(
                timeoutMs,
                batchSize,
                startInclusive,
                stopInclusive,
                type,
                pattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue);
    }

    public ScanOptions withSortKeyFilter(FilterType type, byte[] pattern) {
        return new ScanOptions(
                timeoutMs,
                batchSize,
                startInclusive,
                stopInclusive,
                hashKeyFilterType,
                hashKeyFilterPattern,
                type,
                pattern,
                noValue);
    }

    public ScanOptions withNoValue(boolean v) {
        return new ScanOptions(
                timeoutMs,
                batchSize,
                startInclusive,
                stopInclusive,
                hashKeyFilterType,
                hashKeyFilterPattern,
                sortKeyFilterType,
                sortKeyFilterPattern,
                v);
    }
}
