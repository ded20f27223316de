package io.pegasus.rpc.codec;

import java.nio.ByteBuffer;
import org.apache.thrift.TBase;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TType;

/**
 * Writers for the "args" wrapper of a request body (spec 1.5): a struct with exactly one field, id 1, then STOP. A
 * struct argument and a bare blob argument both use field type STRUCT (12); the clear-scanner context id uses I64.
 */
public final class Args {
    private static final TField STRUCT_FIELD = new TField("", TType.STRUCT, (short) 1);
    private static final TField I64_FIELD = new TField("", TType.I64, (short) 1);

    private Args() {}

    public static ThriftWriter struct(TBase<?, ?> arg) {
        return out -> {
            out.writeFieldBegin(STRUCT_FIELD);
            arg.write(out);
            out.writeFieldStop();
        };
    }

    /** A bare blob argument (get, remove, ttl, sortkey_count): type 12 header, then i32 length and bytes. */
    public static ThriftWriter blob(byte[] bytes) {
        return out -> {
            out.writeFieldBegin(STRUCT_FIELD);
            out.writeBinary(ByteBuffer.wrap(bytes));
            out.writeFieldStop();
        };
    }

    /** The clear-scanner argument: an I64 context id. */
    public static ThriftWriter i64(long value) {
        return out -> {
            out.writeFieldBegin(I64_FIELD);
            out.writeI64(value);
            out.writeFieldStop();
        };
    }
}
