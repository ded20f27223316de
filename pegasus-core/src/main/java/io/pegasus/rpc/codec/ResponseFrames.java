package io.pegasus.rpc.codec;

import io.netty.buffer.ByteBuf;
import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcNames;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TType;

/**
 * Encoding and decoding of response frames (spec 1.6).
 *
 * <pre>
 * i32 total_length (counts itself) | string error name | message begin (REPLY, name + "_ACK", seqid)
 *   | only for ERR_OK with a result: result wrapper = field 0 STRUCT, the response struct, STOP
 * </pre>
 */
public final class ResponseFrames {
    private static final TField RESULT_FIELD = new TField("success", TType.STRUCT, (short) 0);

    private ResponseFrames() {}

    /**
     * Appends a response frame to {@code out}.
     *
     * @param result the response struct; written only when {@code error} is ERR_OK and it is non-null
     */
    public static void encode(ByteBuf out, ErrorCode error, String requestName, int seqId, TBase<?, ?> result)
            throws TException {
        if (!error.sendable()) {
            throw new IllegalArgumentException(error + " is a client-local code and must never be sent");
        }
        int start = out.writerIndex();
        out.writeInt(0);
        ThriftProtocols.write(out, p -> {
            p.writeString(error.name());
            p.writeMessageBegin(new TMessage(requestName + RpcNames.ACK_SUFFIX, TMessageType.REPLY, seqId));
            if (error == ErrorCode.ERR_OK && result != null) {
                p.writeFieldBegin(RESULT_FIELD);
                result.write(p);
                p.writeFieldStop();
            }
            p.writeMessageEnd();
        });
        out.setInt(start, out.writerIndex() - start);
    }

    /** A decoded response frame; {@code body} holds the result wrapper (empty for errors). */
    public record Decoded(String errorName, String name, int seqId, byte[] body, int bodyOffset) {
        public ErrorCode error() {
            return ErrorCode.fromName(errorName);
        }
    }

    /**
     * Decodes one response frame from {@code in}, consuming it; null when it is not complete yet.
     *
     * @throws FrameException on a length outside [8, maxFrameLength] or a header that is not Thrift
     */
    public static Decoded decode(ByteBuf in, int maxFrameLength) throws FrameException {
        if (in.readableBytes() < 4) {
            return null;
        }
        int start = in.readerIndex();
        long total = totalLength(in, maxFrameLength);
        if (in.readableBytes() < total) {
            return null;
        }
        byte[] frame = new byte[(int) total - 4];
        in.getBytes(start + 4, frame);
        in.readerIndex(start + (int) total);
        return decodeAfterLength(frame);
    }

    /**
     * The total_length field at {@code in}'s reader index (not consumed; four bytes must be readable): the whole
     * frame's length, the field included.
     *
     * @throws FrameException on a length outside [8, maxFrameLength]
     */
    public static long totalLength(ByteBuf in, int maxFrameLength) throws FrameException {
        long total = in.getUnsignedInt(in.readerIndex());
        if (total < 8 || total > maxFrameLength) {
            throw new FrameException("response total_length " + total + " outside [8, " + maxFrameLength + "]");
        }
        return total;
    }

    /**
     * Decodes a response frame's bytes after its total_length field (the array is kept as the result's body).
     *
     * @throws FrameException on a header that is not Thrift
     */
    public static Decoded decodeAfterLength(byte[] frame) throws FrameException {
        try {
            return ThriftProtocols.read(frame, (p, in) -> {
                String errorName = p.readString();
                TMessage message = p.readMessageBegin();
                return new Decoded(errorName, message.name, message.seqid, frame, in.getBufferPosition());
            });
        } catch (TException | RuntimeException e) {
            throw new FrameException("malformed response header: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the result wrapper of a successful response into {@code result}.
     *
     * @throws TException when field 0 is missing or the struct is malformed (the client reports ERR_INVALID_DATA)
     */
    public static <T extends TBase<?, ?>> T readResult(byte[] body, int offset, T result) throws TException {
        boolean found =
                ThriftProtocols.read(body, offset, body.length - offset, (p, in) -> readResultWrapper(p, result));
        if (!found) {
            throw new TException("response has no result field 0");
        }
        return result;
    }

    private static boolean readResultWrapper(TBinaryProtocol p, TBase<?, ?> result) throws TException {
        p.readStructBegin();
        boolean found = false;
        while (true) {
            TField f = p.readFieldBegin();
            if (f.type == TType.STOP) {
                return found;
            }
            if (f.id == 0 && f.type == TType.STRUCT) {
                result.read(p);
                found = true;
            } else {
                org.apache.thrift.protocol.TProtocolUtil.skip(p, f.type);
            }
        }
    }
}
