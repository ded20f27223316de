package io.pegasus.server.log;

import static io.pegasus.server.log.LogFormat.RECORD_HEADER_BYTES;
import static io.pegasus.server.log.LogFormat.RECORD_MAGIC;
import static io.pegasus.server.log.LogFormat.SEGMENT_HEADER_BYTES;

import io.pegasus.server.log.LogFormat.Defect;
import io.pegasus.server.log.LogFormat.Header;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads a segment file from the start and checks every record, for recovery. It decides nothing about damage. */
final class SegmentScanner {
    private SegmentScanner() {}

    /** Receives each valid record, in file order. */
    interface Sink {
        void record(Header header, long offset) throws IOException;
    }

    /**
     * The outcome of a scan.
     *
     * @param seq the sequence number in the segment header, -1 if the header is not valid
     * @param validEnd the end of the last valid record (the header's end if none): where a cut would go
     * @param defect why the bytes at {@code validEnd} are not a record, null if the file ends there
     * @param fileSize the file's length
     */
    record Scan(long seq, long validEnd, Defect defect, long fileSize) {}

    /**
     * Valid records found after a damaged one.
     *
     * @param count how many
     * @param firstOffset where the first starts, -1 if none
     * @param maxSyncedOffset the largest synced offset they carry: the damaged bytes before it had been fsynced
     * @param minDecree lowest decree among them
     * @param maxDecree highest decree among them
     */
    record Survivors(long count, long firstOffset, long maxSyncedOffset, long minDecree, long maxDecree) {}

    static Scan scan(SegmentChannel channel, Sink sink) throws IOException {
        long size = channel.size();
        if (size < SEGMENT_HEADER_BYTES) {
            return new Scan(-1, 0, Defect.BAD_SEGMENT_HEADER, size);
        }
        WindowReader reader = new WindowReader(channel, size);
        long seq = LogFormat.segmentSeq(reader.buffer(), reader.load(0, SEGMENT_HEADER_BYTES));
        if (seq < 0) {
            return new Scan(-1, 0, Defect.BAD_SEGMENT_HEADER, size);
        }
        long offset = SEGMENT_HEADER_BYTES;
        while (offset < size) {
            long available = size - offset;
            int p = reader.load(offset, (int) Math.min(available, RECORD_HEADER_BYTES));
            Defect defect = LogFormat.checkHeader(reader.buffer(), p, available);
            if (defect == null) {
                int length = LogFormat.payloadLength(reader.buffer(), p);
                p = reader.load(offset, RECORD_HEADER_BYTES + length);
                defect = LogFormat.checkPayload(reader.buffer(), p);
            }
            if (defect != null) {
                return new Scan(seq, offset, defect, size);
            }
            Header header = LogFormat.decodeHeader(reader.buffer(), p);
            sink.record(header, offset);
            offset += header.recordBytes();
        }
        return new Scan(seq, offset, null, size);
    }

    /**
     * Reads the record at {@code offset} into {@code b} (sized for its header and the payload length the caller
     * expects; the header lands at index 0) and checks it: null if its header and payload are valid, else the defect.
     */
    static Defect readRecordAt(SegmentChannel channel, long offset, ByteBuffer b) throws IOException {
        int got = channel.read(b, offset);
        Defect defect = LogFormat.checkHeader(b, 0, got);
        return defect != null ? defect : LogFormat.checkPayload(b, 0);
    }

    /** True if every byte from {@code offset} to the end of the file is zero: space preallocated, never written. */
    static boolean zerosFrom(SegmentChannel channel, long offset) throws IOException {
        long size = channel.size();
        WindowReader reader = new WindowReader(channel, size);
        for (long p = offset; p < size; ) {
            int n = (int) Math.min(1 << 20, size - p);
            int at = reader.load(p, n);
            ByteBuffer b = reader.buffer();
            for (int i = 0; i < n; i++) {
                if (b.get(at + i) != 0) {
                    return false;
                }
            }
            p += n;
        }
        return true;
    }

    /**
     * Looks for valid records after the damaged one at {@code damagedAt}: at every offset where the record magic
     * appears, then from the end of each valid record found.
     */
    static Survivors findValidAfter(SegmentChannel channel, long damagedAt) throws IOException {
        long size = channel.size();
        WindowReader reader = new WindowReader(channel, size);
        long count = 0;
        long firstOffset = -1;
        long maxSynced = -1;
        long minDecree = Long.MAX_VALUE;
        long maxDecree = Long.MIN_VALUE;
        long offset = damagedAt + 1;
        while (offset + RECORD_HEADER_BYTES <= size) {
            int p = reader.load(offset, 4);
            ByteBuffer b = reader.buffer();
            if (b.getInt(p) != RECORD_MAGIC) {
                offset++;
                continue;
            }
            p = reader.load(offset, RECORD_HEADER_BYTES);
            b = reader.buffer();
            if (LogFormat.checkHeader(b, p, size - offset) != null) {
                offset++;
                continue;
            }
            p = reader.load(offset, RECORD_HEADER_BYTES + LogFormat.payloadLength(b, p));
            b = reader.buffer();
            if (LogFormat.checkPayload(b, p) != null) {
                offset++;
                continue;
            }
            Header h = LogFormat.decodeHeader(b, p);
            count++;
            if (firstOffset < 0) {
                firstOffset = offset;
            }
            maxSynced = Math.max(maxSynced, h.syncedOffset());
            minDecree = Math.min(minDecree, h.decree());
            maxDecree = Math.max(maxDecree, h.decree());
            offset += h.recordBytes();
        }
        return count == 0
                ? new Survivors(0, -1, -1, 0, 0)
                : new Survivors(count, firstOffset, maxSynced, minDecree, maxDecree);
    }
}
