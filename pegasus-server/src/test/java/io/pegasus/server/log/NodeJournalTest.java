package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.decrees;
import static io.pegasus.server.log.LogTesting.record;
import static io.pegasus.server.log.LogTesting.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node journal: one fdatasync for a round of many partition logs' appends, and the partition logs' lost tails
 * given back after a (simulated) power loss, without bringing back what a later incarnation of a log replaced.
 */
class NodeJournalTest {
    @TempDir
    Path root;

    @TempDir
    Path after;

    /** Runs the logs' flushes; delayed tasks (the partition logs' background fsyncs) only when a test asks. */
    private final ManualSyncExecutor executor = new ManualSyncExecutor();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A one-thread executor that parks delayed tasks until {@link #runDelayed} (so the test decides when). */
    static final class ManualSyncExecutor extends ScheduledThreadPoolExecutor {
        private final List<Runnable> delayed = new ArrayList<>();

        ManualSyncExecutor() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            if (delay <= 0) {
                return super.schedule(task, delay, unit); // execute() and submit() come here too
            }
            delayed.add(task);
            return super.schedule(() -> {}, 1, TimeUnit.DAYS);
        }

        void runDelayed() throws Exception {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(delayed);
                delayed.clear();
            }
            for (Runnable t : tasks) {
                submit(t).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private LogOptions.Builder options() {
        return LogOptions.builder().executor(executor);
    }

    private NodeJournal openJournal(Path dataRoot, LogOptions.Builder options) throws IOException {
        NodeJournal j = NodeJournal.open(dataRoot, dataRoot.resolve("slog"), options.build(), executor);
        open.add(j);
        return j;
    }

    private MutationLog openLog(Path dataRoot, String name, NodeJournal journal) throws IOException {
        return openLog(dataRoot, name, options().journal(journal));
    }

    private MutationLog openLog(Path dataRoot, String name, LogOptions.Builder options) throws IOException {
        Path dir = dataRoot.resolve("replica").resolve(name).resolve("plog");
        Files.createDirectories(dir);
        NodeJournal journal = options.build().journal();
        MutationLog log = MutationLog.open(dir, options.build());
        open.add(open.indexOf(journal) + 1, log); // closed before the journal
        return log;
    }

    @Test
    void withoutAnFsyncPerBatchAPartitionLogAndTheJournalAreWrittenOnTheAppendingThread() throws Exception {
        LogOptions.Builder options = options().flushPolicy(FlushPolicy.WRITE_EACH_BATCH);
        NodeJournal journal = openJournal(root, options);
        MutationLog log = openLog(root, "1.0.pegasus", options.journal(journal));
        CountDownLatch release = LogTesting.blockExecutor(executor, 1);
        try {
            CompletableFuture<Void> f = log.append(List.of(record(1, 1, 100), record(1, 2, 100)));
            assertThat(f)
                    .as("written to the partition log and the journal before append returned")
                    .isDone();
            assertThat(journal.log().stats().records()).isEqualTo(2);
        } finally {
            release.countDown();
        }
        assertThat(decrees(replayAll(log))).containsExactly(1L, 2L);
    }

    @Test
    void oneFsyncForARoundOfManyLogs() throws Exception {
        NodeJournal journal = openJournal(root, options());
        List<MutationLog> logs = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            logs.add(openLog(root, "1." + p + ".pegasus", journal));
        }
        long syncsBefore = journal.log().stats().syncs();
        // hold the log thread so that all eight logs' flushes queue up: one round
        CountDownLatch release = LogTesting.blockExecutor(executor, 1);
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            appends.add(logs.get(p).append(List.of(record(1, 1, 100), record(1, 2, 100))));
        }
        assertThat(appends).noneMatch(CompletableFuture::isDone);
        release.countDown();
        CompletableFuture.allOf(appends.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);

        assertThat(journal.log().stats().syncs() - syncsBefore).isEqualTo(1);
        assertThat(journal.log().stats().records()).isEqualTo(16);
        for (MutationLog log : logs) {
            assertThat(log.stats().syncs())
                    .as("a partition log's own fsyncs wait for the background")
                    .isZero();
            assertThat(decrees(replayAll(log))).containsExactly(1L, 2L);
        }
    }

