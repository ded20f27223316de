package io.pegasus.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import site.ycsb.Status;

/**
 * Latencies and outcomes of one run, written by all client threads at once. {@link #restart} opens the measured
 * window (what came before it, the warm-up, is dropped); {@link #snapshot} closes it.
 */
final class RunStats {
    /** Latencies in microseconds, 3 significant digits. */
    private final Recorder latencies = new Recorder(3);

    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile long windowStartNanos = System.nanoTime();

    Status record(Status status, long startNanos) {
        if (status.isOk()) {
            latencies.recordValue(Math.max(1, (System.nanoTime() - startNanos) / 1000));
            succeeded.increment();
        } else {
            failed.increment();
        }
        return status;
    }

    void restart() {
        latencies.reset();
        succeeded.reset();
        failed.reset();
        windowStartNanos = System.nanoTime();
    }

    /** The window so far: successful operations, failures, seconds, and the latency histogram. */
    Window snapshot() {
        long now = System.nanoTime();
        Histogram histogram = latencies.getIntervalHistogram();
        return new Window(succeeded.sum(), failed.sum(), (now - windowStartNanos) / 1e9, histogram);
    }

    record Window(long succeeded, long failed, double seconds, Histogram latenciesMicros) {}
}
