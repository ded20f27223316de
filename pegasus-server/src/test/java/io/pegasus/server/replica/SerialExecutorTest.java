package io.pegasus.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One task at a time and in submission order, whether a task runs on the pool or inline on its caller's thread. */
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anIdleExecutorRunsTheTaskOnTheCallersThread() {
        SerialExecutor e = new SerialExecutor(pool, "t");
        Thread[] ranOn = new Thread[1];
        e.runOrExecute(() -> ranOn[0] = Thread.currentThread());
        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
    }

    @Test
    void aTaskKnowsWhetherItBorrowedItsCallersThread() throws Exception {
        SerialExecutor e = new SerialExecutor(pool, "t");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        e.runOrExecute(() -> {
            seen.add("inline " + e.runningInline());
            e.runOrExecute(() -> seen.add("queued behind it " + e.runningInline())); // a quick follow-up, same thread
            e.execute(() -> {
                seen.add("on the pool " + e.runningInline());
                done.countDown();
            });
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("inline true", "queued behind it true", "on the pool false");
    }

    @Test
    void aBusyExecutorQueuesTheTaskBehindTheRunningOne() throws Exception {
        SerialExecutor e = new SerialExecutor(pool, "t");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        e.execute(() -> {
            running.countDown();
            await(release);
            order.add("first");
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        e.runOrExecute(() -> {
            ranOn[0] = Thread.currentThread();
            order.add("second");
            done.countDown();
        });
        assertThat(order).isEmpty(); // not run inline while the first task runs
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("first", "second");
        assertThat(ranOn[0]).isNotSameAs(caller);
    }

    @Test
    void tasksSubmittedByAnInlineTaskRunAfterIt() throws Exception {
        SerialExecutor e = new SerialExecutor(pool, "t");
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        e.runOrExecute(() -> {
            e.runOrExecute(() -> {
                order.add("nested inline attempt");
                done.countDown();
            });
            e.execute(() -> {
                order.add("nested queued");
                done.countDown();
            });
            order.add("outer");
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("outer", "nested inline attempt", "nested queued");
    }

    @Test
    void quickTasksQueuedDuringAnInlineRunFollowItOnTheCallersThreadButOthersGoToThePool() throws Exception {
        SerialExecutor e = new SerialExecutor(pool, "t");
        Thread caller = Thread.currentThread();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread[] quickRanOn = new Thread[1];
        Thread[] otherRanOn = new Thread[1];
        CountDownLatch done = new CountDownLatch(1);
        e.runOrExecute(() -> {
            e.runOrExecute(
                    () -> { // like a log append completing inside the task that made it
                        quickRanOn[0] = Thread.currentThread();
                        order.add("quick");
                    });
            e.execute(
                    () -> { // like a learning step: never on the caller's thread
                        otherRanOn[0] = Thread.currentThread();
                        order.add("other");
                        done.countDown();
                    });
            order.add("outer");
        });
        // the quick one already ran, before returning; the other one may already be running on the pool
        assertThat(order).startsWith("outer", "quick");
        assertThat(quickRanOn[0]).isSameAs(caller);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("outer", "quick", "other");
        assertThat(otherRanOn[0]).isNotSameAs(caller);
    }

    @Test
    void manyThreadsMixingBothWaysNeverOverlapAndLoseNothing() throws Exception {
        SerialExecutor e = new SerialExecutor(pool, "t");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        int threads = 4;
        int[] lastSeen = new int[threads]; // touched only inside tasks, which never overlap
        java.util.Arrays.fill(lastSeen, -1);
        int perThread = 20_000;
        CountDownLatch submitted = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int submitter = t;
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    Runnable task = () -> {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (lastSeen[submitter] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[submitter] = seq;
                        ran.incrementAndGet();
                        inside.decrementAndGet();
                    };
                    if ((seq + submitter) % 3 != 0) { // each submitter mixes both ways
                        e.runOrExecute(task);
                    } else {
                        e.execute(task);
                    }
                }
                submitted.countDown();
            });
        }
        assertThat(submitted.await(30, TimeUnit.SECONDS)).isTrue();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ran.get() < threads * perThread && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(ran.get()).isEqualTo(threads * perThread);
        assertThat(overlaps.get()).isZero();
        assertThat(outOfOrder.get())
                .as("tasks of one submitter run out of submission order")
                .isZero();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
