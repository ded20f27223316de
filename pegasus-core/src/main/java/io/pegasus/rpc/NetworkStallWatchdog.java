package io.pegasus.rpc;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Notices a network thread that has not come back to its task queue for {@code thresholdMillis}, and says where it
 * is. A node whose network thread also runs the state machine, the log writes and the storage writes stops answering
 * everyone, for every partition, while one of those blocks: clients time out and peers see missing acknowledgements.
 * Such a stall leaves nothing in the log by itself; this reports it while it lasts, with the thread's stack, and
 * again when it ends, with how long it took.
 *
 * <p>How: every {@code thresholdMillis / 5} a timer thread queues an empty task on each network thread that has none
 * outstanding; a task still waiting after the threshold is a stall. An idle thread is woken five times per threshold
 * for it, which costs nothing measurable.
 */
public final class NetworkStallWatchdog implements AutoCloseable {
    /** A stall: still going ({@code ended} false, with where the thread is) or over (with how long it lasted). */
    public record Stall(String thread, long millis, List<StackTraceElement> stack, boolean ended) {}

    private final long thresholdNanos;
    private final Consumer<Stall> report;
    private final List<Probe> probes = new ArrayList<>();
    private final ScheduledExecutorService timer;

    public NetworkStallWatchdog(EventExecutorGroup threads, long thresholdMillis, Consumer<Stall> report) {
        if (thresholdMillis <= 0) {
            throw new IllegalArgumentException("thresholdMillis must be > 0: " + thresholdMillis);
        }
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
        this.report = report;
        for (EventExecutor e : threads) {
            probes.add(new Probe(e));
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "network-watchdog");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, thresholdMillis / 5);
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        for (Probe p : probes) {
            try {
                p.check(now);
            } catch (RuntimeException e) {
                // a thread group shutting down refuses tasks: nothing to watch any more
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Probe {
        private final EventExecutor loop;
        private volatile Thread thread;
        private volatile long postedAtNanos;
        private final AtomicBoolean outstanding = new AtomicBoolean();
        private final AtomicBoolean reported = new AtomicBoolean();

        Probe(EventExecutor loop) {
            this.loop = loop;
        }

        void check(long now) {
            if (outstanding.compareAndSet(false, true)) {
                postedAtNanos = now;
                loop.execute(this::arrived);
                return;
            }
            long waited = now - postedAtNanos;
            if (waited >= thresholdNanos && reported.compareAndSet(false, true)) {
                Thread t = thread; // known once the thread has run one probe
                report.accept(new Stall(
                        t == null ? loop.toString() : t.getName(),
                        TimeUnit.NANOSECONDS.toMillis(waited),
                        t == null ? List.of() : List.of(t.getStackTrace()),
                        false));
            }
        }

        /** Runs on the watched thread. */
        private void arrived() {
            thread = Thread.currentThread();
            long waited = System.nanoTime() - postedAtNanos;
            outstanding.set(false);
            if (reported.compareAndSet(true, false)) {
                report.accept(new Stall(thread.getName(), TimeUnit.NANOSECONDS.toMillis(waited), List.of(), true));
            }
        }
    }
}
