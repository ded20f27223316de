package io.pegasus.client;

/**
 * Where the client reports what it measures. The client asks once per opened table for a {@link TableMetrics} and
 * then reports every operation to it, so an implementation can keep per-table state without a lookup per call.
 *
 * <p>Implementations must be thread-safe and fast: {@link TableMetrics#record} runs on the client's network
 * threads. {@link HistogramMetrics} (the default) keeps a {@link io.pegasus.metrics.LatencyHistogram} per table and
 * operation.
 */
@FunctionalInterface
public interface ClientMetrics {
    /** Reports nothing. */
    ClientMetrics NONE = table -> TableMetrics.NONE;

    TableMetrics forTable(String table);

    /** The measurements of one table. */
    @FunctionalInterface
    interface TableMetrics {
        TableMetrics NONE = (op, latencyNanos, success) -> {};

        /**
         * One finished operation: its latency from the call to the completion of its result (retries included), and
         * whether it succeeded (a check that did not pass, a missing key and an incomplete multiGet are successes).
         */
        void record(OperationType op, long latencyNanos, boolean success);
    }
}
