package io.pegasus.client;

/**
 * Options of delRange: which sort keys of the range are deleted. Immutable; start from {@link #defaults()}.
 *
 * @param startInclusive whether the start sort key is included (default true)
 * @param stopInclusive whether the stop sort key is included (default false)
 * @param sortKeyFilterType only sort keys passing this filter are deleted
 * @param sortKeyFilterPattern the filter's pattern; null passes everything
 */
@SuppressWarnings("ArrayRecordComponent") // an options holder, never compared
public record DelRangeOptions(
        boolean startInclusive, boolean stopInclusive, FilterType sortKeyFilterType, byte[] sortKeyFilterPattern) {
    private static final DelRangeOptions DEFAULTS = new DelRangeOptions(true, false, FilterType.NO_FILTER, null);

    public DelRangeOptions {
        if (sortKeyFilterType == null) {
            throw new IllegalArgumentException("sortKeyFilterType must not be null");
        }
    }

    public static DelRangeOptions defaults() {
        return DEFAULTS;
    }

    public DelRangeOptions withStartInclusive(boolean v) {
        return new DelRangeOptions(v, stopInclusive, sortKeyFilterType, sortKeyFilterPattern);
    }

    public DelRangeOptions withStopInclusive(boolean v) {
        return new DelRangeOptions(startInclusive, v, sortKeyFilterType, sortKeyFilterPattern);
    }

    public DelRangeOptions withSortKeyFilter(FilterType type, byte[] pattern) {
        return new DelRangeOptions(startInclusive, stopInclusive, type, pattern);
    }
}
