package io.pegasus.thrift;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * Arbitrary bytes: keys, values, patterns (spec 2.2). Payload: i32 length, then the bytes; an empty blob is {@code
 * 00 00 00 00}.
 *
 * <p>The class name is the IDL name, which the generated code refers to.
 */
@SuppressWarnings("TypeName")
public final class blob extends PseudoStruct<blob> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private byte[] data;

    public blob() {
        this.data = EMPTY;
    }

    /** Wraps {@code data} without copying; a null array is an empty blob. */
    public blob(byte[] data) {
        this.data = data == null ? EMPTY : data;
    }

    /** Copy constructor used by generated deep copies. */
    public blob(blob other) {
        this.data = other.data.clone();
    }

    /** The bytes, never null. The array is shared, not copied. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return data.length;
    }

    /** The bytes of a possibly absent blob field: an absent blob reads as empty (spec 2.8). */
    public static byte[] bytesOf(blob b) {
        return b == null ? EMPTY : b.data;
    }

    @Override
    public void read(TProtocol in) throws TException {
        ByteBuffer buffer = in.readBinary();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        this.data = bytes;
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeBinary(ByteBuffer.wrap(data));
    }

    @Override
    public blob deepCopy() {
        return new blob(this);
    }

    @Override
    public void clear() {
        data = EMPTY;
    }

    @Override
    public int compareTo(blob other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof blob b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return io.pegasus.data.Bytes.escape(data);
    }
}
