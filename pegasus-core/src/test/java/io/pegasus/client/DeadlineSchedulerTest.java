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
            AtomicBoolean cancelledRan = new AtomicBoolean();
            s.schedule(() -> cancelledRan.set(true), TimeUnit.MILLISECONDS.toNanos(20))
                    .cancel();
            CountDownLatch later = new CountDownLatch(1);
            s.schedule(later::countDown, TimeUnit.MILLISECONDS.toNanos(60));
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
            long switches = wakeUpsOver("dl-idle-test", 300);
            assertTrue(switches < 20, "the scheduler's thread woke " + switches + " times in 300 ms");
        }
        HashedWheelTimer wheel =
                new HashedWheelTimer(r -> new Thread(r, "wheel-idle-test"), 1, TimeUnit.MILLISECONDS, 1024);
        try {
            wheel.newTimeout(t -> {}, 30, TimeUnit.SECONDS);
            long switches = wakeUpsOver("wheel-idle-test", 300);
            assertTrue(switches >= 100, "the 1 ms wheel woke only " + switches + " times in 300 ms");
        } finally {
            wheel.stop();
        }
    }

    /** Voluntary context switches of the thread named {@code name} during {@code millis}. */
    private static long wakeUpsOver(String name, long millis) throws Exception {
        Path task = threadTask(name);
        long before = voluntarySwitches(task);
        Thread.sleep(millis);
        return voluntarySwitches(task) - before;
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
