package io.pegasus.client;

/**
 * Options of a range multiGet (spec 4.9). Immutable; start from {@link #defaults()} and use the {@code with}
 * methods.
 *
 * @param startInclusive whether the start sort key itself is included (default true)
 * @param stopInclusive whether the stop sort key itself is included (default false; ignored when the stop sort key
 *     is empty, which means "to the end of the hash key")
 * @param sortKeyFilterType filter applied to sort keys (default none)
 * @param sortKeyFilterPattern the filter's pattern; null or empty passes everything
 * @param noValue return sort keys only, values empty
 * @param reverse take the records from the end of the range (they are still returned in ascending order)
 * @param maxFetchCount at most this many records; 0 or negative = no client limit (the server caps at 3000)
 * @param maxFetchSize at most about this many bytes of keys and values; 0 or negative = no client limit
 */
@SuppressWarnings("ArrayRecordComponent") // an options holder, never compared
public record MultiGetOptions(
        boolean startInclusive,
        boolean stopInclusive,
        FilterType sortKeyFilterType,
        byte[] sortKeyFilterPattern,
        boolean noValue,
        boolean reverse,
        int maxFetchCount,
        int maxFetchSize) {
    private static final MultiGetOptions DEFAULTS =
            new MultiGetOptions(true, false, FilterType.NO_FILTER, null, false, false, -1, -1);

    public MultiGetOptions {
        if (sortKeyFilterType == null) {
            throw new IllegalArgumentException("sortKeyFilterType must not be null");
        }
    }

    public static MultiGetOptions defaults() {
        return DEFAULTS;
    }

    public MultiGetOptions withStartInclusive(boolean v) {
        return new MultiGetOptions(
                v,
                stopInclusive,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue,
                reverse,
                maxFetchCount,
                maxFetchSize);
    }

    public MultiGetOptions withStopInclusive(boolean v) {
        return new MultiGetOptions(
                startInclusive,
                v,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue,
                reverse,
                maxFetchCount,
                maxFetchSize);
    }

    public MultiGetOptions withSortKeyFilter(FilterType type, byte[] pattern) {
        return new MultiGetOptions(
                startInclusive, stopInclusive, type, pattern, noValue, reverse, maxFetchCount, maxFetchSize);
    }

    public MultiGetOptions withNoValue(boolean v) {
        return new MultiGetOptions(
                startInclusive,
                stopInclusive,
                sortKeyFilterType,
                sortKeyFilterPattern,
                v,
                reverse,
                maxFetchCount,
                maxFetchSize);
    }

    public MultiGetOptions withReverse(boolean v) {
        return new MultiGetOptions(
                startInclusive,
                stopInclusive,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue,
                v,
                maxFetchCount,
                maxFetchSize);
    }

    public MultiGetOptions withMaxFetchCount(int count) {
        return new MultiGetOptions(
                startInclusive,
                stopInclusive,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue,
                reverse,
                count,
                maxFetchSize);
    }

    public MultiGetOptions withMaxFetchSize(int bytes) {
        return new MultiGetOptions(
                startInclusive,
                stopInclusive,
                sortKeyFilterType,
                sortKeyFilterPattern,
                noValue,
                reverse,
                maxFetchCount,
                bytes);
    }
}
