package io.pegasus.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One open segment file: its channel and what is known about its contents. The channel stays open until the segment
 * is garbage-collected or the log closed, so reads never reopen files.
 *
 * <p>Invariant: a segment other than the last one is sealed, and a sealed segment was fsynced in full before any
 * later segment was created. Recovery relies on it: damage in a sealed segment cannot be a torn write.
 */
final class Segment {
    private static final Pattern NAME = Pattern.compile("log\\.(\\d{1,18})\\.(\\d{1,19})");

    final long seq;
    final Path path;
    final SegmentChannel channel;

    // all guarded by this
    /** End of the last record written: where the next one goes. */
    private long size;
    /** Length of the file: at least {@link #size}, more when space was preallocated (zeros). */
    private long allocated;

    private long syncedOffset;
    private long records;
    private long minDecree;
    private long maxDecree;
    private long newestTimestampMicros = Long.MIN_VALUE;
    private boolean sealed;

    Segment(long seq, Path path, SegmentChannel channel, long size) {
        this.seq = seq;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.allocated = size;
    }

    /** {@code log.<seq>.<firstDecree>}: the sequence number orders segments; the decree is for people. */
    static String fileName(long seq, long firstDecree) {
        return "log." + seq + "." + firstDecree;
    }

    /** The sequence number in a segment file name, or -1 if the name is not one. */
    static long parseSeq(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Makes the creation and deletion of files in {@code dir} survive a power loss. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    synchronized long size() {
        return size;
    }

    synchronized long syncedOffset() {
        return syncedOffset;
    }

    synchronized boolean sealed() {
        return sealed;
    }

    synchronized long allocated() {
        return allocated;
    }

    synchronized void allocated(long fileLength) {
        allocated = fileLength;
    }

    /** Called after a write ending at {@code end} returned. */
    synchronized void written(long end) {
        size = end;
    }

    /** Called after an fsync that started when the file was {@code end} bytes long returned. */
    synchronized void synced(long end) {
        syncedOffset = Math.max(syncedOffset, end);
    }

    synchronized void seal() {
        sealed = true;
    }

    synchronized void noteRecord(long decree, long timestampMicros, boolean mutation) {
        records++;
        minDecree = records == 1 ? decree : Math.min(minDecree, decree);
        maxDecree = Math.max(maxDecree, decree);
        if (mutation) {
            newestTimestampMicros = Math.max(newestTimestampMicros, timestampMicros);
        }
    }

    synchronized SegmentInfo info(boolean active) {
        return new SegmentInfo(path, seq, size, records, minDecree, maxDecree, newestTimestampMicros, active);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
