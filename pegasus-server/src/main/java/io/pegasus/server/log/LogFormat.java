package io.pegasus.server.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of segment files, documented byte by byte in docs/mutation-log.md. All integers are big-endian.
 *
 * <pre>
 * segment header (32 bytes)            record header (52 bytes), then the payload
 *  0  u32 magic "PGLS"                   0  u32 magic "PGMR"
 *  4  u16 version (1)                    4  u32 CRC32C of bytes 8..51
 *  6  u16 header length (32)             8  u8  type: 1 mutation, 2 truncate
 *  8  i64 segment sequence number        9  3 bytes reserved, zero
 * 16  i64 first decree                  12  i32 payload length
 * 24  u32 reserved, zero                16  u32 CRC32C of the payload
 * 28  u32 CRC32C of bytes 0..27         20  i64 ballot
 *                                       28  i64 decree
 *                                       36  i64 timestamp, microseconds
 *                                       44  i64 synced offset: bytes of this file durable when it was written
 * </pre>
 *
 * <p>The header has its own checksum so that a damaged length is never trusted: the payload length is only read
 * after the header CRC matched. The record magic lets recovery find valid records after a damaged one.
 */
final class LogFormat {
    static final int SEGMENT_MAGIC = 0x50474C53; // "PGLS"
    static final short VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 32;

    static final int RECORD_MAGIC = 0x50474D52; // "PGMR"
    static final int RECORD_HEADER_BYTES = 52;
    static final byte TYPE_MUTATION = 1;
    static final byte TYPE_TRUNCATE = 2;

    /** A payload larger than this is refused on append and treated as damage on read. */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;

    private LogFormat() {}

    /** Why the bytes at an offset are not a valid record (or segment header). */
    enum Defect {
        INCOMPLETE_HEADER("incomplete record header"),
        BAD_MAGIC("bad record magic"),
        BAD_HEADER_CRC("record header checksum mismatch"),
        BAD_FIELDS("invalid record header fields"),
        INCOMPLETE_PAYLOAD("incomplete payload"),
        BAD_PAYLOAD_CRC("payload checksum mismatch"),
        BAD_SEGMENT_HEADER("bad segment header");

        final String text;

        Defect(String text) {
            this.text = text;
        }
    }

    /** A decoded record header. */
    record Header(
            byte type,
            int payloadLength,
            int payloadCrc,
            long ballot,
            long decree,
            long timestampMicros,
            long syncedOffset) {
        int recordBytes() {
            return RECORD_HEADER_BYTES + payloadLength;
        }
    }

    static ByteBuffer encodeSegmentHeader(long seq, long firstDecree) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(SEGMENT_MAGIC).putShort(VERSION).putShort((short) SEGMENT_HEADER_BYTES);
        b.putLong(seq).putLong(firstDecree).putInt(0);
        b.putInt(crc(b, 0, 28));
        return b.flip();
    }

    /** Checks the segment header at absolute index {@code p}; returns its sequence number, or -1 if not valid. */
    static long segmentSeq(ByteBuffer b, int p) {
        if (b.limit() - p < SEGMENT_HEADER_BYTES
                || b.getInt(p) != SEGMENT_MAGIC
                || b.getShort(p + 4) != VERSION
                || b.getShort(p + 6) != SEGMENT_HEADER_BYTES
                || b.getInt(p + 28) != crc(b, p, 28)) {
            return -1;
        }
        return b.getLong(p + 8);
    }

    /** The CRC32C of a payload; computed by the appending thread so the log's IO thread does not have to. */
    static int payloadCrc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload, 0, payload.length);
        return (int) c.getValue();
    }

    static ByteBuffer encodeHeader(
            byte type,
            int payloadLength,
            int payloadCrc,
            long ballot,
            long decree,
            long timestampMicros,
            long syncedOffset) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        b.putInt(RECORD_MAGIC).putInt(0).put(type).put((byte) 0).putShort((short) 0);
        b.putInt(payloadLength).putInt(payloadCrc);
        b.putLong(ballot).putLong(decree).putLong(timestampMicros).putLong(syncedOffset);
        b.putInt(4, crc(b, 8, RECORD_HEADER_BYTES - 8));
        return b.flip();
    }

    /**
     * Checks the record header at absolute index {@code p} of {@code b} (which holds at least {@code available} bytes
     * from there, counting to the end of the file). Returns null if the header is valid and the whole payload is
     * within {@code available}; the payload itself is checked by {@link #checkPayload}.
     */
    static Defect checkHeader(ByteBuffer b, int p, long available) {
        if (available < RECORD_HEADER_BYTES) {
            return Defect.INCOMPLETE_HEADER;
        }
        if (b.getInt(p) != RECORD_MAGIC) {
            return Defect.BAD_MAGIC;
        }
        if (b.getInt(p + 4) != crc(b, p + 8, RECORD_HEADER_BYTES - 8)) {
            return Defect.BAD_HEADER_CRC;
        }
        byte type = b.get(p + 8);
        int length = b.getInt(p + 12);
        if ((type != TYPE_MUTATION && type != TYPE_TRUNCATE)
                || b.get(p + 9) != 0
                || b.getShort(p + 10) != 0
                || length < 0
                || length > MAX_PAYLOAD_BYTES
                || b.getLong(p + 20) < 0
                || b.getLong(p + 28) < (type == TYPE_MUTATION ? 1 : 0)) {
            return Defect.BAD_FIELDS;
        }
        if (available < RECORD_HEADER_BYTES + (long) length) {
            return Defect.INCOMPLETE_PAYLOAD;
        }
        return null;
    }

    /** The payload length of a header that passed {@link #checkHeader}. */
    static int payloadLength(ByteBuffer b, int p) {
        return b.getInt(p + 12);
    }

    /** Checks the payload of a record whose header (at {@code p}) is valid and whose bytes are all in {@code b}. */
    static Defect checkPayload(ByteBuffer b, int p) {
        int length = b.getInt(p + 12);
        return crc(b, p + RECORD_HEADER_BYTES, length) == b.getInt(p + 16) ? null : Defect.BAD_PAYLOAD_CRC;
    }

    static Header decodeHeader(ByteBuffer b, int p) {
        return new Header(
                b.get(p + 8),
                b.getInt(p + 12),
                b.getInt(p + 16),
                b.getLong(p + 20),
                b.getLong(p + 28),
                b.getLong(p + 36),
                b.getLong(p + 44));
    }

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.limit(from + length).position(from);
        c.update(d);
        return (int) c.getValue();
    }
}
