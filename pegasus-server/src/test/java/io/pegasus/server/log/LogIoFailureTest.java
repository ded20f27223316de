package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.appendAll;
import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.record;
import static io.pegasus.server.log.LogTesting.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write, fsync or file creation that fails: the append fails naming the file, and the log takes no more. */
class LogIoFailureTest {
    @TempDir
    Path dir;

    private final FaultyChannels faults = new FaultyChannels();
    private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService executor = MutationLog.newExecutor(1, "log-failure-test");

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private LogOptions.Builder options() {
        return LogOptions.builder().channels(faults).executor(executor).failureListener(reported::add);
    }

    private static Throwable failureOf(CompletableFuture<Void> f) {
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class);
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefusesAppends(MutationLog log, Throwable first) {
        Throwable later = failureOf(log.append(record(1, 100, 10)));
        assertThat(later).isInstanceOf(LogIoException.class).hasMessageContaining("refuses appends");
        assertThat(later.getCause()).isSameAs(first);
        assertThat(log.failure()).isSameAs(first);
        assertThat(reported).containsExactly(first);
    }

    @Test
    void failedWriteFailsTheAppendAndStopsTheLog() throws Exception {
        try (MutationLog log = MutationLog.open(dir, options().build())) {
            appendAll(log, 1, 1, 5, 100);
            faults.failNextWrite.set(true);
            Throwable error = failureOf(log.append(record(1, 6, 100)));
            assertThat(error)
                    .isInstanceOf(LogIoException.class)
                    .hasMessageContaining(dir.resolve("log.1.1").toString())
                    .hasMessageContaining("at offset " + LogTesting.recordOffset(5, 100))
                    .hasMessageContaining("input/output error on write");
            assertRefusesAppends(log, error);
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(decrees(replayAll(log))).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void failedFsyncFailsTheAppendAndStopsTheLog() throws Exception {
        try (MutationLog log = MutationLog.open(dir, options().build())) {
            appendAll(log, 1, 1, 5, 100);
            faults.failNextSync.set(true);
            Throwable error = failureOf(log.append(record(1, 6, 100)));
            assertThat(error)
                    .isInstanceOf(LogIoException.class)
                    .hasMessageContaining("fsync of " + dir.resolve("log.1.1"))
                    .hasMessageContaining("input/output error on fsync");
            assertRefusesAppends(log, error);
        }
        // decree 6 reached the page cache and may come back; every acknowledged one must
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(decrees(replayAll(log))).startsWith(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void failedBackgroundFsyncIsReportedAndStopsTheLog() throws Exception {
        CountDownLatch told = new CountDownLatch(1);
        LogOptions o = options()
                .flushPolicy(FlushPolicy.WRITE_EACH_BATCH)
                .syncIntervalMillis(2)
                .failureListener(t -> {
                    reported.add(t);
                    told.countDown();
                })
                .build();
        try (MutationLog log = MutationLog.open(dir, o)) {
            log.append(record(1, 1, 100)).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (LogTesting.activeSegment(log).syncedOffset()
                            < log.segments().get(0).bytes()
                    && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            faults.failNextSync.set(true);
            log.append(record(1, 2, 100)).join(); // acknowledged once written
            assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported.get(0)).hasMessageContaining("fsync of " + dir.resolve("log.1.1"));
            assertRefusesAppends(log, reported.get(0));
        }
    }

    @Test
    void failedSegmentCreationFailsTheAppend() throws Exception {
        try (MutationLog log = MutationLog.open(dir, options().build())) {
            faults.failNextCreate.set(true);
            Throwable error = failureOf(log.append(record(1, 1, 100)));
            assertThat(error)
                    .isInstanceOf(LogIoException.class)
                    .hasMessageContaining("creating segment " + dir.resolve("log.1.1"))
                    .hasMessageContaining("no space left on device");
            assertRefusesAppends(log, error);
        }
    }

    @Test
    void appendsQueuedBehindAFailedBatchFailToo() throws Exception {
        try (MutationLog log = MutationLog.open(dir, options().maxBatchBytes(1).build())) {
            CountDownLatch release = LogTesting.blockExecutor(executor, 1);
            List<CompletableFuture<Void>> futures = LongStream.rangeClosed(1, 5)
                    .mapToObj(d -> log.append(record(1, d, 100)))
                    .toList();
            faults.failNextCreate.set(true);
            release.countDown();
            for (CompletableFuture<Void> f : futures) {
                assertThat(failureOf(f)).isSameAs(reported.get(0));
            }
            assertThat(log.stats().records()).isZero();
        }
    }
}
