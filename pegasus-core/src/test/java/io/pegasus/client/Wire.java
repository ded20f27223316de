package io.pegasus.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.rpc.codec.ThriftWriter;
import java.util.Arrays;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;

/** Byte-level helpers for the client's unit tests: struct and frame encoding, canned responses. */
final class Wire {
    private Wire() {}

    /** Hex with optional offset columns (as in the spec's dumps) and any whitespace. */
    static byte[] hex(String dump) {
        StringBuilder sb = new StringBuilder();
        for (String line : dump.strip().split("\n")) {
            String l = line.strip();
            sb.append(l.matches("^[0-9a-f]{4}\\s.*") ? l.substring(4) : l).append(' ');
        }
        return Bytes.fromHex(sb.toString());
    }

    static byte[] struct(TBase<?, ?> t) throws TException {
        return write(t::write);
    }

    static byte[] write(ThriftWriter w) throws TException {
        TMemoryBuffer mem = new TMemoryBuffer(64);
        w.write(new TBinaryProtocol(mem));
        return Arrays.copyOf(mem.getArray(), mem.length());
    }

    static byte[] requestFrame(RequestMeta meta, String name, int seqId, ThriftWriter args) throws TException {
        ByteBuf buf = Unpooled.buffer();
        RequestFrames.encode(buf, meta, name, TMessageType.CALL, seqId, args);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** The RpcResponse a client would see for an ERR_OK answer carrying {@code result}. */
    static RpcResponse ok(String rpcName, TBase<?, ?> result) throws Exception {
        return response(ErrorCode.ERR_OK, rpcName, result);
    }

    static RpcResponse response(ErrorCode error, String rpcName, TBase<?, ?> result) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        ResponseFrames.encode(buf, error, rpcName, 7, result);
        ResponseFrames.Decoded d = ResponseFrames.decode(buf, 1 << 20);
        return new RpcResponse(d.errorName(), d.seqId(), d.body(), d.bodyOffset());
    }
}
