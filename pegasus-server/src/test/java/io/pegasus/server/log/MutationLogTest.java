package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.appendAll;
import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.record;
import static io.pegasus.server.log.LogTesting.replayAll;
import static io.pegasus.server.log.LogTesting.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationLogTest {
    @TempDir
    Path dir;

    private static List<LogRecord> expected(long ballot, long from, long to, int size) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(d -> record(ballot, d, size))
                .toList();
    }

    @Test
    void appendedMutationsReplayInDecreeOrder() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(log.lastDecree()).isZero();
            appendAll(log, 1, 1, 50, 100);
            assertThat(replayAll(log)).isEqualTo(expected(1, 1, 50, 100));
            assertThat(log.firstDecree()).isEqualTo(1);
            assertThat(log.lastDecree()).isEqualTo(50);

            List<LogRecord> tail = new ArrayList<>();
            ReplayResult r = log.replay(40, tail::add);
            assertThat(decrees(tail)).containsExactly(41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L, 50L);
            assertThat(r).isEqualTo(new ReplayResult(10, 41, 50, 0));
        }
    }

    @Test
    void reopenedLogReplaysEverythingWithBallotsAndTimestamps() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            appendAll(log, 3, 1, 30, 200);
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            OpenReport report = log.openReport();
            assertThat(report.repairs()).isEmpty();
            assertThat(report.records()).isEqualTo(30);
            assertThat(report.firstDecree()).isEqualTo(1);
            assertThat(report.lastDecree()).isEqualTo(30);
            assertThat(replayAll(log)).isEqualTo(expected(3, 1, 30, 200));
            // appends continue in the same segment after a reopen
            appendAll(log, 3, 31, 35, 200);
            assertThat(segmentFiles(dir)).hasSize(1);
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(replayAll(log)).isEqualTo(expected(3, 1, 35, 200));
        }
    }

    @Test
    void segmentsRollAtTheSizeLimit() throws Exception {
        LogOptions options = LogOptions.builder().segmentBytes(8192).build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            appendAll(log, 1, 1, 100, 1000); // 1052 bytes a record: 7 per segment
            assertThat(log.segments()).hasSize(15);
            for (SegmentInfo s : log.segments()) {
                assertThat(s.bytes()).isLessThanOrEqualTo(8192);
            }
        }
        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSize(15);
        assertThat(files.get(0).getFileName()).hasToString("log.1.1");
        assertThat(files.get(1).getFileName()).hasToString("log.2.8");
        try (MutationLog log = MutationLog.open(dir, options)) {
            assertThat(log.openReport().segments()).hasSize(15);
            assertThat(replayAll(log)).isEqualTo(expected(1, 1, 100, 1000));
            assertThat(log.read(50, 60)).isEqualTo(expected(1, 51, 60, 1000));
        }
    }

    @Test
    void activeSegmentIsPreallocatedAndSealedSegmentsAreNot() throws Exception {
        LogOptions options = LogOptions.builder()
                .segmentBytes(64 << 10)
                .preallocateBytes(16 << 10)
                .build();
        try (MutationLog log = MutationLog.open(dir, options)) {
            appendAll(log, 1, 1, 100, 1000); // 1052 bytes a record: 62 per segment
            assertThat(log.segments()).hasSize(2);
        }
        List<Path> files = segmentFiles(dir);
        assertThat(Files.size(files.get(0))).isEqualTo(32 + 62 * 1052);
        long logical = 32 + 38 * 1052;
        assertThat(Files.size(files.get(1))).isGreaterThan(logical).isLessThanOrEqualTo(logical + (16 << 10));
        try (MutationLog log = MutationLog.open(dir, options)) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(log.segments().get(1).bytes()).isEqualTo(logical);
            appendAll(log, 1, 101, 110, 1000);
        }
        try (MutationLog log = MutationLog.open(dir, options)) {
            assertThat(replayAll(log)).isEqualTo(expected(1, 1, 110, 1000));
        }
    }

    @Test
    void batchAppendIsOneWrite() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            log.append(expected(1, 1, 20, 10)).join();
            assertThat(log.stats().batches()).isEqualTo(1);
            assertThat(log.stats().records()).isEqualTo(20);
            assertThat(replayAll(log)).isEqualTo(expected(1, 1, 20, 10));
        }
    }

    @Test
    void forOneDecreeTheHighestBallotWinsNowAndAfterReopen() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            appendAll(log, 1, 1, 10, 50);
            // a new primary (ballot 2) re-proposes 8..10 with other contents
            appendAll(log, 2, 8, 10, 60);
            // a stale prepare from ballot 1 arrives after: logged, but shadowed
            log.append(record(1, 9, 70)).join();
            assertThat(log.stats().shadowedRecords()).isEqualTo(1);
            List<LogRecord> want = new ArrayList<>(expected(1, 1, 7, 50));
            want.addAll(expected(2, 8, 10, 60));
            assertThat(replayAll(log)).isEqualTo(want);
            assertThat(log.read(7, 9)).isEqualTo(want.subList(7, 9));
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            List<LogRecord> want = new ArrayList<>(expected(1, 1, 7, 50));
            want.addAll(expected(2, 8, 10, 60));
            assertThat(replayAll(log)).isEqualTo(want);
        }
    }

    @Test
    void truncatedDecreesDoNotComeBackAfterReopen() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            appendAll(log, 1, 1, 7, 40);
            appendAll(log, 2, 6, 7, 40); // 6 and 7 re-proposed at ballot 2 without truncation
            log.truncateAfter(3, 6).join(); // then ballot 3 keeps only up to 6
            assertThat(log.lastDecree()).isEqualTo(6);
            assertThat(replayAll(log).get(5)).isEqualTo(record(2, 6, 40));
            assertThatThrownBy(() -> log.read(5, 7))
                    .isInstanceOf(DecreeNotInLogException.class)
                    .hasMessageContaining("decree 7");
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            List<LogRecord> want = new ArrayList<>(expected(1, 1, 5, 40));
            want.add(record(2, 6, 40));
            assertThat(replayAll(log)).isEqualTo(want);
            // decree 7 is logged again under ballot 3 and is live
            log.append(record(3, 7, 41)).join();
            log.truncateAfter(3, 7).join(); // a no-op marker must not remove it
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.lastDecree()).isEqualTo(7);
            assertThat(log.read(6, 7)).containsExactly(record(3, 7, 41));
        }
    }

    @Test
    void readIsStrictAndReplayReportsGaps() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            appendAll(log, 1, 1, 5, 10);
            appendAll(log, 1, 8, 9, 10); // 6 and 7 never arrived
            assertThat(log.read(1, 5)).isEqualTo(expected(1, 2, 5, 10));
            assertThatThrownBy(() -> log.read(4, 8))
                    .isInstanceOf(DecreeNotInLogException.class)
                    .hasMessageContaining("decree 6")
                    .hasMessageContaining("1..9");
            assertThatThrownBy(() -> log.read(8, 12)).hasMessageContaining("decree 10");
            assertThat(log.read(5, 5)).isEmpty();
            ReplayResult r = log.replay(0, x -> {});
            assertThat(r).isEqualTo(new ReplayResult(7, 1, 9, 2));
        }
    }

    @Test
    void appendsAfterCloseFail() throws Exception {
        MutationLog log = MutationLog.open(dir, LogOptions.defaults());
        appendAll(log, 1, 1, 3, 10);
        log.close();
        log.close(); // idempotent
        assertThatThrownBy(() -> log.append(record(1, 4, 10)).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void replayingAManyPageLogHandsOverEveryDecree() throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            List<LogRecord> batch = new ArrayList<>();
            for (long d = 1; d <= 5000; d++) {
                batch.add(record(1, d, 8));
            }
            log.append(batch).join();
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            List<LogRecord> all = replayAll(log);
            assertThat(all).hasSize(5000);
            assertThat(decrees(all)).isSorted().startsWith(1L).endsWith(5000L);
            assertThat(log.read(4000, 4100)).hasSize(100);
        }
    }
}
