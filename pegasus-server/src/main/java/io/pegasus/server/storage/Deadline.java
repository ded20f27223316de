package io.pegasus.server.storage;

import java.util.function.LongSupplier;

/** The server's time budget of one read (spec 4.9, 4.11, 4.13: 30 s by default), measured on the injected clock. */
final class Deadline {
    private final LongSupplier clockMillis;
    private final long start;
    private final long budgetMillis;

    Deadline(LongSupplier clockMillis, long budgetMillis) {
        this.clockMillis = clockMillis;
        this.start = clockMillis.getAsLong();
        this.budgetMillis = budgetMillis;
    }

    boolean exceeded() {
        return clockMillis.getAsLong() - start > budgetMillis;
    }
}
