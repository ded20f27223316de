package io.pegasus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DeadlineSchedulerTest {
    @Test
    void aTaskRunsOnTheSchedulersThreadAfterItsDelay() throws Exception {
        try (DeadlineScheduler s = new DeadlineScheduler("deadline-test-run")) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<String> thread = new AtomicReference<>();
            long start = System.nanoTime();
            long[] ranAfter = new long[1];
            s.schedule(
                    () -> {
                        ranAfter[0] = System.nanoTime() - start;
                        thread.set(Thread.currentThread().getName());
                        ran.countDown();
                    },
                    TimeUnit.MILLISECONDS.toNanos(50));
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertTrue(ranAfter[0] >= TimeUnit.MILLISECONDS.toNanos(50), "ran after " + ranAfter[0] + " ns");
            assertEquals("deadline-test-run", thread.get());
        }
    }

    @Test
    void aCancelledTaskNeverRunsAndLaterOnesStillDo() throws Exception {
        try (DeadlineScheduler s = new DeadlineScheduler("deadline-test-cancel")) {
            // the scheduler's thread is held until the task below is cancelled: a pause of this thread between
            // schedule() and cancel() longer than the 20 ms delay must not let the task run before it is cancelled
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            s.schedule(
                    () -> {
                        holding.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    0);
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            AtomicBoolean cancelledRan = new AtomicBoolean();
            s.schedule(() -> cancelledRan.set(true), TimeUnit.MILLISECONDS.toNanos(20))
                    .cancel();
            CountDownLatch later = new CountDownLatch(1);
            s.schedule(later::countDown, TimeUnit.MILLISECONDS.toNanos(60));
            release.countDown();
            assertTrue(later.await(5, TimeUnit.SECONDS));
            assertFalse(cancelledRan.get());
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheThread() throws Exception {
        try (DeadlineScheduler s = new DeadlineScheduler("deadline-test-fail")) {
            s.schedule(
                    () -> {
                        throw new IllegalStateException("expected by the test");
                    },
                    0);
            CountDownLatch next = new CountDownLatch(1);
            s.schedule(next::countDown, 0);
            assertTrue(next.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void afterCloseATaskRunsAtOnceOnTheCallersThread() {
        DeadlineScheduler s = new DeadlineScheduler("deadline-test-closed");
        s.close();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        s.schedule(() -> ranOn.set(Thread.currentThread()), TimeUnit.SECONDS.toNanos(10));
        assertEquals(Thread.currentThread(), ranOn.get());
    }

    /**
     * The reason for this class: with deadlines armed far ahead (as every operation does) its thread sleeps, where the
     * 1 ms timing wheel it replaced woke 1,000 times a second. Counted in the kernel's voluntary context switches of
     * the thread (Linux only); the wheel is measured the same way so that the test shows it can tell them apart.
     */
    @Test
    void anIdleSchedulerThreadSleepsUntilItsEarliestDeadline() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        try (DeadlineScheduler s = new DeadlineScheduler("dl-idle-test")) {
            for (int i = 0; i < 100; i++) {
                s.schedule(() -> {}, TimeUnit.SECONDS.toNanos(30));
            }
            long[] measured = wakeUpsOver("dl-idle-test", 300);
            long switches = measured[0];
            // the heartbeat wakes it 20 times a second: a window stretched by a pause of this thread lets it wake
            // more often, so the bound (fewer than 20 in 300 ms, i.e. 1 in 15 ms) scales with the time really measured
            long allowed = 20 * Math.max(300, measured[1]) / 300;
            assertTrue(
                    switches < allowed, "the scheduler's thread woke " + switches + " times in " + measured[1] + " ms");
        }
        HashedWheelTimer wheel =
                new HashedWheelTimer(r -> new Thread(r, "wheel-idle-test"), 1, TimeUnit.MILLISECONDS, 1024);
        try {
            wheel.newTimeout(t -> {}, 30, TimeUnit.SECONDS);
            long[] measured = wakeUpsOver("wheel-idle-test", 300);
            long switches = measured[0];
            assertTrue(switches >= 100, "the 1 ms wheel woke only " + switches + " times in " + measured[1] + " ms");
        } finally {
            wheel.stop();
        }
    }

    /**
     * Voluntary context switches of the thread named {@code name} during about {@code millis}: {switches, the
     * milliseconds really measured} (a sleep may last longer on a loaded machine).
     */
    private static long[] wakeUpsOver(String name, long millis) throws Exception {
        Path task = threadTask(name);
        long start = System.nanoTime();
        long before = voluntarySwitches(task);
        Thread.sleep(millis);
        long switches = voluntarySwitches(task) - before;
        return new long[] {switches, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
    }

    private static Path threadTask(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                Path found = tasks.filter(t -> name.equals(comm(t))).findFirst().orElse(null);
                if (found != null) {
                    return found;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no thread named " + name);
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException gone) {
            return "";
        }
    }

    private static long voluntarySwitches(Path task) throws IOException {
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no voluntary_ctxt_switches in " + task);
    }
}
