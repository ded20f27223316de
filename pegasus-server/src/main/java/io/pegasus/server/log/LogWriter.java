package io.pegasus.server.log;

import static io.pegasus.server.log.LogFormat.SEGMENT_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes batches of records at the end of the log, starting a new segment when the active one would outgrow its
 * limit. {@link #write} is called by one thread at a time (the log's flush task); {@link #sync} and {@link #drain} may
 * run concurrently with it (the background fsync, a reader).
 *
 * <p>With a buffer ({@link LogOptions#journaledBufferBytes()}, a partition log whose records the node journal also
 * writes) {@link #write} copies the records into it, and the buffer goes to the file in one write when the next batch
 * does not fit, and before an fdatasync, a segment roll or a read. The file then always holds a prefix of the log:
 * what a process crash loses from it is a tail, which the journal's recovery restores.
 *
 * <p>Each record carries the active segment's synced offset at the time it was written, which is what lets recovery
 * tell a torn unsynced tail from corruption of bytes that had been fsynced.
 */
final class LogWriter {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    private final Path dir;
    private final LogOptions options;
    private final SegmentSet segments;
    private long nextSeq; // confined to the flush task

    /** Records written but not yet in the file, or null when each batch is written at once; under bufferLock. */
    private final ByteBuffer buffer;
    /** Where the buffer's first byte goes: segment and offset (the end of what the file holds). */
    private Segment bufferSegment;

    private long bufferStart;
    /** A write of the buffer failed: its records are not in the file, so nothing may count as synced any more. */
    private LogIoException drainFailure;

    private final Object bufferLock = new Object();

    LogWriter(Path dir, LogOptions options, SegmentSet segments, long nextSeq, int bufferBytes) {
        this.dir = dir;
        this.options = options;
        this.segments = segments;
        this.nextSeq = nextSeq;
        this.buffer = bufferBytes > 0 ? ByteBuffer.allocateDirect(bufferBytes) : null;
    }

    /** Whether records wait in memory before they reach the file (see the class comment). */
    boolean buffers() {
        return buffer != null;
    }

    /** Writes the items in order and returns the location of each (see {@link DecreeIndex#location}). */
    long[] write(List<PendingAppend.Item> items) throws LogIoException {
        long[] locations = new long[items.size()];
        List<ByteBuffer> buffers = new ArrayList<>(items.size() * 2);
        Segment segment = segments.active();
        long start = segment == null ? 0 : segment.size();
        long end = start;
        for (int i = 0; i < items.size(); i++) {
            PendingAppend.Item item = items.get(i);
            if (segment == null) {
                segment = create(item.decree());
                start = end = segment.size();
            } else if (end > SEGMENT_HEADER_BYTES && end + item.bytes() > options.segmentBytes()) {
                append(segment, buffers, start, end);
                buffers.clear();
                seal(segment);
                segment = create(item.decree());
                start = end = segment.size();
            }
            buffers.add(LogFormat.encodeHeader(
                    item.type(),
                    item.payload().length,
                    item.payloadCrc(),
                    item.ballot(),
                    item.decree(),
                    item.timestampMicros(),
                    segment.syncedOffset()));
            buffers.add(ByteBuffer.wrap(item.payload()));
            locations[i] = DecreeIndex.location(segment.seq, end);
            segment.noteRecord(item.decree(), item.timestampMicros(), item.type() == LogFormat.TYPE_MUTATION);
            end += item.bytes();
        }
        append(segment, buffers, start, end);
        return locations;
    }

    /** fdatasyncs the active segment if it has bytes not yet synced (the buffer's written first). */
    void sync() throws LogIoException {
        Segment segment;
        long end;
        synchronized (bufferLock) {
            drainLocked();
            segment = segments.active();
            if (segment == null) {
                return;
            }
            end = segment.size(); // all in the file: write() adds to the buffer and to the size under this lock
        }
        if (end <= segment.syncedOffset()) {
            return;
        }
        try {
            segment.channel.sync();
        } catch (ClosedChannelException e) {
            if (segment.sealed()) {
                return; // sealed (so synced) by a roll, then closed by GC while this background sync started
            }
            throw new LogIoException("mutation log: fsync of " + segment.path + " failed: channel closed", e);
        } catch (IOException e) {
            throw new LogIoException("mutation log: fsync of " + segment.path + " failed: " + e, e);
        }
        segment.synced(end);
    }

    /** Writes what the buffer holds to the file; a no-op without one. For a reader, before it reads the file. */
    void drain() throws LogIoException {
        if (buffer == null) {
            return;
        }
        synchronized (bufferLock) {
            drainLocked();
        }
    }

    private void drainLocked() throws LogIoException {
        if (drainFailure != null) {
            throw drainFailure;
        }
        if (buffer == null || buffer.position() == 0) {
            return;
        }
        Segment segment = bufferSegment;
        long start = bufferStart;
        buffer.flip();
        long end = start + buffer.remaining();
        try {
            segment.channel.write(new ByteBuffer[] {buffer}, start);
        } catch (IOException e) {
            drainFailure = new LogIoException(
                    "mutation log: write of " + (end - start) + " buffered bytes to " + segment.path + " at offset "
                            + start + " failed: " + e,
                    e);
            throw drainFailure;
        } finally {
            buffer.clear();
            bufferSegment = null;
        }
        preallocate(segment, end);
    }

    private void append(Segment segment, List<ByteBuffer> buffers, long start, long end) throws LogIoException {
        if (buffers.isEmpty()) {
            return;
        }
        if (buffer == null) {
            writeToFile(segment, buffers, start, end);
            return;
        }
        synchronized (bufferLock) {
            if (drainFailure != null) {
                throw drainFailure;
            }
            if (bufferSegment != null && (bufferSegment != segment || buffer.remaining() < end - start)) {
                drainLocked();
            }
            if (end - start > buffer.capacity()) {
                writeToFile(segment, buffers, start, end); // the file ends at start: the buffer is empty
                return;
            }
            if (bufferSegment == null) {
                bufferSegment = segment;
                bufferStart = start;
            }
            for (ByteBuffer b : buffers) {
                buffer.put(b);
            }
            segment.written(end);
        }
    }

    private void writeToFile(Segment segment, List<ByteBuffer> buffers, long start, long end) throws LogIoException {
        try {
            segment.channel.write(buffers.toArray(new ByteBuffer[0]), start);
        } catch (IOException e) {
            throw new LogIoException(
                    "mutation log: write of " + (end - start) + " bytes to " + segment.path + " at offset " + start
                            + " failed: " + e,
                    e);
        }
        segment.written(end);
        preallocate(segment, end);
    }

    /**
     * Extends the file with zeros ahead of the writes. An fdatasync that only overwrites allocated blocks does not
     * have to commit a new file length (a journal commit on ext4), which makes it several times cheaper; the
     * extension itself is committed by the next fdatasync, once per {@link LogOptions#preallocateBytes()}. Recovery
     * takes zeros after the last record for what they are.
     */
    private void preallocate(Segment segment, long end) throws LogIoException {
        long chunk = options.preallocateBytes();
        long from = Math.max(end, segment.allocated());
        if (chunk == 0 || end < segment.allocated()) {
            return;
        }
        long to = Math.min(end + chunk, Math.max(end, options.segmentBytes()));
        try {
            for (long p = from; p < to; p += ZEROS.capacity()) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), to - p));
                segment.channel.write(new ByteBuffer[] {zeros}, p);
            }
        } catch (IOException e) {
            throw new LogIoException(
                    "mutation log: preallocating " + segment.path + " up to " + to + " failed: " + e, e);
        }
        segment.allocated(to);
    }

    /** The invariant recovery relies on: a segment is durable in full before its successor exists. */
    private void seal(Segment segment) throws LogIoException {
        drain();
        try {
            if (segment.allocated() > segment.size()) {
                segment.channel.truncate(segment.size());
                segment.allocated(segment.size());
            }
            segment.channel.sync();
        } catch (IOException e) {
            throw new LogIoException("mutation log: fsync of " + segment.path + " (sealing it) failed: " + e, e);
        }
        segment.synced(segment.size());
        segment.seal();
    }

    private Segment create(long firstDecree) throws LogIoException {
        long seq = nextSeq;
        Path path = dir.resolve(Segment.fileName(seq, firstDecree));
        SegmentChannel channel = null;
        try {
            channel = options.channels().create(path);
            channel.write(new ByteBuffer[] {LogFormat.encodeSegmentHeader(seq, firstDecree)}, 0);
            channel.sync();
            Segment.syncDirectory(dir);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new LogIoException("mutation log: creating segment " + path + " failed: " + e, e);
        }
        nextSeq++;
        Segment segment = new Segment(seq, path, channel, SEGMENT_HEADER_BYTES);
        segment.synced(SEGMENT_HEADER_BYTES);
        segments.add(segment);
        return segment;
    }
}