    @Test
    void powerLossTailsComeBackFromTheJournal() throws Exception {
        NodeJournal journal = openJournal(root, options());
        MutationLog a = openLog(root, "1.0.pegasus", journal);
        MutationLog b = openLog(root, "1.1.pegasus", journal);
        MutationLog c = openLog(root, "1.2.pegasus", journal);
        for (long d = 1; d <= 5; d++) {
            a.append(record(1, d, 100)).join();
            b.append(record(1, d, 200)).join();
            c.append(record(1, d, 50)).join();
        }
        // a new primary voids a's decrees 4 and 5 and prepares them again under ballot 2
        a.truncateAfter(2, 3).join();
        a.append(record(2, 4, 100)).join();
        a.append(record(2, 5, 100)).join();

        // the power goes: the kernel had every page (copy as of now), the partition logs had never fsynced
        LogTesting.copyTree(root, after);
        Path aDir = after.resolve("replica/1.0.pegasus/plog");
        Path bDir = after.resolve("replica/1.1.pegasus/plog");
        Path cDir = after.resolve("replica/1.2.pegasus/plog");
        LogTesting.truncate(LogTesting.segmentFiles(aDir).get(0), LogTesting.recordOffset(2, 100)); // kept 1, 2
        LogTesting.truncate(LogTesting.segmentFiles(bDir).get(0), LogTesting.recordOffset(0, 200)); // kept none
        // and c's replica had been replaced by a learner's new log (another incarnation) before the loss
        deleteTree(cDir);
        Files.createDirectories(cDir);
        MutationLog.open(cDir, LogOptions.defaults()).close();
        Files.write(cDir.resolve(NodeJournal.ID_FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        NodeJournal recovered = openJournal(after, options());
        NodeJournal.RecoveryReport report = recovered.recoveryReport();
        assertThat(report.journalRecords()).isEqualTo(18);
        assertThat(report.logsOpened()).isEqualTo(2);
        assertThat(report.logsChecked()).isZero();
        assertThat(report.logsRepaired()).isEqualTo(2);
        assertThat(report.recordsRestored()).isEqualTo(6 + 5); // a: 3, 4, 5, the marker, 4', 5'; b: 1..5
        assertThat(report.recordsSkipped()).isEqualTo(5); // c's old incarnation

        try (MutationLog ra = MutationLog.open(aDir, LogOptions.defaults());
                MutationLog rb = MutationLog.open(bDir, LogOptions.defaults());
                MutationLog rc = MutationLog.open(cDir, LogOptions.defaults())) {
            assertThat(replayAll(ra))
                    .containsExactly(
                            record(1, 1, 100),
                            record(1, 2, 100),
                            record(1, 3, 100),
                            record(2, 4, 100),
                            record(2, 5, 100));
            assertThat(replayAll(rb))
                    .containsExactly(
                            record(1, 1, 200),
                            record(1, 2, 200),
                            record(1, 3, 200),
                            record(1, 4, 200),
                            record(1, 5, 200));
            assertThat(replayAll(rc)).isEmpty();
        }
        // a second recovery finds nothing missing (the restored records sit where the lost ones were)
        recovered.close();
        open.remove(recovered);
        NodeJournal again = openJournal(after, options());
        assertThat(again.recoveryReport().recordsRestored()).isZero();
        assertThat(again.recoveryReport().logsChecked())
                .as("found in place without opening the logs")
                .isEqualTo(2);
        assertThat(again.recoveryReport().logsOpened()).isZero();
    }

    @Test
    void afterAProcessCrashNoPartitionLogIsOpened() throws Exception {
        NodeJournal journal = openJournal(root, options());
        List<MutationLog> logs = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            logs.add(openLog(
                    root, "1." + p + ".pegasus", options().journal(journal).segmentBytes(4096)));
        }
        for (long d = 1; d <= 40; d++) { // 40 x 300 bytes: several segments per log
            for (MutationLog log : logs) {
                log.append(record(1, d, 300)).join();
            }
        }
        logs.get(1).truncateAfter(2, 38).join();
        logs.get(1).append(record(2, 39, 300)).join();
        assertThat(LogTesting.segmentFiles(root.resolve("replica/1.0.pegasus/plog")))
                .hasSizeGreaterThan(1);

        long log2End = LogTesting.activeSegment(logs.get(2)).size();

        // the process dies: every page survives (the kernel had them), nothing was fsynced by the partition logs
        LogTesting.copyTree(root, after);
        NodeJournal first = openJournal(after, options());
        NodeJournal.RecoveryReport report = first.recoveryReport();
        assertThat(report.journalRecords()).isEqualTo(3 * 40 + 2);
        assertThat(report.logsChecked()).isEqualTo(3);
        assertThat(report.logsOpened()).isZero();
        assertThat(report.recordsRestored()).isZero();

        // one record of the last segment damaged (a power loss that kept a later page): log 2 is opened and repaired
        Path damaged = after.resolve("replica/1.2.pegasus/plog");
        List<Path> files = LogTesting.segmentFiles(damaged);
        LogTesting.truncate(files.get(files.size() - 1), log2End - 10);
        first.close();
        open.remove(first);
        NodeJournal.RecoveryReport second = openJournal(after, options()).recoveryReport();
        assertThat(second.logsChecked()).isEqualTo(2);
        assertThat(second.logsOpened()).isEqualTo(1);
        assertThat(second.recordsRestored()).isEqualTo(1);
        try (MutationLog log = MutationLog.open(damaged, LogOptions.defaults())) {
            assertThat(decrees(replayAll(log))).hasSize(40).endsWith(40L);
        }
    }

    @Test
    void journalKeepsRecordsUntilTheirLogFsyncedThem() throws Exception {
        NodeJournal journal = openJournal(root, options().segmentBytes(4096).preallocateBytes(0));
        MutationLog a = openLog(root, "1.0.pegasus", journal);
        MutationLog b = openLog(root, "1.1.pegasus", journal);
        for (long d = 1; d <= 40; d++) {
            a.append(record(1, d, 300)).join();
            b.append(record(1, d, 300)).join();
        }
        assertThat(journal.log().segments().size()).isGreaterThan(5);
        assertThat(journal.gc().deletedSegments())
                .as("nothing fsynced by the partition logs yet")
                .isZero();

        executor.runDelayed(); // both logs' background fsyncs
        b.append(record(1, 41, 300)).join(); // journal record 81, not yet in b's fsynced file
        for (long d = 41; d <= 80; d++) {
            a.append(record(1, d, 300)).join(); // records 82..121, several segments further
        }
        a.close(); // a fsyncs all it wrote and leaves: only b's record 81 holds the journal back
        GcResult gc = journal.gc();
        assertThat(gc.deletedSegments()).isPositive();
        assertThat(journal.log().firstDecree()).isBetween(2L, 81L);
        assertThat(journal.log().segments().size()).isGreaterThan(2);

        executor.runDelayed(); // b's fsync covers 81
        journal.gc();
        assertThat(journal.log().segments()).hasSize(1); // GC never deletes the active segment
    }

    @Test
    void aFailedJournalFailsTheAppendsWaitingOnIt() throws Exception {
        FaultyChannels faults = new FaultyChannels();
        NodeJournal journal = openJournal(root, options().channels(faults));
        MutationLog a = openLog(root, "1.0.pegasus", journal);
        a.append(record(1, 1, 100)).join();
        faults.failNextSync.set(true);
        CompletableFuture<Void> failed = a.append(record(1, 2, 100));
        assertThatThrownBy(failed::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(LogIoException.class)
                .hasMessageContaining("node journal failed")
                .hasMessageContaining("input/output error on fsync");
        assertThat(a.failure()).isNotNull();
        assertThatThrownBy(() -> a.append(record(1, 3, 100)).join()).hasMessageContaining("refuses appends");
    }

    /** A network thread's round end, run when the test says: tasks handed to it wait in {@link #tasks}. */
    private static final class RoundEnd {
        final List<Runnable> tasks = new ArrayList<>();

        boolean later(Runnable task) {
            tasks.add(task);
            return true;
        }

        void end() {
            List<Runnable> run = new ArrayList<>(tasks);
            tasks.clear();
            run.forEach(Runnable::run);
        }
    }

    private LogOptions.Builder writeEachBatch() {
        return options().flushPolicy(FlushPolicy.WRITE_EACH_BATCH);
    }

    /** A journal with {@code options} that writes at the end of {@code round}. */
    private NodeJournal journalWritingAfter(RoundEnd round, LogOptions.Builder options) throws IOException {
        NodeJournal journal = openJournal(root, options);
        journal.writeAfterRound(round::later);
        return journal;
    }

    @Test
    void afterTheRoundAnAppendCompletesInItsOwnFileAndTheJournalWritesTheWholeRoundAtOnce() throws Exception {
        RoundEnd round = new RoundEnd();
        NodeJournal journal = journalWritingAfter(round, writeEachBatch());
        MutationLog a = openLog(root, "1.0.pegasus", writeEachBatch().journal(journal));
        MutationLog b = openLog(root, "1.1.pegasus", writeEachBatch().journal(journal));
        CompletableFuture<Void> fa = a.append(List.of(record(1, 1, 100), record(1, 2, 100)));
        CompletableFuture<Void> fb = b.append(record(1, 1, 100));
        assertThat(fa).as("complete once in the partition log's file").isDone();
        assertThat(fb).isDone();
        assertThat(a.stats().records()).isEqualTo(2);
        assertThat(journal.log().stats().records())
                .as("nothing journaled before the round ends")
                .isZero();
        assertThat(round.tasks).as("one flush for the round").hasSize(1);
        round.end();
        assertThat(journal.log().stats().records()).isEqualTo(3);
        assertThat(journal.log().stats().batches())
                .as("one write for both logs")
                .isEqualTo(1);
        assertThat(decrees(replayAll(a))).containsExactly(1L, 2L);
        assertThat(decrees(replayAll(b))).containsExactly(1L);
    }

    @Test
    void underAnFsyncPerBatchAnAppendStillWaitsForTheJournal() throws Exception {
        RoundEnd round = new RoundEnd();
        NodeJournal journal = journalWritingAfter(round, options().flushPolicy(FlushPolicy.FSYNC_EACH_BATCH));
        MutationLog a = openLog(root, "1.0.pegasus", journal);
        a.append(record(1, 1, 100)).get(10, TimeUnit.SECONDS);
        assertThat(round.tasks).as("never left for the round's end").isEmpty();
        assertThat(journal.log().stats().records()).isEqualTo(1);
        assertThat(journal.log().stats().syncs()).isPositive();
    }

    @Test
    void aJournalWriteFailingAfterTheRoundFailsThePartitionLog() throws Exception {
        FaultyChannels faults = new FaultyChannels();
        RoundEnd round = new RoundEnd();
        NodeJournal journal = journalWritingAfter(round, writeEachBatch().channels(faults));
        MutationLog a = openLog(root, "1.0.pegasus", writeEachBatch().journal(journal));
        a.append(record(1, 1, 100)).get(10, TimeUnit.SECONDS); // complete: in the partition log's file
        faults.failNextWrite.set(true);
        round.end();
        assertThat(a.failure()).isNotNull();
        assertThat(a.failure()).hasMessageContaining("node journal failed");
        assertThatThrownBy(() -> a.append(record(1, 2, 100)).join()).hasMessageContaining("refuses appends");
    }

    /** A partition log that keeps its records in a buffer of {@code bufferBytes}; no zeros ahead of the writes. */
    private MutationLog bufferedLog(String name, NodeJournal journal, int bufferBytes, LogOptions.Builder options)
            throws IOException {
        return openLog(
                root,
                name,
                options.journal(journal).journaledBufferBytes(bufferBytes).preallocateBytes(0));
    }

    private static long fileBytes(MutationLog log) throws IOException {
        List<Path> files = LogTesting.segmentFiles(log.dir());
        return Files.size(files.get(files.size() - 1));
    }

    @Test
    void aBufferedAppendCompletesOnceTheJournalWroteItAndItsFileGetsItBeforeARead() throws Exception {
        RoundEnd round = new RoundEnd();
        NodeJournal journal = journalWritingAfter(round, writeEachBatch().preallocateBytes(0));
        MutationLog a = bufferedLog("1.0.pegasus", journal, 64 << 10, writeEachBatch());
        MutationLog b = bufferedLog("1.1.pegasus", journal, 64 << 10, writeEachBatch());
        CompletableFuture<Void> fa = a.append(List.of(record(1, 1, 100), record(1, 2, 100)));
        CompletableFuture<Void> fb = b.append(record(1, 1, 100));
        assertThat(fa).as("neither in its file nor in the journal yet").isNotDone();
        assertThat(fb).isNotDone();
        assertThat(fileBytes(a)).as("only the segment header in the file").isEqualTo(LogFormat.SEGMENT_HEADER_BYTES);
        round.end();
        assertThat(fa).as("the journal wrote both logs' records, in one write").isDone();
        assertThat(fb).isDone();
        assertThat(journal.log().stats().batches()).isEqualTo(1);
        assertThat(fileBytes(a)).as("still in the buffer").isEqualTo(LogFormat.SEGMENT_HEADER_BYTES);
        assertThat(a.read(0, 2)).containsExactly(record(1, 1, 100), record(1, 2, 100));
        assertThat(fileBytes(a)).as("written before the read").isEqualTo(LogTesting.recordOffset(2, 100));
        assertThat(decrees(replayAll(b))).containsExactly(1L);
    }

    @Test
    void theBufferGoesToTheFileWhenFullAtTheBackgroundFsyncAndAtASegmentRoll() throws Exception {
        NodeJournal journal = openJournal(root, writeEachBatch().preallocateBytes(0));
        int record = LogFormat.RECORD_HEADER_BYTES + 1000;
        MutationLog a =
                bufferedLog("1.0.pegasus", journal, 4 * record, writeEachBatch().segmentBytes(20_000));
        for (long d = 1; d <= 4; d++) {
            a.append(record(1, d, 1000)).get(10, TimeUnit.SECONDS); // the journal writes at once (no round here)
        }
        assertThat(fileBytes(a)).as("four records fill the buffer").isEqualTo(LogFormat.SEGMENT_HEADER_BYTES);
        a.append(record(1, 5, 1000)).get(10, TimeUnit.SECONDS);
        assertThat(fileBytes(a))
                .as("the fifth did not fit: the four went to the file")
                .isEqualTo(LogTesting.recordOffset(4, 1000));

        executor.runDelayed(); // the background fdatasync writes the buffer first
        assertThat(fileBytes(a)).isEqualTo(LogTesting.recordOffset(5, 1000));
        assertThat(LogTesting.activeSegment(a).syncedOffset()).isEqualTo(LogTesting.recordOffset(5, 1000));

        int perSegment = (20_000 - LogFormat.SEGMENT_HEADER_BYTES) / record;
        for (long d = 6; d <= perSegment + 6; d++) { // past the first segment's end
            a.append(record(1, d, 1000)).get(10, TimeUnit.SECONDS);
        }
        List<Path> files = LogTesting.segmentFiles(a.dir());
        assertThat(files).hasSize(2);
        assertThat(Files.size(files.get(0)))
                .as("the sealed segment holds all its records")
                .isEqualTo(LogTesting.recordOffset(perSegment, 1000));
        assertThat(decrees(replayAll(a))).hasSize(perSegment + 6).endsWith(perSegment + 6L);
    }

    @Test
    void afterAProcessCrashTheBufferedTailComesBackFromTheJournal() throws Exception {
        RoundEnd round = new RoundEnd();
        NodeJournal journal = journalWritingAfter(round, writeEachBatch());
        MutationLog a = bufferedLog("1.0.pegasus", journal, 64 << 10, writeEachBatch());
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        for (long d = 1; d <= 10; d++) {
            acknowledged.add(a.append(record(1, d, 300)));
        }
        round.end();
        acknowledged.add(a.truncateAfter(2, 8)); // a new primary voids 9 and 10 and prepares them again
        for (long d = 9; d <= 30; d++) {
            acknowledged.add(a.append(record(2, d, 300)));
            if (d % 5 == 0) {
                round.end();
            }
        }
        round.end();
        assertThat(acknowledged).allMatch(CompletableFuture::isDone);
        executor.runDelayed();
        a.append(record(1, 31, 300));
        a.append(record(1, 32, 300));
        round.end(); // 31 and 32 acknowledged: in the journal's file, not in the partition log's

        // the process dies (kill -9): the files as the kernel has them, the buffer gone
        LogTesting.copyTree(root, after);
        Path dir = after.resolve("replica/1.0.pegasus/plog");
        NodeJournal.RecoveryReport report = openJournal(after, options()).recoveryReport();
        assertThat(report.logsRepaired()).isEqualTo(1);
        assertThat(report.recordsRestored()).isEqualTo(2);
        try (MutationLog recovered = MutationLog.open(dir, LogOptions.defaults())) {
            List<Long> decrees = decrees(replayAll(recovered));
            assertThat(decrees).hasSize(32).startsWith(1L, 2L).endsWith(31L, 32L);
            assertThat(replayAll(recovered).get(8)).isEqualTo(record(2, 9, 300)); // appended again after the marker
        }
    }

    @Test
    void aFailedWriteOfTheBufferFailsTheLogAndItsRecordsStayInTheJournal() throws Exception {
        FaultyChannels faults = new FaultyChannels();
        NodeJournal journal =
                openJournal(root, writeEachBatch().segmentBytes(4096).preallocateBytes(0));
        MutationLog a =
                bufferedLog("1.0.pegasus", journal, 64 << 10, writeEachBatch().channels(faults));
        for (long d = 1; d <= 40; d++) { // 40 x 300 bytes: several journal segments
            a.append(record(1, d, 300)).get(10, TimeUnit.SECONDS);
        }
        faults.failNextWrite.set(true);
        executor.runDelayed(); // the background fdatasync writes the buffer first: that write fails
        assertThat(a.failure()).isNotNull();
        assertThat(a.failure()).hasMessageContaining("buffered bytes").hasMessageContaining("input/output error");
        assertThatThrownBy(() -> a.append(record(1, 41, 300)).join()).hasMessageContaining("refuses appends");
        assertThatThrownBy(() -> a.read(0, 1))
                .as("a read of the lost tail says so rather than reading what is not there")
                .isInstanceOf(LogIoException.class);
        assertThat(journal.gc().deletedSegments())
                .as("the journal keeps what the partition log never wrote")
                .isZero();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p :
                    s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
