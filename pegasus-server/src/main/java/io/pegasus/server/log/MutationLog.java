package io.pegasus.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutation log of one partition replica: a folder of checksummed segment files holding every mutation the replica
 * prepared, so that a mutation is durable before the replica acknowledges it (PacificA: a write commits once every
 * replica has it in its log), and so that a restarted replica can replay what its storage had not yet made durable.
 * The format, the flush policies and the recovery rules are in docs/mutation-log.md.
 *
 * <p><b>Group commit.</b> {@link #append} only queues the record and returns a future. One flush task per log (run on
 * an executor that may be shared by all the node's partitions) takes everything queued, writes it with one write
 * call, applies the {@link FlushPolicy} (one fdatasync for the whole batch by default) and completes the futures in
 * the order the appends were made. Appends made while a batch is being written and synced form the next batch.
 *
 * <p><b>Reconciliation.</b> The same decree may be logged more than once: a new primary re-proposes uncommitted
 * decrees with a higher ballot. For each decree the entry with the highest ballot wins (the last written among equal
 * ballots), and {@link #truncateAfter} writes a marker that voids every entry above a decree written before it. Reads,
 * replay and recovery all see the same winners ({@link DecreeIndex}).
 *
 * <p><b>Failure.</b> If a write or fsync fails, the pending appends complete exceptionally with a {@link
 * LogIoException} naming the file, the failure listener is told, and the log refuses every later append: the replica
 * must go to its error state. A failed append may or may not be found in the log after a restart, like any write that
 * was never acknowledged.
 *
 * <p><b>Threads.</b> Futures complete on the log's flush thread: dependent actions must be quick and must not call
 * {@link #close}; hand longer work to another executor. Under a policy without an fdatasync per batch there is no
 * flush thread on the append path: the appending thread writes the batch itself, so the future may be complete when
 * {@code append} returns and its callbacks may run inside {@code append}, on the caller's thread; callers must not
 * hold a lock there that those callbacks take. Reads ({@link #read}, {@link #replay}) may run on any thread
 * while appends continue.
 */
public final class MutationLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MutationLog.class);
    /** Rounds an appending thread writes for others (see flushInline) before it hands the rest to the executor. */
    private static final int INLINE_ROUNDS = 4;

    private static final int REPLAY_CHUNK = 1024;

    private final Path dir;
    private final LogOptions options;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final SegmentSet segments;
    private final LogWriter writer;
    private final OpenReport openReport;
    /** The node's journal and this log's membership in it, or both null (see {@link NodeJournal}). */
    private final NodeJournal journal;

    private final NodeJournal.Member member;
    /** Whether appending threads write their batches themselves (no fdatasync on the append path; see flushInline). */
    private final boolean writesInline;

    /**
     * Read side held by whoever uses segment locations (the flush task between writing and indexing, readers while
     * reading); write side by GC while it drops segments and their index entries. So a location is never handed out
     * for a segment being deleted.
     */
    private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();

    private final Object mutex = new Object();
    // everything below is guarded by mutex
    private final DecreeIndex index;
    private final ArrayDeque<PendingAppend> pending = new ArrayDeque<>();
    /** True while a flush task is queued or running; at most one per log, which keeps records in append order. */
    private boolean flushing;

    private Thread flushThread;
    private boolean syncScheduled;
    private ScheduledFuture<?> syncTask;
    private boolean closed;
    private LogIoException failure;
    private long records;
    private long batches;
    private long syncs;
    private long bytes;
    private long shadowed;

    private MutationLog(Path dir, LogOptions options, LogRecovery.Recovered recovered) throws IOException {
        this.dir = dir;
        this.options = options;
        this.ownsExecutor = options.executor() == null;
        this.executor = ownsExecutor ? newExecutor(1, "mutation-log-" + dir.getFileName()) : options.executor();
        this.segments = new SegmentSet(recovered.segments());
        this.index = recovered.index();
        this.openReport = recovered.report();
        this.writer = new LogWriter(
                dir,
                options,
                segments,
                recovered.nextSeq(),
                options.journal() == null ? 0 : options.journaledBufferBytes());
        this.journal = options.journal();
        this.member = journal == null ? null : journal.register(dir);
        this.writesInline = options.inlineWrites() && options.flushPolicy() != FlushPolicy.FSYNC_EACH_BATCH;
    }

    /**
     * Opens the log in {@code dir} (created if missing): checks every record, cuts a torn tail at the last valid
     * record, and applies the {@link CorruptionPolicy} to any other damage. What it found is in {@link
     * #openReport()}, and logged.
     *
     * @throws LogCorruptionException if the log holds damage a crash cannot explain and the policy is FAIL
     */
    public static MutationLog open(Path dir, LogOptions options) throws IOException {
        return new MutationLog(dir, options, LogRecovery.recover(dir, options));
    }

    /** An executor for the logs of many partitions: daemon threads, to be shut down by the caller after the logs. */
    public static ScheduledExecutorService newExecutor(int threads, String name) {
        return Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public OpenReport openReport() {
        return openReport;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Queues one mutation. The future completes once it is written and, under {@link FlushPolicy#FSYNC_EACH_BATCH},
     * fsynced; it completes exceptionally with {@link LogIoException} if that fails or the log failed earlier, and with
     * {@link IllegalStateException} once the log is closed.
     *
     * @throws IllegalArgumentException if the payload is larger than 256 MiB
     */
    public CompletableFuture<Void> append(LogRecord record) {
        return enqueue(List.of(PendingAppend.Item.mutation(checkSize(record))));
    }

    /** Queues several mutations, written in this order and in the same batch; one future for all of them. */
    public CompletableFuture<Void> append(List<LogRecord> batch) {
        return enqueue(mutations(batch));
    }

    private static List<PendingAppend.Item> mutations(List<LogRecord> batch) {
        List<PendingAppend.Item> items = new ArrayList<>(batch.size());
        for (LogRecord r : batch) {
            items.add(PendingAppend.Item.mutation(checkSize(r)));
        }
        return items;
    }

    /**
     * Queues a truncation marker: every entry with a decree above {@code decree} that was logged before it is void,
     * now and after any restart; later appends of those decrees are new entries. The replica calls this when a new
     * configuration discards uncommitted decrees. Completes like {@link #append}.
     *
     * @param ballot the ballot of the configuration that truncates (kept in the marker for inspection)
     */
    public CompletableFuture<Void> truncateAfter(long ballot, long decree) {
        if (decree < 0 || ballot < 0) {
            throw new IllegalArgumentException("ballot and decree must be >= 0: " + ballot + ", " + decree);
        }
        long micros = Math.multiplyExact(options.clock().millis(), 1000L);
        return enqueue(List.of(PendingAppend.Item.truncation(ballot, decree, micros)));
    }

    /**
     * Passes every live mutation with a decree above {@code afterDecree} to {@code consumer}, in decree order, one
     * winner per decree. For a restart: {@code afterDecree} is the storage's last durable decree. The consumer runs on
     * the calling thread with no lock held. Entries GC deletes meanwhile are skipped.
     *
     * @throws LogCorruptionException if a record no longer matches its checksum
     */
    public ReplayResult replay(long afterDecree, Consumer<LogRecord> consumer) throws IOException {
        long count = 0;
        long first = 0;
        long last = 0;
        long from = afterDecree;
        while (true) {
            List<LogRecord> chunk = readEntries(from, Long.MAX_VALUE, REPLAY_CHUNK, false);
            if (chunk.isEmpty()) {
                break;
            }
            for (LogRecord r : chunk) {
                consumer.accept(r);
            }
            if (count == 0) {
                first = chunk.get(0).decree();
            }
            count += chunk.size();
            last = chunk.get(chunk.size() - 1).decree();
            from = last;
        }
        return new ReplayResult(count, first, last, count == 0 ? 0 : last - first + 1 - count);
    }

    /**
     * The live mutations with {@code fromExclusive < decree <= toInclusive}, in decree order, e.g. for a learner. Reads
     * may run while appends continue; ask for bounded ranges, as the records are returned in memory.
     *
     * @throws DecreeNotInLogException if the log has no entry for some decree in the range
     * @throws LogCorruptionException if a record no longer matches its checksum
     */
    public List<LogRecord> read(long fromExclusive, long toInclusive) throws IOException {
        if (toInclusive <= fromExclusive) {
            return List.of();
        }
        long n = toInclusive - fromExclusive;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("range too large: (" + fromExclusive + ", " + toInclusive + "]");
        }
        return readEntries(fromExclusive, toInclusive, (int) n, true);
    }

    /**
     * Deletes the oldest segments whose every decree is {@code <= durableDecree}, keeping the active segment and the
     * reserve in {@link LogOptions}. Pass the decree durable in the storage's checkpoint, lowered to what learners or
     * duplication still need.
     */
    public GcResult gc(long durableDecree) throws IOException {
        segmentsLock.writeLock().lock();
        try {
            long nowMicros = Math.multiplyExact(options.clock().millis(), 1000L);
            int n = GcPlanner.deletablePrefix(
                    segments.infos(),
                    durableDecree,
                    options.gcReserveSegments(),
                    Math.multiplyExact(options.gcReserveMillis(), 1000L),
                    nowMicros);
            if (n == 0) {
                return new GcResult(0, 0, firstDecree());
            }
            List<Segment> removed = segments.removeOldest(n);
            synchronized (mutex) {
                index.removeSegmentsUpTo(removed.get(removed.size() - 1).seq);
            }
            long deletedBytes = 0;
            for (Segment s : removed) {
                deletedBytes += s.size();
                s.channel.close();
                Files.delete(s.path);
            }
            LOG.info(
                    "mutation log {}: GC up to decree {} deleted {} segments ({} bytes), {} .. {}",
                    dir,
                    durableDecree,
                    n,
                    deletedBytes,
                    removed.get(0).path.getFileName(),
                    removed.get(removed.size() - 1).path.getFileName());
            return new GcResult(n, deletedBytes, firstDecree());
        } finally {
            segmentsLock.writeLock().unlock();
        }
    }

    /** The lowest decree with a live entry, 0 if none. */
    public long firstDecree() {
        synchronized (mutex) {
            return index.first();
        }
    }

    /** The highest decree with a live entry (written, maybe not yet durable), 0 if none. */
    public long lastDecree() {
        synchronized (mutex) {
            return index.last();
        }
    }

    /** The failure that stopped the log, or null while it is healthy. */
    public LogIoException failure() {
        synchronized (mutex) {
            return failure;
        }
    }

    public LogStats stats() {
        int open = segments.snapshot().size();
        synchronized (mutex) {
            return new LogStats(records, batches, syncs, bytes, shadowed, open);
        }
    }

    public List<SegmentInfo> segments() {
        return segments.infos();
    }

    /** The segment appends go to, null if none: for the journal's recovery and for tests. */
    Segment activeSegment() {
        return segments.active();
    }

    /**
     * Waits for queued appends to be written, fsyncs the active segment (whatever the policy), and closes the files.
     * Later appends fail. Must not be called from a completion callback running on the log's flush thread.
     */
    @Override
    public void close() throws IOException {
        synchronized (mutex) {
            if (closed) {
                return;
            }
            if (flushThread == Thread.currentThread()) {
                throw new IllegalStateException("MutationLog.close() called from an append callback on its thread");
            }
            closed = true;
            boolean interrupted = false;
            while (flushing) {
                try {
                    mutex.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (syncTask != null) {
                syncTask.cancel(false);
            }
        }
        IOException error = null;
        if (failure() == null) {
            try {
                syncFile();
                if (journal != null) {
                    journal.unregister(member); // all it wrote is durable here: the journal may drop it
                }
            } catch (IOException e) {
                error = e;
            }
        }
        segmentsLock.writeLock().lock();
        try {
            for (Segment s : segments.snapshot()) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    if (error == null) {
                        error = e;
                    } else {
                        error.addSuppressed(e);
                    }
                }
            }
        } finally {
            segmentsLock.writeLock().unlock();
        }
        if (ownsExecutor) {
            executor.shutdown();
        }
        if (error != null) {
            throw error;
        }
    }

    private static LogRecord checkSize(LogRecord r) {
        if (r.payload().length > LogFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "payload of " + r.payload().length + " bytes exceeds " + LogFormat.MAX_PAYLOAD_BYTES);
        }
        return r;
    }

    private CompletableFuture<Void> enqueue(List<PendingAppend.Item> items) {
        Queued q = queueItems(items);
        if (q.mustFlush()) {
            startFlush();
        }
        return q.future();
    }

    /** An append in the queue, and whether its caller took the flush and must {@link #startFlush} it. */
    record Queued(CompletableFuture<Void> future, boolean mustFlush) {}

    /**
     * Queues {@code batch} like {@link #append(List)} but leaves starting the flush to the caller, which may queue
     * under its own lock (to keep an order) and start the flush outside it: an inline flush runs callbacks.
     */
    Queued queue(List<LogRecord> batch) {
        return queueItems(mutations(batch));
    }

    private Queued queueItems(List<PendingAppend.Item> items) {
        PendingAppend append = new PendingAppend(items);
        synchronized (mutex) {
            if (failure != null) {
                return new Queued(
                        CompletableFuture.failedFuture(new LogIoException(
                                "mutation log " + dir + " refuses appends after a failure", failure)),
                        false);
            }
            if (closed) {
                return new Queued(
                        CompletableFuture.failedFuture(new IllegalStateException("mutation log " + dir + " is closed")),
                        false);
            }
            pending.add(append);
            if (flushing) {
                return new Queued(append.future, false);
            }
            flushing = true;
            return new Queued(append.future, true);
        }
    }

    /** Runs the flush a {@link Queued} with {@code mustFlush} handed to its caller. */
    void startFlush() {
        if (writesInline) {
            flushInline();
        } else {
            submitFlush();
        }
    }

    /**
     * Without an fdatasync to wait for, a batch is one write to the page cache: the appending thread writes it itself
     * (and completes its future, so the caller's callbacks run here too), which spares two thread hand-offs per batch.
     * Appends queued meanwhile by other threads follow for a few rounds, then go to the executor.
     */
    private void flushInline() {
        for (int round = 0; flushOnce(); round++) {
            if (round == INLINE_ROUNDS) {
                submitFlush();
                return;
            }
        }
    }

    private void submitFlush() {
        try {
            executor.execute(this::flush);
        } catch (RejectedExecutionException e) {
            fail(new LogIoException("mutation log " + dir + ": executor rejected the flush task", e), List.of());
        }
    }

    private void flush() {
        if (flushOnce()) {
            submitFlush(); // through the executor again, so that other partitions' logs get their turn
        }
    }

    /**
     * One group commit: everything queued (up to maxBatchBytes) in one write and, by policy, one fdatasync. Returns
     * true if more was queued meanwhile: then the caller still holds the flush and must run it again.
     */
    private boolean flushOnce() {
        List<PendingAppend> batch = new ArrayList<>();
        List<PendingAppend.Item> items = new ArrayList<>();
        synchronized (mutex) {
            flushThread = Thread.currentThread();
            long size = 0;
            while (!pending.isEmpty() && (batch.isEmpty() || size + pending.peek().bytes <= options.maxBatchBytes())) {
                PendingAppend p = pending.poll();
                batch.add(p);
                items.addAll(p.items);
                size += p.bytes;
            }
        }
        try {
            long[] locations;
            segmentsLock.readLock().lock();
            try {
                locations = writer.write(items);
                synchronized (mutex) {
                    for (int i = 0; i < items.size(); i++) {
                        PendingAppend.Item item = items.get(i);
                        if (!index.apply(
                                item.type(), item.ballot(), item.decree(), locations[i], item.payload().length)) {
                            shadowed++;
                            LOG.warn(
                                    "mutation log {}: decree {} ballot {} is shadowed by a higher ballot already logged",
                                    dir,
                                    item.decree(),
                                    item.ballot());
                        }
                        bytes += item.bytes();
                    }
                    records += items.size();
                    batches++;
                }
            } finally {
                segmentsLock.readLock().unlock();
            }
            if (journal != null) {
                // this file is fsynced in the background. An append is logged once the journal has its records, or,
                // when the journal writes at the end of the round (a policy without an fdatasync before acknowledging),
                // once it is in this file's page cache: the journal then writes it within its fdatasync interval. A
                // log that buffers its records has nothing in the page cache yet: it waits for the journal's write
                scheduleBackgroundSync(NodeJournal.PARTITION_SYNC_INTERVAL_MILLIS);
                boolean loggedInThisFile = journal.writesAfterRound() && !writer.buffers();
                journal.record(member, items, locations).whenComplete((v, e) -> {
                    if (e != null) {
                        failAfterFlush(e, loggedInThisFile ? List.of() : batch);
                    } else if (!loggedInThisFile) {
                        batch.forEach(p -> p.future.complete(null));
                    }
                });
                if (loggedInThisFile) {
                    batch.forEach(p -> p.future.complete(null));
                }
            } else if (options.flushPolicy() == FlushPolicy.FSYNC_EACH_BATCH) {
                writer.sync();
                synchronized (mutex) {
                    syncs++;
                }
            } else if (options.flushPolicy() == FlushPolicy.WRITE_EACH_BATCH) {
                scheduleBackgroundSync(options.syncIntervalMillis());
            }
        } catch (IOException | RuntimeException e) {
            fail(e, batch);
            return false;
        }
        if (journal == null) {
            for (PendingAppend p : batch) {
                p.future.complete(null);
            }
        }
        boolean again;
        synchronized (mutex) {
            flushThread = null;
            again = !pending.isEmpty() && failure == null;
            if (!again) {
                flushing = false;
                mutex.notifyAll();
            }
        }
        return again;
    }

    private void scheduleBackgroundSync(long delayMillis) {
        synchronized (mutex) {
            if (syncScheduled || closed) {
                return;
            }
            syncScheduled = true;
            try {
                ScheduledExecutorService on = journal == null ? executor : journal.syncer();
                syncTask = on.schedule(this::backgroundSync, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                syncScheduled = false;
                throw e;
            }
        }
    }

    private void backgroundSync() {
        synchronized (mutex) {
            syncScheduled = false;
            if (failure != null || closed) {
                return; // close() syncs itself
            }
        }
        try {
            syncFile();
            synchronized (mutex) {
                syncs++;
            }
        } catch (IOException | RuntimeException e) {
            synchronized (mutex) {
                if (closed) {
                    return;
                }
            }
            fail(e, List.of());
        }
    }

    /** fdatasyncs this log's file, and tells the journal (if any) which of its records that made durable. */
    private void syncFile() throws LogIoException {
        long covered = journal == null ? 0 : journal.beforeSync(member);
        writer.sync();
        if (journal != null) {
            journal.synced(member, covered);
        }
    }

    /**
     * The journal could not make {@code batch} durable: the log fails like after a failed fsync. Runs on the journal's
     * flush thread, so unlike {@link #fail} it leaves the flush task's state to that task.
     */
    private void failAfterFlush(Throwable cause, List<PendingAppend> batch) {
        Throwable c = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause()
                : cause;
        String message = "mutation log " + dir + ": the node journal failed: ";
        markFailed(
                c instanceof LogIoException e
                        ? new LogIoException(message + e.getMessage(), e)
                        : new LogIoException(message + c, c),
                batch,
                false);
    }

    private void fail(Throwable cause, List<PendingAppend> batch) {
        LogIoException error = cause instanceof LogIoException e
                ? e
                : new LogIoException("mutation log " + dir + ": append failed: " + cause, cause);
        markFailed(error, batch, true);
    }

    /**
     * Records the first failure, tells the listener (before the futures, so the replica knows when they fail), and
     * fails {@code batch} and everything queued. {@code onFlushTask}: called by the flush task, which ends here.
     */
    private void markFailed(LogIoException error, List<PendingAppend> batch, boolean onFlushTask) {
        List<PendingAppend> dropped;
        boolean first;
        synchronized (mutex) {
            first = failure == null;
            if (first) {
                failure = error;
            }
            dropped = new ArrayList<>(pending);
            pending.clear();
            if (onFlushTask) {
                flushing = false;
                flushThread = null;
                mutex.notifyAll();
            }
        }
        if (first) {
            LOG.error("mutation log {} failed; it takes no more appends", dir, error);
            options.failureListener().accept(error);
        }
        batch.forEach(p -> p.future.completeExceptionally(error));
        dropped.forEach(p -> p.future.completeExceptionally(error));
    }

    /** Reads up to {@code max} live entries in (from, to]; if {@code strict}, every decree there must have one. */
    private List<LogRecord> readEntries(long fromExclusive, long toInclusive, int max, boolean strict)
            throws IOException {
        segmentsLock.readLock().lock();
        try {
            int capacity = Math.min(max, REPLAY_CHUNK);
            long[][] found = {new long[capacity], new long[capacity], new long[capacity]};
            int[] n = {0};
            long expectedMissing;
            synchronized (mutex) {
                index.forEach(fromExclusive, toInclusive, (decree, ballot, location, length) -> {
                    if (n[0] == found[0].length) {
                        for (int k = 0; k < 3; k++) {
                            found[k] = Arrays.copyOf(found[k], Math.min(max, n[0] * 2));
                        }
                    }
                    found[0][n[0]] = decree;
                    found[1][n[0]] = location;
                    found[2][n[0]] = length;
                    n[0]++;
                    return n[0] < max;
                });
                expectedMissing = strict ? firstMissing(found[0], n[0], fromExclusive, toInclusive) : -1;
                if (expectedMissing >= 0) {
                    throw new DecreeNotInLogException(expectedMissing, index.first(), index.last());
                }
            }
            writer.drain(); // whatever the index pointed at above is in the file from here on
            List<LogRecord> out = new ArrayList<>(n[0]);
            for (int i = 0; i < n[0]; i++) {
                out.add(readRecord(found[0][i], found[1][i], (int) found[2][i]));
            }
            return out;
        } finally {
            segmentsLock.readLock().unlock();
        }
    }

    private static long firstMissing(long[] decrees, int n, long fromExclusive, long toInclusive) {
        for (int i = 0; i < n; i++) {
            if (decrees[i] != fromExclusive + 1 + i) {
                return fromExclusive + 1 + i;
            }
        }
        return fromExclusive + n < toInclusive ? fromExclusive + n + 1 : -1;
    }

    private LogRecord readRecord(long decree, long location, int payloadLength) throws IOException {
        Segment segment = segments.get(DecreeIndex.seqOf(location));
        long offset = DecreeIndex.offsetOf(location);
        if (segment == null) {
            throw new IllegalStateException("index points at a missing segment for decree " + decree);
        }
        ByteBuffer b = ByteBuffer.allocate(LogFormat.RECORD_HEADER_BYTES + payloadLength);
        LogFormat.Defect defect = SegmentScanner.readRecordAt(segment.channel, offset, b);
        if (defect != null) {
            throw new LogCorruptionException(segment.path, offset, defect.text + " reading decree " + decree);
        }
        LogFormat.Header h = LogFormat.decodeHeader(b, 0);
        if (h.decree() != decree || h.payloadLength() != payloadLength) {
            throw new LogCorruptionException(
                    segment.path, offset, "record holds decree " + h.decree() + ", index expected " + decree);
        }
        byte[] payload = Arrays.copyOfRange(b.array(), LogFormat.RECORD_HEADER_BYTES, b.capacity());
        return new LogRecord(h.ballot(), h.decree(), h.timestampMicros(), payload);
    }
}
