package io.pegasus.server.bench;

import io.pegasus.metrics.LatencyHistogram;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The dev benches' load: a fixed number of asynchronous operations kept outstanding, each issued from the completion
 * of the previous one (a closed loop, so a slow system gets fewer requests, not a growing queue).
 */
public final class ClosedLoop {
    /** Operation number {@code i} (1, 2, ...); a future that fails counts as an error. */
    @FunctionalInterface
    public interface AsyncOp {
        CompletableFuture<?> run(long i);
    }

    /** What a run did: successful operations per second over the run, their latencies, and the failures. */
    public record Outcome(double opsPerSecond, LatencyHistogram latency, long errors, long elapsedNanos) {}

    /**
     * Keeps {@code outstanding} operations in flight for {@code seconds}, then waits (up to 30 s) for the last ones.
     * {@code onError} sees every failure (from the completing thread).
     */
    public static Outcome run(int outstanding, int seconds, AsyncOp op, Consumer<Throwable> onError)
            throws InterruptedException {
        Loop loop = new Loop(op, onError, outstanding);
        long start = System.nanoTime();
        for (int c = 0; c < outstanding; c++) {
            loop.issue();
        }
        Thread.sleep(seconds * 1000L);
        loop.stop.set(true);
        long elapsed = System.nanoTime() - start;
        loop.finished.await(30, TimeUnit.SECONDS);
        return new Outcome(loop.latency.count() * 1e9 / elapsed, loop.latency, loop.errors.get(), elapsed);
    }

    private static final class Loop {
        final AsyncOp op;
        final Consumer<Throwable> onError;
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicLong counter = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch finished;

        Loop(AsyncOp op, Consumer<Throwable> onError, int outstanding) {
            this.op = op;
            this.onError = onError;
            this.finished = new CountDownLatch(outstanding);
        }

        void issue() {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            long i = counter.incrementAndGet();
            long t0 = System.nanoTime();
            op.run(i).whenComplete((v, e) -> {
                if (e == null) {
                    latency.record(System.nanoTime() - t0);
                } else {
                    errors.incrementAndGet();
                    onError.accept(e);
                }
                issue();
            });
        }
    }

    private ClosedLoop() {}
}
