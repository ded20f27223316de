package io.pegasus.rpc.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;

/**
 * Thrift binary protocols reused per thread, for the encodings and decodings every message makes.
 *
 * <p><b>Why.</b> A replicated put used to create about fifteen protocol objects (frame metadata, message header,
 * arguments and result, on the client and on each replica), and libthrift 0.25 gives each a 256-byte skip buffer and
 * its input transport a configuration object of its own: 12 % of the bytes three servers and a client allocated per
 * put (docs/replication.md point 25). The writer here also puts integers straight into the Netty buffer, where
 * {@link TBinaryProtocol} stages each in an array and hands it to the transport as a copy.
 *
 * <p>Each call takes its thread's protocol for the duration of {@code fn}. A call nested in another on the same thread
 * gets a fresh protocol, so the two never share state. A protocol whose call failed is not used again, because a read
 * that throws halfway may leave its recursion depth raised.
 */
public final class ThriftProtocols {
    private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);
    private static final ThreadLocal<Reader> READERS = ThreadLocal.withInitial(Reader::new);

    private ThriftProtocols() {}

    /** What a caller writes through the protocol. */
    @FunctionalInterface
    public interface WriteFn {
        void write(TBinaryProtocol p) throws TException;
    }

    /** What a caller reads through the protocol; the transport's {@code getBufferPosition()} says where it stopped. */
    @FunctionalInterface
    public interface ReadFn<T> {
        T read(TBinaryProtocol p, TMemoryInputTransport in) throws TException;
    }

    /** Runs {@code fn} with a protocol appending to {@code out}. */
    public static void write(ByteBuf out, WriteFn fn) throws TException {
        Writer own = WRITERS.get();
        Writer w = own.busy ? new Writer() : own;
        w.busy = true;
        boolean ok = false;
        try {
            w.out = out;
            fn.write(w);
            ok = true;
        } finally {
            w.out = null;
            w.busy = false;
            if (!ok && w == own) {
                WRITERS.remove();
            }
        }
    }

    /** Runs {@code fn} with a protocol reading {@code length} bytes of {@code buf} from {@code offset}. */
    public static <T> T read(byte[] buf, int offset, int length, ReadFn<T> fn) throws TException {
        Reader own = READERS.get();
        Reader r = own.busy ? new Reader() : own;
        r.busy = true;
        boolean ok = false;
        try {
            r.in.reset(buf, offset, length);
            T result = fn.read(r.protocol, r.in);
            ok = true;
            return result;
        } finally {
            r.in.reset(EMPTY); // drop the reference to the caller's bytes
            r.busy = false;
            if (!ok && r == own) {
                READERS.remove();
            }
        }
    }

    /** As {@link #read(byte[], int, int, ReadFn)}, the whole array. */
    public static <T> T read(byte[] buf, ReadFn<T> fn) throws TException {
        return read(buf, 0, buf.length, fn);
    }

    private static final byte[] EMPTY = new byte[0];

    private static final class Reader {
        final TMemoryInputTransport in;
        final TBinaryProtocol protocol;
        boolean busy;

        Reader() {
            try {
                in = new TMemoryInputTransport(EMPTY);
            } catch (org.apache.thrift.transport.TTransportException e) {
                throw new IllegalStateException(e);
            }
            protocol = new TBinaryProtocol(in);
        }
    }

    /** Binary protocol whose fixed-width fields go into the buffer directly; the rest through the transport. */
    private static final class Writer extends TBinaryProtocol {
        ByteBuf out;
        boolean busy;

        Writer() {
            this(new Target());
        }

        private Writer(Target target) {
            super(target);
            target.writer = this;
        }

        @Override
        public void writeByte(byte b) {
            out.writeByte(b);
        }

        @Override
        public void writeI16(short i16) {
            out.writeShort(i16);
        }

        @Override
        public void writeI32(int i32) {
            out.writeInt(i32);
        }

        @Override
        public void writeI64(long i64) {
            out.writeLong(i64);
        }

        @Override
        public void writeDouble(double dub) {
            out.writeLong(Double.doubleToLongBits(dub));
        }

        @Override
        public void writeBinary(ByteBuffer bin) {
            int length = bin.remaining();
            out.writeInt(length);
            if (bin.hasArray()) {
                out.writeBytes(bin.array(), bin.arrayOffset() + bin.position(), length);
            } else {
                out.writeBytes(bin.duplicate()); // a duplicate: the caller's position stays where it was
            }
        }
    }

    /** The writer's transport: what the protocol writes through it (strings) goes to the writer's buffer. */
    private static final class Target extends WriteOnlyTransport {
        Writer writer;

        @Override
        public void write(byte[] buf, int off, int len) {
            writer.out.writeBytes(buf, off, len);
        }
    }
}
