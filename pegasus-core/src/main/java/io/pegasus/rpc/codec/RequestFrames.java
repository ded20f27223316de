package io.pegasus.rpc.codec;

import io.netty.buffer.ByteBuf;
import io.pegasus.rpc.RequestMeta;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * Encoding and decoding of request frames (spec 1.3-1.5).
 *
 * <pre>
 * version 1:  "THFT" | u32 1 | u32 meta_length | u32 body_length | request_meta | body
 * version 0:  "THFT" | u32 0 | u32 48 | u32 hdr_crc32 | u32 body_length | u32 body_crc32 | i32 app_id
 *             | i32 partition_index | i32 client_timeout | i32 thread_hash | u64 partition_hash | body
 * body:       message begin (CALL, name, seqid) | args wrapper (field 1) | STOP
 * </pre>
 *
 * Version 0 checksums are CRC-32C; clients send 0, which means "not checked".
 */
public final class RequestFrames {
    /** ASCII "THFT". */
    public static final int MAGIC = 0x54484654;

    static final int V1_HEADER_LENGTH = 16;
    static final int V0_HEADER_LENGTH = 48;
    /** request_meta is 37 bytes when every field is present; anything this long is garbage. */
    static final int MAX_META_LENGTH = 1024;

    private static final TStruct META_STRUCT = new TStruct("request_meta");
    private static final TField APP_ID = new TField("app_id", TType.I32, (short) 1);
    private static final TField PARTITION_INDEX = new TField("partition_index", TType.I32, (short) 2);
    private static final TField CLIENT_TIMEOUT = new TField("client_timeout", TType.I32, (short) 3);
    private static final TField PARTITION_HASH = new TField("partition_hash", TType.I64, (short) 4);
    private static final TField IS_BACKUP = new TField("is_backup_request", TType.BOOL, (short) 5);

    private RequestFrames() {}

    /** Appends a version-1 request frame to {@code out}. */
    public static void encode(
            ByteBuf out, RequestMeta meta, String name, byte messageType, int seqId, ThriftWriter args)
            throws TException {
        int start = out.writerIndex();
        out.writeInt(MAGIC).writeInt(1).writeInt(0).writeInt(0);
        int metaStart = out.writerIndex();
        ThriftProtocols.write(out, p -> {
            p.writeStructBegin(META_STRUCT);
            p.writeFieldBegin(APP_ID);
            p.writeI32(meta.appId());
            p.writeFieldBegin(PARTITION_INDEX);
            p.writeI32(meta.partitionIndex());
            p.writeFieldBegin(CLIENT_TIMEOUT);
            p.writeI32(meta.clientTimeoutMs());
            p.writeFieldBegin(PARTITION_HASH);
            p.writeI64(meta.partitionHash());
            p.writeFieldBegin(IS_BACKUP);
            p.writeBool(meta.backupRequest());
            p.writeFieldStop();
        });
        int bodyStart = out.writerIndex();
        ThriftProtocols.write(out, p -> {
            p.writeMessageBegin(new TMessage(name, messageType, seqId));
            args.write(p);
            p.writeMessageEnd();
        });
        out.setInt(start + 8, bodyStart - metaStart);
        out.setInt(start + 12, out.writerIndex() - bodyStart);
    }

    /**
     * Decodes one request frame from the readable bytes of {@code in}, consuming it; returns null (consuming nothing)
     * when the frame is not complete yet.
     *
     * @param maxBodyLength frames announcing a longer body are rejected before any of it is buffered
     * @throws FrameException when the frame cannot be parsed; the stream cannot be resynchronised
     */
    public static RequestFrame decode(ByteBuf in, int maxBodyLength) throws FrameException {
        int start = in.readerIndex();
        if (in.readableBytes() < 8) {
            return null;
        }
        int magic = in.getInt(start);
        if (magic != MAGIC) {
            throw new FrameException(String.format("bad magic 0x%08x (expected \"THFT\")", magic));
        }
        int version = in.getInt(start + 4);
        return switch (version) {
            case 1 -> decodeV1(in, start, maxBodyLength);
            case 0 -> decodeV0(in, start, maxBodyLength);
            default -> throw new FrameException("unsupported header version " + Integer.toUnsignedString(version));
        };
    }

    private static RequestFrame decodeV1(ByteBuf in, int start, int maxBodyLength) throws FrameException {
        if (in.readableBytes() < V1_HEADER_LENGTH) {
            return null;
        }
        long metaLength = in.getUnsignedInt(start + 8);
        long bodyLength = in.getUnsignedInt(start + 12);
        if (metaLength > MAX_META_LENGTH) {
            throw new FrameException("meta_length " + metaLength + " exceeds " + MAX_META_LENGTH);
        }
        checkBodyLength(bodyLength, maxBodyLength);
        long total = V1_HEADER_LENGTH + metaLength + bodyLength;
        if (in.readableBytes() < total) {
            return null;
        }
        byte[] metaBytes = new byte[(int) metaLength];
        in.getBytes(start + V1_HEADER_LENGTH, metaBytes);
        byte[] body = new byte[(int) bodyLength];
        in.getBytes(start + V1_HEADER_LENGTH + (int) metaLength, body);
        in.readerIndex(start + (int) total);
        RequestMeta meta = decodeMeta(metaBytes);
        return withMessageHeader(1, meta, body);
    }

