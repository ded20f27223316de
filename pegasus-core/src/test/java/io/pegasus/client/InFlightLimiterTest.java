package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client-wide in-flight bound: never exceeded, no waiter lost. */
class InFlightLimiterTest {
    @Test
    void waitersRunWhenPermitsAreReleased() {
        InFlightLimiter l = new InFlightLimiter(1, Runnable::run);
        assertThat(l.tryAcquire()).isTrue();
        assertThat(l.tryAcquire()).isFalse();
        AtomicInteger granted = new AtomicInteger();
        l.enqueue(granted::incrementAndGet);
        assertThat(granted.get()).isZero();
        l.release();
        assertThat(granted.get()).as("the permit went to the waiter").isEqualTo(1);
        assertThat(l.available()).isZero();
        l.release();
        assertThat(l.available()).isEqualTo(1);
    }

    @Test
    void concurrentUseNeverExceedsTheBoundAndServesEveryWaiter() throws Exception {
        int capacity = 4;
        int tasks = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            InFlightLimiter l = new InFlightLimiter(capacity, pool);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger maxHolding = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(tasks);
            Runnable work = () -> {
                maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                holding.decrementAndGet();
                l.release();
                done.countDown();
            };
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    if (l.tryAcquire()) {
                        work.run();
                    } else {
                        l.enqueue(work);
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxHolding.get()).isLessThanOrEqualTo(capacity);
            assertThat(l.available()).isEqualTo(capacity);
        } finally {
            pool.shutdownNow();
        }
    }
}
