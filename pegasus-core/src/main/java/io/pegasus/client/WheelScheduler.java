package io.pegasus.client;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on a hashed timing wheel with 1 ms ticks. Chosen over a ScheduledThreadPoolExecutor because
 * every operation arms and cancels a deadline: the wheel does both without a lock (a queue insert each), while the
 * executor's delay queue takes a lock per schedule and per cancel.
 */
final class WheelScheduler implements Scheduler, AutoCloseable {
    private final HashedWheelTimer timer;

    WheelScheduler(String threadName) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory(threadName, true), 1, TimeUnit.MILLISECONDS, 1024);
    }

    @Override
    public Task schedule(Runnable task, long delayNanos) {
        Timeout t;
        try {
            t = timer.newTimeout(x -> task.run(), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (IllegalStateException stopped) {
            task.run();
            return () -> {};
        }
        return t::cancel;
    }

    @Override
    public void close() {
        timer.stop();
    }
}