    private static RequestFrame decodeV0(ByteBuf in, int start, int maxBodyLength) throws FrameException {
        if (in.readableBytes() < 12) {
            return null;
        }
        long headerLength = in.getUnsignedInt(start + 8);
        if (headerLength != V0_HEADER_LENGTH) {
            throw new FrameException("version-0 header length " + headerLength + " (must be 48)");
        }
        if (in.readableBytes() < V0_HEADER_LENGTH) {
            return null;
        }
        long bodyLength = in.getUnsignedInt(start + 16);
        checkBodyLength(bodyLength, maxBodyLength);
        if (in.readableBytes() < V0_HEADER_LENGTH + bodyLength) {
            return null;
        }
        byte[] header = new byte[V0_HEADER_LENGTH];
        in.getBytes(start, header);
        byte[] body = new byte[(int) bodyLength];
        in.getBytes(start + V0_HEADER_LENGTH, body);
        in.readerIndex(start + V0_HEADER_LENGTH + (int) bodyLength);

        int headerCrc = in.getInt(start + 12);
        if (headerCrc != 0) {
            // the checksum covers the header with its own checksum field zeroed
            header[12] = header[13] = header[14] = header[15] = 0;
            int actual = crc32c(header);
            if (actual != headerCrc) {
                throw new FrameException(String.format(
                        "version-0 header checksum mismatch: frame says 0x%08x, computed 0x%08x", headerCrc, actual));
            }
        }
        int bodyCrc = in.getInt(start + 20);
        if (bodyCrc != 0 && crc32c(body) != bodyCrc) {
            throw new FrameException(String.format(
                    "version-0 body checksum mismatch: frame says 0x%08x, computed 0x%08x", bodyCrc, crc32c(body)));
        }
        RequestMeta meta = new RequestMeta(
                in.getInt(start + 24), in.getInt(start + 28), in.getInt(start + 32), in.getLong(start + 40), false);
        return withMessageHeader(0, meta, body);
    }

    private static void checkBodyLength(long bodyLength, int maxBodyLength) throws FrameException {
        if (bodyLength > maxBodyLength) {
            throw new FrameException("body_length " + bodyLength + " exceeds the maximum " + maxBodyLength);
        }
    }

    static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Decodes request_meta leniently: every field optional (absent = 0/false), unknown fields skipped. */
    static RequestMeta decodeMeta(byte[] metaBytes) throws FrameException {
        try {
            return ThriftProtocols.read(metaBytes, (p, in) -> readMeta(p));
        } catch (TException | RuntimeException e) {
            throw new FrameException("malformed request_meta: " + e.getMessage(), e);
        }
    }

    private static RequestMeta readMeta(TBinaryProtocol p) throws TException {
        int appId = 0;
        int partitionIndex = 0;
        int timeout = 0;
        long hash = 0;
        boolean backup = false;
        p.readStructBegin();
        while (true) {
            TField f = p.readFieldBegin();
            if (f.type == TType.STOP) {
                break;
            }
            switch (f.id) {
                case 1 -> appId = f.type == TType.I32 ? p.readI32() : skip(p, f.type, 0);
                case 2 -> partitionIndex = f.type == TType.I32 ? p.readI32() : skip(p, f.type, 0);
                case 3 -> timeout = f.type == TType.I32 ? p.readI32() : skip(p, f.type, 0);
                case 4 -> hash = f.type == TType.I64 ? p.readI64() : skip(p, f.type, 0);
                case 5 -> backup = f.type == TType.BOOL ? p.readBool() : skip(p, f.type, 0) != 0;
                default -> TProtocolUtil.skip(p, f.type);
            }
        }
        return new RequestMeta(appId, partitionIndex, timeout, hash, backup);
    }

    private static int skip(TBinaryProtocol p, byte type, int value) throws TException {
        TProtocolUtil.skip(p, type);
        return value;
    }

    private static RequestFrame withMessageHeader(int version, RequestMeta meta, byte[] body) throws FrameException {
        RequestFrame frame;
        try {
            frame = ThriftProtocols.read(body, (p, in) -> {
                TMessage m = p.readMessageBegin();
                return new RequestFrame(version, meta, m.name, m.type, m.seqid, body, in.getBufferPosition());
            });
        } catch (TException | RuntimeException e) {
            throw new FrameException("body does not start with a Thrift message header: " + e.getMessage(), e);
        }
        if (frame.name() == null || frame.name().isEmpty()) {
            throw new FrameException("empty RPC name");
        }
        if (frame.messageType() != TMessageType.CALL && frame.messageType() != TMessageType.ONEWAY) {
            throw new FrameException("message type " + frame.messageType() + " in a request (expected CALL or ONEWAY)");
        }
        return frame;
    }

    /** The printable form of an RPC name taken from an untrusted frame, for logs. */
    public static String printableName(String name) {
        return io.pegasus.data.Bytes.escape(name.getBytes(StandardCharsets.UTF_8));
    }
}
