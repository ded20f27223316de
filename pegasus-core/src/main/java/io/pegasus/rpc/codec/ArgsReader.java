package io.pegasus.rpc.codec;

import java.nio.ByteBuffer;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryInputTransport;

/**
 * Reads the argument out of a request's args wrapper. Like Apache Pegasus, it reads the first field header without
 * checking its id or type and decodes the value by what the RPC expects (spec 1.5).
 */
public final class ArgsReader {
    private ArgsReader() {}

    private static TBinaryProtocol open(RequestFrame frame) throws TException {
        TBinaryProtocol p = new TBinaryProtocol(
                new TMemoryInputTransport(frame.body(), frame.argsOffset(), frame.body().length - frame.argsOffset()));
        p.readStructBegin();
        TField f = p.readFieldBegin();
        if (f.type == TType.STOP) {
            throw new TException("args wrapper has no field");
        }
        return p;
    }

    public static <T extends TBase<?, ?>> T struct(RequestFrame frame, T arg) throws TException {
        arg.read(open(frame));
        return arg;
    }

    public static byte[] blob(RequestFrame frame) throws TException {
        ByteBuffer b = open(frame).readBinary();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    public static long i64(RequestFrame frame) throws TException {
        return open(frame).readI64();
    }
}
