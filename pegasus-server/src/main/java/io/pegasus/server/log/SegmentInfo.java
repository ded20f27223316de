package io.pegasus.server.log;

import java.nio.file.Path;

/**
 * What one segment file holds.
 *
 * @param file the segment file
 * @param seq its sequence number: segments are written in this order
 * @param bytes its length, header included
 * @param records valid records in it, truncation markers included
 * @param minDecree lowest decree of any record in it, 0 if it has none
 * @param maxDecree highest decree of any record in it (for a truncation marker, the decree it truncates after), 0 if
 *     none
 * @param newestTimestampMicros the largest record timestamp in it, {@link Long#MIN_VALUE} if it has no mutation
 * @param active true for the segment appends go to
 */
public record SegmentInfo(
        Path file,
        long seq,
        long bytes,
        long records,
        long minDecree,
        long maxDecree,
        long newestTimestampMicros,
        boolean active) {}
