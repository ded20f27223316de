package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.record;
import static io.pegasus.server.log.LogTesting.replayAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = MutationLog.newExecutor(2, "log-test");

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Blocks both executor threads until the returned latch is counted down. */
    private CountDownLatch blockExecutor() throws InterruptedException {
        return LogTesting.blockExecutor(executor, 2);
    }

    @Test
    void appendsQueuedDuringAWriteGoOutInOneWriteAndOneFsync() throws Exception {
        LogOptions options = LogOptions.builder().executor(executor).build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            CountDownLatch release = blockExecutor();
            List<Long> completed = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (long d = 1; d <= 100; d++) {
                long decree = d;
                futures.add(log.append(record(1, d, 100)).thenRun(() -> completed.add(decree)));
            }
            assertThat(futures).noneMatch(CompletableFuture::isDone);
            release.countDown();
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(10, TimeUnit.SECONDS);

            LogStats stats = log.stats();
            assertThat(stats.records()).isEqualTo(100);
            assertThat(stats.batches()).isEqualTo(1);
            assertThat(stats.syncs()).isEqualTo(1);
            // completions in append order
            assertThat(completed)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 100).boxed().toList());
        }
    }

    @Test
    void maxBatchBytesSplitsTheQueue() throws Exception {
        LogOptions options =
                LogOptions.builder().executor(executor).maxBatchBytes(1000).build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            CountDownLatch release = blockExecutor();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (long d = 1; d <= 30; d++) {
                futures.add(log.append(record(1, d, 148))); // 200 bytes a record: 5 per batch
            }
            release.countDown();
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(10, TimeUnit.SECONDS);
            assertThat(log.stats().batches()).isEqualTo(6);
            assertThat(decrees(replayAll(log)))
                    .isEqualTo(LongStream.rangeClosed(1, 30).boxed().toList());
        }
    }

    @Test
    void concurrentAppendersAreBatchedAndReplayInDecreeOrder() throws Exception {
        int threads = 16;
        int perThread = 100;
        LogOptions options = LogOptions.builder().executor(executor).build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            // like the replica: a decree is assigned and appended under one lock, then the appender waits
            ReentrantLock primary = new ReentrantLock();
            long[] nextDecree = {1};
            List<Thread> appenders = new ArrayList<>();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            CompletableFuture<Void> f;
                            primary.lock();
                            try {
                                f = log.append(record(1, nextDecree[0]++, 1000));
                            } finally {
                                primary.unlock();
                            }
                            f.get(30, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    }
                });
                appenders.add(th);
                th.start();
            }
            for (Thread th : appenders) {
                th.join();
            }
            assertThat(errors).isEmpty();
            int total = threads * perThread;
            LogStats stats = log.stats();
            assertThat(stats.records()).isEqualTo(total);
            assertThat(stats.batches())
                    .as("group commit batches concurrent appends")
                    .isLessThan(total);
            assertThat(stats.syncs()).isEqualTo(stats.batches());
            List<LogRecord> all = replayAll(log);
            assertThat(decrees(all))
                    .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
            for (LogRecord r : all) {
                assertThat(r).isEqualTo(record(1, r.decree(), 1000));
            }
        }
    }

    @Test
    void manyLogsShareTwoThreads() throws Exception {
        int logs = 8;
        List<MutationLog> opened = new ArrayList<>();
        LogOptions options = LogOptions.builder().executor(executor).build();
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < logs; i++) {
                MutationLog log = MutationLog.open(dir.resolve("partition-" + i), options);
                opened.add(log);
                for (long d = 1; d <= 200; d++) {
                    all.add(log.append(record(i, d, 64)));
                }
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < logs; i++) {
                List<LogRecord> got = replayAll(opened.get(i));
                assertThat(got).hasSize(200);
                assertThat(got.get(199)).isEqualTo(record(i, 200, 64));
            }
        } finally {
            for (MutationLog log : opened) {
                log.close();
            }
        }
    }

    @Test
    void writeEachBatchCompletesBeforeFsyncAndSyncsInTheBackground() throws Exception {
        LogOptions options = LogOptions.builder()
                .executor(executor)
                .flushPolicy(FlushPolicy.WRITE_EACH_BATCH)
                .syncIntervalMillis(5)
                .build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            LogTesting.appendAll(log, 1, 1, 20, 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.segments().get(0).bytes() > syncedBytes(log) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(syncedBytes(log)).isEqualTo(log.segments().get(0).bytes());
            assertThat(log.stats().syncs()).isPositive().isLessThanOrEqualTo(20);
        }
    }

    @Test
    void policyNoneNeverFsyncsBatches() throws Exception {
        LogOptions options = LogOptions.builder()
                .executor(executor)
                .flushPolicy(FlushPolicy.NONE)
                .build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            LogTesting.appendAll(log, 1, 1, 20, 100);
            assertThat(log.stats().syncs()).isZero();
        }
        try (MutationLog log = MutationLog.open(dir, options)) {
            assertThat(log.lastDecree()).isEqualTo(20);
        }
    }

    @Test
    void withoutAnFsyncPerBatchTheAppendingThreadWritesItsBatchItself() throws Exception {
        LogOptions options = LogOptions.builder()
                .executor(executor)
                .flushPolicy(FlushPolicy.WRITE_EACH_BATCH)
                .build();
        MutationLog log = MutationLog.open(dir, options);
        CountDownLatch release = blockExecutor(); // the log threads are busy: an append that needed them would wait
        try {
            Thread[] completedOn = new Thread[1];
            CompletableFuture<Void> f =
                    log.append(record(1, 1, 100)).whenComplete((v, e) -> completedOn[0] = Thread.currentThread());
            boolean doneAtOnce = f.isDone();
            release.countDown();
            f.get(10, TimeUnit.SECONDS);
            assertThat(doneAtOnce).as("written before append returned").isTrue();
            assertThat(completedOn[0]).isSameAs(Thread.currentThread());
            assertThat(decrees(replayAll(log))).containsExactly(1L);
        } finally {
            release.countDown(); // before close, which waits for the log threads
            log.close();
        }
    }

    @Test
    void inlineWritesCanBeTurnedOffAndFsyncPerBatchNeverWritesOnTheCaller() throws Exception {
        for (LogOptions options : List.of(
                LogOptions.builder()
                        .executor(executor)
                        .flushPolicy(FlushPolicy.WRITE_EACH_BATCH)
                        .inlineWrites(false)
                        .build(),
                LogOptions.builder().executor(executor).build())) {
            MutationLog log =
                    MutationLog.open(dir.resolve(options.flushPolicy() + "-" + options.inlineWrites()), options);
            CountDownLatch release = blockExecutor();
            try {
                CompletableFuture<Void> f = log.append(record(1, 1, 100));
                boolean doneAtOnce = f.isDone();
                release.countDown();
                f.get(10, TimeUnit.SECONDS);
                assertThat(doneAtOnce)
                        .as("%s inline=%s", options.flushPolicy(), options.inlineWrites())
                        .isFalse();
            } finally {
                release.countDown();
                log.close();
            }
        }
    }

    private static long syncedBytes(MutationLog log) {
        return LogTesting.activeSegment(log).syncedOffset();
    }
}
