package io.pegasus.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests the client has outstanding on ReplicaServers. Lock-free: a permit counter and a queue of
 * waiters. A released permit is handed to the oldest waiter, whose continuation runs on {@code handoff} (never on
 * the releasing thread, which is a network thread that must not recurse into new sends). The client hands off to
 * its timer thread.
 *
 * <p>Invariant: a permit is either counted in {@code available} or held by exactly one attempt; both sides publish
 * first (add the waiter / return the permit) and then drain, so a waiter and a free permit are never left apart.
 */
final class InFlightLimiter {
    private final int capacity;
    private final AtomicInteger available;
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final Executor handoff;

    InFlightLimiter(int capacity, Executor handoff) {
        this.capacity = capacity;
        this.available = new AtomicInteger(capacity);
        this.handoff = handoff;
    }

    int capacity() {
        return capacity;
    }

    /** Permits not held right now. */
    int available() {
        return available.get();
    }

    /** Takes a permit if one is free. */
    boolean tryAcquire() {
        while (true) {
            int a = available.get();
            if (a <= 0) {
                return false;
            }
            if (available.compareAndSet(a, a - 1)) {
                return true;
            }
        }
    }

    /**
     * Queues {@code onGranted} to run, holding a permit, once one is free. The continuation must release the permit
     * if it no longer needs it (its operation finished meanwhile).
     */
    void enqueue(Runnable onGranted) {
        waiters.add(onGranted);
        drain();
    }

    void release() {
        available.incrementAndGet();
        if (!waiters.isEmpty()) {
            drain();
        }
    }

    private void drain() {
        while (!waiters.isEmpty() && tryAcquire()) {
            Runnable w = waiters.poll();
            if (w == null) {
                available.incrementAndGet();
                continue;
            }
            try {
                handoff.execute(w);
            } catch (RuntimeException rejected) {
                // the executor is shut down (client closing): run inline so the waiter ends and frees its permit
                w.run();
            }
        }
    }
}
