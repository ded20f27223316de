package io.pegasus.chaos.workload;

import io.pegasus.verify.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Collects the operations of every client of a run, all timed by one monotonic clock (nanoseconds), so invocation and
 * completion times of different clients can be compared. Thread-safe.
 */
public final class HistoryRecorder {
    private final LongSupplier clock;
    private final List<Op> ops = new ArrayList<>();

    public HistoryRecorder(LongSupplier clock) {
        this.clock = clock;
    }

    /** The shared clock: invocation and completion times come from here. */
    public long now() {
        return clock.getAsLong();
    }

    public synchronized void record(Op op) {
        ops.add(op);
    }

    /** Every operation recorded so far, in the order they completed. */
    public synchronized List<Op> snapshot() {
        return List.copyOf(ops);
    }

    public synchronized int size() {
        return ops.size();
    }
}
