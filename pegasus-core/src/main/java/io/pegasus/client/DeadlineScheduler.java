package io.pegasus.client;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} whose one thread sleeps until the earliest deadline instead of ticking. Every operation arms a
 * deadline and almost always cancels it; a timing wheel with 1 ms ticks did both without a lock but woke its thread
 * 1,000 times a second, busy or idle: 3-4 % of a core on the 2-core build machine, and a wake-up that preempts a
 * network or server thread each time. Here arming a deadline is a heap insert under an uncontended lock, and a cancel
 * removes the task at once, so cancelled deadlines neither wake the thread nor pile up.
 *
 * <p>The executor wakes its thread whenever a new task becomes the earliest. With one operation at a time every
 * deadline would (the previous one was just cancelled), costing two thread switches per operation (measured
 * without the heartbeat: 259-358 against the wheel's 205-278 us of client CPU per operation at one request in
 * flight). So a no-op {@link #KEEPALIVE_MS} heartbeat stays in the queue: it is always earlier than an operation's
 * deadline (timeouts are longer than that), and arming a deadline wakes nobody. The idle thread wakes for the
 * heartbeat only, 20 times a second instead of 1,000.
 */
final class DeadlineScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);

    /** Shorter than any operation timeout in practice; a shorter deadline is still met, at the cost of a wake-up. */
    static final long KEEPALIVE_MS = 50;

    private final ScheduledThreadPoolExecutor executor;

    DeadlineScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        var unused = executor.scheduleAtFixedRate(() -> {}, KEEPALIVE_MS, KEEPALIVE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public Task schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> f;
        try {
            f = executor.schedule(() -> runLogged(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            task.run();
            return () -> {};
        }
        return () -> f.cancel(false);
    }

    /** The executor would keep a task's exception in its future, which nobody reads. */
    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.warn("scheduled task {} failed", task, t);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
