package io.pegasus.client;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What arming and cancelling an operation's deadline costs the calling threads (every client operation does both):
 * {@link DeadlineScheduler} against Netty's {@link HashedWheelTimer} with the 1 ms ticks the client used before.
 * Two threads, as the client's network threads and callers do it. The wheel's own thread ticking 1,000 times a second
 * is not in these figures: {@code DeadlineSchedulerTest} shows that difference.
 *
 * <p>Run: {@code bin/bench-jmh pegasus-core SchedulerBenchmark -wi 3 -i 8} (add {@code -t 1} for one thread)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class SchedulerBenchmark {
    @Param({"deadline", "wheel"})
    public String scheduler;

    private DeadlineScheduler deadline;
    private HashedWheelTimer wheel;

    @Setup(Level.Trial)
    public void setup() {
        if (scheduler.equals("deadline")) {
            deadline = new DeadlineScheduler("bench-deadline");
        } else {
            wheel = new HashedWheelTimer(
                    r -> {
                        Thread t = new Thread(r, "bench-wheel");
                        t.setDaemon(true);
                        return t;
                    },
                    1,
                    TimeUnit.MILLISECONDS,
                    1024);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (deadline != null) {
            deadline.close();
        }
        if (wheel != null) {
            wheel.stop();
        }
    }

    @Benchmark
    public void armAndCancel() {
        if (deadline != null) {
            deadline.schedule(SchedulerBenchmark::never, 5_000_000_000L).cancel();
        } else {
            Timeout t = wheel.newTimeout(x -> never(), 5, TimeUnit.SECONDS);
            t.cancel();
        }
    }

    private static void never() {
        throw new AssertionError("a cancelled deadline ran");
    }
}
