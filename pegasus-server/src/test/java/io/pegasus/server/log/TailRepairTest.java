package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.appendAll;
import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.recordOffset;
import static io.pegasus.server.log.LogTesting.replayAll;
import static io.pegasus.server.log.LogTesting.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.server.log.OpenReport.Kind;
import io.pegasus.server.log.OpenReport.Repair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage to segment files: what a crash explains is cut and reported; what it does not fails the open. */
class TailRepairTest {
    private static final int P = 100; // payload bytes: 152 bytes a record
    private static final int RECORD = LogFormat.RECORD_HEADER_BYTES + P;

    @TempDir
    Path dir;

    private Path writeLog(LogOptions options, int records) throws Exception {
        try (MutationLog log = MutationLog.open(dir, options)) {
            appendAll(log, 1, 1, records, P);
        }
        return segmentFiles(dir).get(0);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** After a repair the log takes appends where it was cut and reopens clean. */
    private void assertAppendsContinue(long lastKept, long upTo) throws Exception {
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(log.lastDecree()).isEqualTo(lastKept);
            appendAll(log, 2, lastKept + 1, upTo, P);
        }
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(decrees(replayAll(log))).isEqualTo(range(1, upTo));
        }
    }

    @Test
    void fileCutMidRecordIsTruncatedAtTheLastValidRecord() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10);
        LogTesting.truncate(file, recordOffset(10, P) - 70);
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(log.openReport().repairs()).hasSize(1);
            assertThat(r.kind()).isEqualTo(Kind.TORN_TAIL);
            assertThat(r.file()).isEqualTo(file);
            assertThat(r.offset()).isEqualTo(recordOffset(9, P));
            assertThat(r.droppedBytes()).isEqualTo(RECORD - 70);
            assertThat(r.reason()).isEqualTo("incomplete payload");
            assertThat(decrees(replayAll(log))).isEqualTo(range(1, 9));
            assertThat(Files.size(file)).isEqualTo(recordOffset(9, P));
        }
        assertAppendsContinue(9, 15);
    }

    @Test
    void cutInsideTheLastHeaderIsATornTail() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10);
        LogTesting.truncate(file, recordOffset(9, P) + 20);
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_TAIL);
            assertThat(r.reason()).isEqualTo("incomplete record header");
            assertThat(r.droppedBytes()).isEqualTo(20);
        }
        assertAppendsContinue(9, 12);
    }

    @Test
    void flippedByteInTheLastRecordIsATornTail() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10);
        LogTesting.flipByte(file, recordOffset(9, P) + LogFormat.RECORD_HEADER_BYTES + 40);
        long size = Files.size(file); // with the preallocated zeros after the last record
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_TAIL);
            assertThat(r.offset()).isEqualTo(recordOffset(9, P));
            assertThat(r.droppedBytes()).isEqualTo(size - recordOffset(9, P));
            assertThat(r.reason()).isEqualTo("payload checksum mismatch");
        }
        assertAppendsContinue(9, 11);
    }

    @Test
    void garbageAfterTheLastRecordIsCut() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10);
        byte[] garbage = new byte[5000];
        new Random(42).nextBytes(garbage);
        LogTesting.overwrite(file, recordOffset(10, P), garbage);
        long size = Files.size(file);
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_TAIL);
            assertThat(r.offset()).isEqualTo(recordOffset(10, P));
            assertThat(r.droppedBytes()).isEqualTo(size - recordOffset(10, P));
            assertThat(r.droppedRecords()).isZero();
        }
        assertAppendsContinue(10, 12);
    }

    @Test
    void zerosAfterTheLastRecordAreUnwrittenSpaceNotDamage() throws Exception {
        Path file = writeLog(LogOptions.builder().preallocateBytes(0).build(), 10);
        assertThat(Files.size(file)).isEqualTo(recordOffset(10, P));
        LogTesting.appendBytes(file, new byte[4096]); // what preallocated or extended-but-unwritten space reads as
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(log.lastDecree()).isEqualTo(10);
        }
        assertAppendsContinue(10, 11);
    }

    @Test
    void zerosThenGarbageIsATornTail() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10);
        long size = Files.size(file);
        assertThat(size).isGreaterThan(recordOffset(10, P) + 1000); // preallocated
        LogTesting.overwrite(file, size - 3, new byte[] {1, 2, 3});
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_TAIL);
            assertThat(r.offset()).isEqualTo(recordOffset(10, P));
            assertThat(r.reason()).isEqualTo("bad record magic");
        }
        assertAppendsContinue(10, 11);
    }

    @Test
    void newSegmentWithATornHeaderIsDeleted() throws Exception {
        writeLog(LogOptions.defaults(), 10);
        Path torn = dir.resolve("log.2.11");
        Files.write(torn, new byte[] {0x50, 0x47, 0x4C});
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_SEGMENT_HEADER);
            assertThat(r.file()).isEqualTo(torn);
            assertThat(Files.exists(torn)).isFalse();
        }
        assertAppendsContinue(10, 12);
    }

    @Test
    void corruptionInASealedSegmentFailsTheOpenNamingFileAndOffset() throws Exception {
        LogOptions small = LogOptions.builder().segmentBytes(4096).build(); // 26 records a segment
        writeLog(small, 60);
        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSize(3);
        List<Long> sizes = new ArrayList<>();
        for (Path f : files) {
            sizes.add(Files.size(f));
        }
        LogTesting.flipByte(files.get(0), recordOffset(5, P) + 60);

        assertThatThrownBy(() -> MutationLog.open(dir, small))
                .isInstanceOfSatisfying(LogCorruptionException.class, e -> {
                    assertThat(e.file()).isEqualTo(files.get(0));
                    assertThat(e.offset()).isEqualTo(recordOffset(5, P));
                })
                .hasMessageContaining(files.get(0).toString())
                .hasMessageContaining("at offset " + recordOffset(5, P))
                .hasMessageContaining("payload checksum mismatch")
                .hasMessageContaining("sealed segment");
        // nothing was changed
        assertThat(segmentFiles(dir)).isEqualTo(files);
        for (int i = 0; i < files.size(); i++) {
            assertThat(Files.size(files.get(i))).isEqualTo(sizes.get(i));
        }

        // the operator's way out: keep the valid prefix, everything after is reported dropped
        LogOptions truncate =
                small.toBuilder().corruptionPolicy(CorruptionPolicy.TRUNCATE).build();
        try (MutationLog log = MutationLog.open(dir, truncate)) {
            List<Repair> repairs = log.openReport().repairs();
            assertThat(repairs)
                    .extracting(Repair::kind)
                    .containsExactly(Kind.CORRUPTION_TRUNCATED, Kind.SEGMENT_DROPPED, Kind.SEGMENT_DROPPED);
            assertThat(repairs.get(0).offset()).isEqualTo(recordOffset(5, P));
            assertThat(repairs.get(0).droppedRecords()).isEqualTo(20); // decrees 7..26 in the same segment
            assertThat(repairs.get(0).droppedMinDecree()).isEqualTo(7);
            assertThat(decrees(replayAll(log))).isEqualTo(range(1, 5));
        }
        assertThat(segmentFiles(dir)).containsExactly(files.get(0));
        assertAppendsContinue(5, 30);
    }

    @Test
    void corruptionOfFsyncedBytesInTheLastSegmentFailsTheOpen() throws Exception {
        Path file = writeLog(LogOptions.defaults(), 10); // FSYNC_EACH_BATCH: record i+1 says record i was synced
        LogTesting.flipByte(file, recordOffset(2, P) + 30);
        long size = Files.size(file);
        assertThatThrownBy(() -> MutationLog.open(dir, LogOptions.defaults()))
                .isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("at offset " + recordOffset(2, P))
                .hasMessageContaining("record header checksum mismatch")
                .hasMessageContaining("7 valid records (decrees 4..10)")
                .hasMessageContaining("had been fsynced");
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void holeInTheUnsyncedTailIsCutWithTheRecordsAfterIt() throws Exception {
        // no fsync after the segment header: a power loss may keep later pages and lose earlier ones
        Path file = writeLog(LogOptions.builder().flushPolicy(FlushPolicy.NONE).build(), 10);
        LogTesting.overwrite(file, recordOffset(3, P), new byte[RECORD]);
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            Repair r = log.openReport().repairs().get(0);
            assertThat(r.kind()).isEqualTo(Kind.TORN_UNSYNCED_TAIL);
            assertThat(r.offset()).isEqualTo(recordOffset(3, P));
            assertThat(r.droppedRecords()).isEqualTo(6);
            assertThat(r.droppedMinDecree()).isEqualTo(5);
            assertThat(r.droppedMaxDecree()).isEqualTo(10);
            assertThat(r.reason()).contains("bad record magic", "6 valid records (decrees 5..10)");
        }
        assertAppendsContinue(3, 10);
    }

    @Test
    void unknownFilesInTheFolderAreLeftAlone() throws Exception {
        writeLog(LogOptions.defaults(), 3);
        Path other = dir.resolve("checkpoint.meta");
        Files.writeString(other, "not a segment");
        try (MutationLog log = MutationLog.open(dir, LogOptions.defaults())) {
            assertThat(log.openReport().repairs()).isEmpty();
            assertThat(log.lastDecree()).isEqualTo(3);
        }
        assertThat(Files.readString(other)).isEqualTo("not a segment");
    }
}
