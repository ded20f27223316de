package io.pegasus.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log per node that makes the appends of all its partitions' logs durable with one fdatasync per round, instead of
 * one per partition log (Apache Pegasus's "shared log" idea).
 *
 * <p><b>Why.</b> A node's log thread used to fdatasync each partition log that had appends, one after another: with 8
 * busy partitions a round cost 8 fdatasyncs (0.15-0.5 ms each on this VM's disk), every write waited for the whole
 * round on the primary and again on the secondaries, and the syncs cost CPU in the kernel. With the journal a
 * partition log only <i>writes</i> its batch to its own file (page cache) and hands the same records to the journal;
 * the journal's flush task, queued on the same executor behind the partition logs' flush tasks, writes everything they
 * handed over in one write and applies the flush policy (by default one fdatasync) before any of their appends
 * completes. The partition logs stay what replay, learners and GC read; the journal is only read after a crash.
 *
 * <p><b>Durability.</b> An append completes once its records are in the journal under the node's flush policy, so an
 * acknowledged mutation survives a power loss exactly as before; under a policy without an fdatasync before the
 * acknowledgement, a node may let the journal write at the end of the network round instead ({@link
 * #writeAfterRound}). A partition log fdatasyncs its own file in the
 * background ({@link #PARTITION_SYNC_INTERVAL_MILLIS}), and whenever it seals a segment or closes. The background
 * fdatasyncs run on a thread of the journal's, not on the log thread: each writes out up to a second of a partition's
 * appends, which would stall every partition's next round behind it.
 *
 * <p><b>Recovery</b> ({@link #open}, before any partition log is opened). A power loss can cut the unsynced tail of a
 * partition log; its records are still in the journal. Every journal record names its partition log (the folder,
 * relative to the node's data folder, and the log's incarnation id from {@value #ID_FILE}) and where in that log it
 * was written (segment and offset). For each log whose folder and id still match, the records written at or after the
 * recovered end of its last segment are appended again, in their original order (truncation markers included), and
 * the log is fsynced. Records of folders that were deleted, dropped or replaced by a learner's new log (another id)
 * are skipped. A process crash loses nothing of a partition log (the kernel has the pages): then recovery only reads the
 * journaled records where they were written, finds them in place, and opens no partition log (see {@link #allInPlace}).
 *
 * <p><b>GC</b> ({@link #gc}). A journal record may go once its partition log fsynced it: each registered log reports
 * the highest journal sequence number it wrote and the highest its own fsync covered. Segments whose every record is
 * covered go (a prefix, never the active segment).
 *
 * <p>The journal is a {@link MutationLog} in its own folder whose "decrees" are journal sequence numbers (1, 2, ...;
 * ballot 0), so it shares the segment format, checksums, torn-tail recovery and group commit. Record payload (big
 * endian): u8 version 1, u16 tag length, tag (UTF-8), i64 log id, u8 type, i64 ballot, i64 decree, i64 segment seq,
 * i64 offset, then the partition record's payload.
 */
public final class NodeJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeJournal.class);

    /** The file in a partition log folder holding the log's incarnation id (8 bytes). */
    public static final String ID_FILE = "journal.id";

    /**
     * How often a partition log under a journal fdatasyncs its own file (at most this long after a write). It bounds
     * what the journal must keep (GC follows these syncs) at the price of one fdatasync per busy partition per period.
     */
    public static final long PARTITION_SYNC_INTERVAL_MILLIS = 1000;

    private static final byte VERSION = 1;
    private static final SecureRandom IDS = new SecureRandom();

    private final Path dataRoot;
    private final MutationLog log;
    private final ScheduledExecutorService syncer;
    private final boolean ownsSyncer;
    private final RecoveryReport recovery;
    private final boolean syncsBeforeCompleting;
    /** Set by {@link #writeAfterRound}; null: records handed over are written at once. */
    private volatile Predicate<Runnable> afterRound;
    /** A flush the journal's log owes, handed to a round's end: whoever claims it first (that task, or close) runs it. */
    private final AtomicBoolean flushLeftForRoundEnd = new AtomicBoolean();

    private final Object mutex = new Object();
    // guarded by mutex
    private long lastSeq;
    private final List<Member> members = new ArrayList<>();

    /**
     * What {@link #open} did to the partition logs.
     *
     * @param journalRecords records read from the journal
     * @param logsChecked partition logs whose journaled records were all found in place (not opened)
     * @param logsOpened partition logs opened to repair, because some of their journaled records were not in place
     * @param logsRepaired partition logs that got records back
     * @param recordsRestored records appended again to them
     * @param recordsSkipped records of folders that are gone or hold another incarnation of the log
     */
    public record RecoveryReport(
            long journalRecords,
            int logsChecked,
            int logsOpened,
            int logsRepaired,
            long recordsRestored,
            long recordsSkipped) {}

    /** A partition log writing through the journal: what it wrote and what its own fsync made durable. */
    static final class Member {
        final byte[] tag;
        final long id;
        // guarded by the journal's mutex
        long written;
        long synced;

        Member(byte[] tag, long id) {
            this.tag = tag;
            this.id = id;
        }
    }

    private NodeJournal(
            Path dataRoot,
            MutationLog log,
            RecoveryReport recovery,
            ScheduledExecutorService syncer,
            FlushPolicy policy) {
        this.dataRoot = dataRoot;
        this.syncsBeforeCompleting = policy == FlushPolicy.FSYNC_EACH_BATCH;
        this.log = log;
        this.ownsSyncer = syncer == null;
        this.syncer = ownsSyncer ? MutationLog.newExecutor(1, "log-background-sync") : syncer;
        this.recovery = recovery;
        this.lastSeq = log.lastDecree();
    }

    /**
     * Opens (or creates) the journal in {@code dir} and repairs from it the partition logs under {@code dataRoot}
     * (see the class comment). Call before any partition log is opened. {@code options} give the flush policy, the
     * segment size and the executor (the partition logs' executor, so that the journal's flush follows theirs).
     */
    public static NodeJournal open(Path dataRoot, Path dir, LogOptions options) throws IOException {
        return open(dataRoot, dir, options, null);
    }

    /** As {@link #open(Path, Path, LogOptions)}, the partition logs' background fsyncs on {@code syncer} (tests). */
    static NodeJournal open(Path dataRoot, Path dir, LogOptions options, ScheduledExecutorService syncer)
            throws IOException {
        LogOptions own = options.toBuilder().journal(null).build();
        MutationLog log = MutationLog.open(dir, own);
        try {
            LogOptions repair = own.toBuilder()
                    .executor(null)
                    .flushPolicy(FlushPolicy.FSYNC_EACH_BATCH)
                    .build();
            RecoveryReport report = repairPartitionLogs(dataRoot, log, repair);
            if (report.logsRepaired() > 0 || report.recordsSkipped() > 0) {
                LOG.warn("node journal {}: {}", dir, report);
            } else {
                LOG.info("node journal {}: {}", dir, report);
            }
            return new NodeJournal(dataRoot, log, report, syncer, own.flushPolicy());
        } catch (IOException | RuntimeException e) {
            try {
                log.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public RecoveryReport recoveryReport() {
        return recovery;
    }

    /** The journal's own log, for stats and tests. */
    public MutationLog log() {
        return log;
    }

    /** Where the partition logs run their background fsyncs. */
    ScheduledExecutorService syncer() {
        return syncer;
    }

    /** Registers a partition log opened in {@code dir}: reads its incarnation id, or gives it a new one. */
    Member register(Path dir) throws IOException {
        Member m = new Member(tag(dataRoot, dir), readOrCreateId(dir));
        synchronized (mutex) {
            m.written = lastSeq;
            m.synced = lastSeq;
            members.add(m);
        }
        return m;
    }

    /** The log of {@code m} is closed (and fsynced): it no longer holds journal records back. */
    void unregister(Member m) {
        synchronized (mutex) {
            members.remove(m);
        }
    }

    /**
     * Hands over records a partition log just wrote at {@code locations}; the future completes once the journal has
     * them under its flush policy.
     */
    CompletableFuture<Void> record(Member m, List<PendingAppend.Item> items, long[] locations) {
        List<LogRecord> records = new ArrayList<>(items.size());
        MutationLog.Queued queued;
        synchronized (mutex) {
            // sequence numbers in the order the journal receives them: its appends queue in this order too
            for (int i = 0; i < items.size(); i++) {
                PendingAppend.Item item = items.get(i);
                records.add(new LogRecord(0, ++lastSeq, item.timestampMicros(), wrap(m, item, locations[i])));
            }
            m.written = lastSeq;
            queued = log.queue(records);
        }
        if (queued.mustFlush()) {
            // outside the lock: a flush on this thread completes futures, i.e. runs callbacks
            flushLeftForRoundEnd.set(true);
            Predicate<Runnable> later = afterRound;
            if (later == null || !later.test(this::flushLeftForRoundEnd)) {
                flushLeftForRoundEnd();
            }
        }
        return queued.future();
    }

    /**
     * Lets the journal write what the partition logs hand over at the end of the handing thread's round, one write for
     * all of them, instead of at once; and lets their appends complete without waiting for it ({@link
     * #writesAfterRound}). Only under a flush policy that acknowledges once written to the operating system ({@link
     * FlushPolicy#WRITE_EACH_BATCH}, {@link FlushPolicy#NONE}): there the partition log's own write already is that
     * point, and a record reaches the journal within the round, long before the policy's fdatasync. Under {@link
     * FlushPolicy#FSYNC_EACH_BATCH} this does nothing: an append waits for the journal's fdatasync.
     *
     * @param afterRound runs a task after the calling network thread's round; false when the caller is not a network
     *     thread (the journal then writes at once)
     */
    public void writeAfterRound(Predicate<Runnable> afterRound) {
        if (!syncsBeforeCompleting) {
            this.afterRound = afterRound;
        }
    }

    private void flushLeftForRoundEnd() {
        if (flushLeftForRoundEnd.compareAndSet(true, false)) {
            log.startFlush();
        }
    }

    /** Whether a partition log's append completes once in its own file, before the journal has written it. */
    boolean writesAfterRound() {
        return afterRound != null;
    }

    /** Returns the sequence number the next fsync of {@code m}'s file will cover; pass it to {@link #synced}. */
    long beforeSync(Member m) {
        synchronized (mutex) {
            return m.written;
        }
    }

    void synced(Member m, long upTo) {
        synchronized (mutex) {
            m.synced = Math.max(m.synced, upTo);
        }
    }

    /** Deletes the journal segments whose every record its partition log has fsynced. */
    public GcResult gc() throws IOException {
        long bound;
        synchronized (mutex) {
            bound = lastSeq;
            for (Member m : members) {
                if (m.written > m.synced) {
                    bound = Math.min(bound, m.synced);
                }
            }
        }
        return log.gc(bound);
    }

    @Override
    public void close() throws IOException {
        try {
            flushLeftForRoundEnd(); // a round that ended without running it (its thread stopped) leaves it to us
            log.close();
        } finally {
            if (ownsSyncer) {
                syncer.shutdown();
            }
        }
    }

    private static byte[] wrap(Member m, PendingAppend.Item item, long location) {
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + m.tag.length + 8 + 1 + 8 * 4 + item.payload().length);
        b.put(VERSION).putShort((short) m.tag.length).put(m.tag).putLong(m.id);
        b.put(item.type()).putLong(item.ballot()).putLong(item.decree());
        b.putLong(DecreeIndex.seqOf(location)).putLong(DecreeIndex.offsetOf(location));
        b.put(item.payload());
        return b.array();
    }

    /** A journal record taken apart. */
    private record Entry(
            String tag,
            long id,
            byte type,
            long ballot,
            long decree,
            long segment,
            long offset,
            long micros,
            byte[] payload) {
        static Entry of(LogRecord r) {
            ByteBuffer b = ByteBuffer.wrap(r.payload());
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalStateException("node journal record " + r.decree() + " has version " + version);
            }
            byte[] tag = new byte[b.getShort() & 0xFFFF];
            b.get(tag);
            long id = b.getLong();
            byte type = b.get();
            long ballot = b.getLong();
            long decree = b.getLong();
            long segment = b.getLong();
            long offset = b.getLong();
            byte[] payload = new byte[b.remaining()];
            b.get(payload);
            return new Entry(
                    new String(tag, StandardCharsets.UTF_8),
                    id,
                    type,
                    ballot,
                    decree,
                    segment,
                    offset,
                    r.timestampMicros(),
                    payload);
        }
    }

    private static RecoveryReport repairPartitionLogs(Path dataRoot, MutationLog journal, LogOptions options)
            throws IOException {
        Map<String, List<Entry>> byTag = new LinkedHashMap<>();
        long[] read = {0};
        journal.replay(0, r -> {
            Entry e = Entry.of(r);
            byTag.computeIfAbsent(e.tag() + "#" + e.id(), k -> new ArrayList<>())
                    .add(e);
            read[0]++;
        });
        int checked = 0;
        int opened = 0;
        int repaired = 0;
        long restored = 0;
        long skipped = 0;
        for (List<Entry> entries : byTag.values()) {
            Entry first = entries.get(0);
            Path dir = dataRoot.resolve(first.tag());
            Long id = Files.isDirectory(dir) ? readId(dir) : null;
            if (id == null || id != first.id()) {
                skipped += entries.size();
                continue;
            }
            if (allInPlace(dir, entries, options)) {
                checked++;
                continue;
            }
            opened++;
            int n = restore(dir, entries, options);
            if (n > 0) {
                repaired++;
                restored += n;
            }
        }
        return new RecoveryReport(read[0], checked, opened, repaired, restored, skipped);
    }

    /**
     * True if every entry is still where it was written, intact: then the log lost nothing and need not be opened
     * here (the replica opens it anyway, and an open scans and checksums the whole log). This is the case after a
     * process crash, where the kernel kept every page. Entries in segments before the last one are in place by
     * definition: a segment is fsynced in full before its successor is created (and may since have been deleted by
     * GC). Only the journaled tail is read, so the check costs what the journal holds, not what the logs hold.
     */
    private static boolean allInPlace(Path dir, List<Entry> entries, LogOptions options) throws IOException {
        List<Path> files = LogRecovery.segmentFiles(dir, false); // the log's own open warns about strays
        if (files.isEmpty()) {
            return false;
        }
        Path lastFile = files.get(files.size() - 1);
        long lastSeq = Segment.parseSeq(lastFile.getFileName().toString());
        try (SegmentChannel channel = options.channels().openExisting(lastFile)) {
            ByteBuffer header = ByteBuffer.allocate(LogFormat.SEGMENT_HEADER_BYTES);
            channel.read(header, 0);
            if (LogFormat.segmentSeq(header.flip(), 0) != lastSeq) {
                return false;
            }
            for (Entry e : entries) {
                if (e.segment() > lastSeq) {
                    return false;
                }
                if (e.segment() == lastSeq && !inPlace(channel, e)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** True if the record at the entry's offset is valid and is the entry's record. */
    private static boolean inPlace(SegmentChannel channel, Entry e) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LogFormat.RECORD_HEADER_BYTES + e.payload().length);
        if (SegmentScanner.readRecordAt(channel, e.offset(), b) != null) {
            return false;
        }
        LogFormat.Header h = LogFormat.decodeHeader(b, 0);
        return h.type() == e.type()
                && h.ballot() == e.ballot()
                && h.decree() == e.decree()
                && h.payloadLength() == e.payload().length
                && Arrays.equals(
                        b.array(), LogFormat.RECORD_HEADER_BYTES, b.capacity(), e.payload(), 0, e.payload().length);
    }

    /** Appends again the entries a power loss cut from the log in {@code dir}; returns how many. */
    private static int restore(Path dir, List<Entry> entries, LogOptions options) throws IOException {
        try (MutationLog partitionLog = MutationLog.open(dir, options)) {
            Segment last = partitionLog.activeSegment();
            long lastSeq = last == null ? -1 : last.seq;
            long end = last == null ? 0 : last.size();
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (Entry e : entries) {
                boolean lost = e.segment() > lastSeq || (e.segment() == lastSeq && e.offset() >= end);
                if (!lost) {
                    continue;
                }
                appends.add(
                        e.type() == LogFormat.TYPE_TRUNCATE
                                ? partitionLog.truncateAfter(e.ballot(), e.decree())
                                : partitionLog.append(new LogRecord(e.ballot(), e.decree(), e.micros(), e.payload())));
            }
            for (CompletableFuture<Void> f : appends) {
                f.join();
            }
            if (!appends.isEmpty()) {
                LOG.warn(
                        "node journal: restored {} records to {} (its last segment ended at offset {})",
                        appends.size(),
                        dir,
                        end);
            }
            return appends.size();
        }
    }

    private static byte[] tag(Path dataRoot, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path root = dataRoot.toAbsolutePath().normalize();
        String tag = abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
        byte[] b = tag.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("log folder name too long for the journal: " + dir);
        }
        return b;
    }

    private static Long readId(Path dir) throws IOException {
        try {
            byte[] b = Files.readAllBytes(dir.resolve(ID_FILE));
            return b.length == 8 ? ByteBuffer.wrap(b).getLong() : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long readOrCreateId(Path dir) throws IOException {
        Long id = readId(dir);
        if (id != null) {
            return id;
        }
        long fresh = IDS.nextLong();
        Path tmp = dir.resolve(ID_FILE + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.allocate(8).putLong(0, fresh));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(ID_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Segment.syncDirectory(dir);
        return fresh;
    }
}
