package io.pegasus.rpc.codec;

import java.nio.ByteBuffer;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TType;

/**
 * Reads the argument out of a request's args wrapper. Like Apache Pegasus, it reads the first field header without
 * checking its id or type and decodes the value by what the RPC expects (spec 1.5).
 */
public final class ArgsReader {
    private ArgsReader() {}

    /** Runs {@code fn} on the protocol positioned at the argument's value. */
    private static <T> T read(RequestFrame frame, ThriftProtocols.ReadFn<T> fn) throws TException {
        int offset = frame.argsOffset();
        return ThriftProtocols.read(frame.body(), offset, frame.body().length - offset, (p, in) -> {
            p.readStructBegin();
            TField f = p.readFieldBegin();
            if (f.type == TType.STOP) {
                throw new TException("args wrapper has no field");
            }
            return fn.read(p, in);
        });
    }

    public static <T extends TBase<?, ?>> T struct(RequestFrame frame, T arg) throws TException {
        return read(frame, (p, in) -> {
            arg.read(p);
            return arg;
        });
    }

    public static byte[] blob(RequestFrame frame) throws TException {
        return read(frame, (p, in) -> {
            ByteBuffer b = p.readBinary();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        });
    }

    public static long i64(RequestFrame frame) throws TException {
        return read(frame, (p, in) -> p.readI64());
    }
}
