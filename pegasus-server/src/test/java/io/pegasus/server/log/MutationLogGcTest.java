package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.appendAll;
import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.record;
import static io.pegasus.server.log.LogTesting.replayAll;
import static io.pegasus.server.log.LogTesting.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationLogGcTest {
    private static final int P = 100; // 26 records in a 4096-byte segment

    @TempDir
    Path dir;

    private final LogTesting.MutableClock clock = new LogTesting.MutableClock(1_700_000_000_000L);

    private LogOptions.Builder small() {
        return LogOptions.builder().segmentBytes(4096).clock(clock);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void deletesOnlySegmentsWhollyDurableAndNeverTheActiveOne() throws Exception {
        try (MutationLog log = MutationLog.open(dir, small().build())) {
            appendAll(log, 1, 1, 100, P); // segments 1..26, 27..52, 53..78, 79..100
            assertThat(log.segments()).hasSize(4);

            assertThat(log.gc(25).deletedSegments()).isZero();
            GcResult r = log.gc(30);
            assertThat(r.deletedSegments()).isEqualTo(1);
            assertThat(r.deletedBytes()).isEqualTo(32 + 26 * 152);
            assertThat(r.firstDecree()).isEqualTo(27);
            assertThat(segmentFiles(dir))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("log.2.27", "log.3.53", "log.4.79");

            List<LogRecord> after = new ArrayList<>();
            log.replay(30, after::add);
            assertThat(decrees(after)).isEqualTo(range(31, 100));
            assertThat(log.read(26, 30)).hasSize(4);
            assertThatThrownBy(() -> log.read(20, 30))
                    .isInstanceOf(DecreeNotInLogException.class)
                    .hasMessageContaining("decree 21");

            assertThat(log.gc(1_000).deletedSegments()).isEqualTo(2);
            assertThat(log.segments()).hasSize(1);
            appendAll(log, 1, 101, 110, P);
        }
        try (MutationLog log = MutationLog.open(dir, small().build())) {
            assertThat(decrees(replayAll(log))).isEqualTo(range(79, 110));
        }
    }

    @Test
    void keepsTheNewestSegmentsAsAReserve() throws Exception {
        try (MutationLog log =
                MutationLog.open(dir, small().gcReserveSegments(2).build())) {
            appendAll(log, 1, 1, 100, P);
            assertThat(log.gc(1_000).deletedSegments()).isEqualTo(1);
            assertThat(log.firstDecree()).isEqualTo(27);
        }
    }

    @Test
    void keepsRecentSegmentsAsAReserve() throws Exception {
        try (MutationLog log =
                MutationLog.open(dir, small().gcReserveMillis(60_000).build())) {
            // record timestamps: 1_700_000_000_000_000 + decree microseconds, i.e. the clock's now
            appendAll(log, 1, 1, 100, P);
            assertThat(log.gc(1_000).deletedSegments()).isZero();
            clock.advanceMillis(61_000);
            assertThat(log.gc(1_000).deletedSegments()).isEqualTo(3);
        }
    }

    @Test
    void truncatedEntriesDoNotComeBackAfterGcAndReopen() throws Exception {
        try (MutationLog log = MutationLog.open(dir, small().build())) {
            appendAll(log, 1, 1, 40, P); // segment 1: 1..26, segment 2: 27..40
            log.truncateAfter(2, 20).join(); // marker in segment 2 voids 21..40
            appendAll(log, 2, 21, 60, P);
            assertThat(log.gc(20).deletedSegments()).isZero(); // segment 1 holds 21..26 (void, but > 20)
            assertThat(log.gc(26).deletedSegments()).isEqualTo(1);
            List<LogRecord> want = LongStream.rangeClosed(27, 60)
                    .mapToObj(d -> record(2, d, P))
                    .toList();
            List<LogRecord> mid = new ArrayList<>();
            log.replay(26, mid::add);
            assertThat(mid).isEqualTo(want);
        }
        try (MutationLog log = MutationLog.open(dir, small().build())) {
            // 21..26 were re-logged under ballot 2 in later segments; no ballot-1 entry above 20 comes back
            List<LogRecord> all = replayAll(log);
            assertThat(all).allSatisfy(r -> assertThat(r.ballot()).isEqualTo(2));
            assertThat(decrees(all)).isEqualTo(range(21, 60));
        }
    }
}
