package io.pegasus.server.log;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link MutationLog#open} found and what it repaired.
 *
 * @param dir the log folder
 * @param segments the segments kept, oldest first
 * @param records valid records read, truncation markers included
 * @param firstDecree lowest decree with a live entry, 0 if the log is empty
 * @param lastDecree highest decree with a live entry, 0 if the log is empty
 * @param repairs every change made to the files, in the order made; empty if the log was clean
 */
public record OpenReport(
        Path dir, List<SegmentInfo> segments, long records, long firstDecree, long lastDecree, List<Repair> repairs) {

    public OpenReport {
        segments = List.copyOf(segments);
        repairs = List.copyOf(repairs);
    }

    /** The kinds of repair recovery makes. */
    public enum Kind {
        /** The last segment ended inside a record or in bytes that are not one; cut at the last valid record. */
        TORN_TAIL,
        /**
         * The last segment had bad bytes followed by valid records in its part not yet fsynced (a power loss can
         * persist pages out of order); cut at the first bad byte, dropping the records after it.
         */
        TORN_UNSYNCED_TAIL,
        /** A new segment whose header was never completely written; deleted. */
        TORN_SEGMENT_HEADER,
        /** Corruption a crash does not explain, cut under {@link CorruptionPolicy#TRUNCATE}. */
        CORRUPTION_TRUNCATED,
        /** A segment after a cut made under {@link CorruptionPolicy#TRUNCATE}, deleted. */
        SEGMENT_DROPPED
    }

    /**
     * One repair.
     *
     * @param kind what was done
     * @param file the file changed
     * @param offset where it was cut (0 if deleted)
     * @param droppedBytes bytes removed
     * @param reason what was wrong at {@code offset}
     * @param droppedRecords valid records that were among the bytes removed
     * @param droppedMinDecree lowest decree among them, 0 if none
     * @param droppedMaxDecree highest decree among them, 0 if none
     */
    public record Repair(
            Kind kind,
            Path file,
            long offset,
            long droppedBytes,
            String reason,
            long droppedRecords,
            long droppedMinDecree,
            long droppedMaxDecree) {

        /** One line for the log: what was wrong where, and what was dropped. */
        public String describe() {
            boolean deleted = kind == Kind.TORN_SEGMENT_HEADER || kind == Kind.SEGMENT_DROPPED || offset == 0;
            String what = deleted
                    ? file + " deleted (" + droppedBytes + " bytes)"
                    : file + " cut at offset " + offset + " (" + droppedBytes + " bytes dropped)";
            return kind + ": " + what + ": " + reason;
        }
    }
}
