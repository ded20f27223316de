package io.pegasus.bench.ycsb;

import java.util.function.Supplier;

/**
 * One connection object shared by all of a run's YCSB threads. YCSB makes one {@code DB} per client thread; giving
 * each its own client would measure connection fan-out rather than the store, and no real application does that.
 * The last {@link #release} closes it, so the next run starts from a fresh client.
 */
final class Shared<T extends AutoCloseable> {
    private T value;
    private int users;

    synchronized T acquire(Supplier<T> factory) {
        if (users == 0) {
            value = factory.get();
        }
        users++;
        return value;
    }

    synchronized void release() throws Exception {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0) {
            T v = value;
            value = null;
            v.close();
        }
    }
}
