package io.pegasus.client;

import io.pegasus.metrics.LatencyHistogram;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default {@link ClientMetrics}: a latency histogram (nanoseconds) and a failure counter per table and
 * operation. Recording is lock-free and allocation-free.
 */
@SuppressWarnings("EnumOrdinal") // operation types index dense arrays: no map lookup per recording
public final class HistogramMetrics implements ClientMetrics {
    private final Map<String, PerTable> tables = new ConcurrentHashMap<>();

    @Override
    public TableMetrics forTable(String table) {
        return tables.computeIfAbsent(table, t -> new PerTable());
    }

    /** The latency histogram of one table's operation (empty when none was recorded). */
    public LatencyHistogram histogram(String table, OperationType op) {
        return ((PerTable) forTable(table)).histograms[op.ordinal()];
    }

    /** How many of one table's operations of this type failed. */
    public long failures(String table, OperationType op) {
        return ((PerTable) forTable(table)).failures[op.ordinal()].sum();
    }

    /** The tables seen so far. */
    public Set<String> tables() {
        return Set.copyOf(tables.keySet());
    }

    private static final class PerTable implements TableMetrics {
        final LatencyHistogram[] histograms = new LatencyHistogram[OperationType.values().length];
        final LongAdder[] failures = new LongAdder[OperationType.values().length];

        PerTable() {
            for (int i = 0; i < histograms.length; i++) {
                histograms[i] = new LatencyHistogram();
                failures[i] = new LongAdder();
            }
        }

        @Override
        public void record(OperationType op, long latencyNanos, boolean success) {
            histograms[op.ordinal()].record(latencyNanos);
            if (!success) {
                failures[op.ordinal()].increment();
            }
        }
    }
}
