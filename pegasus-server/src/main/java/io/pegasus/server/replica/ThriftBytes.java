package io.pegasus.server.replica;

import io.pegasus.rpc.codec.WriteOnlyTransport;
import java.util.Arrays;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Encodes Thrift structs to byte arrays through one reusable buffer per thread, so that an encoding allocates only
 * its result. Every logged mutation is encoded once per replica (a 1 KB put: its value and a few dozen bytes); a fresh
 * {@code TMemoryBuffer} per encoding allocated the payload's size twice, once for the buffer and once for the copy of
 * the right length. Each thread that encodes keeps at most {@link #KEPT_BYTES} for its lifetime.
 */
final class ThriftBytes {
    /** A thread keeps a buffer up to this size between encodings; a larger one (a learner's state) is let go. */
    static final int KEPT_BYTES = 64 << 10;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ThriftBytes() {}

    /** The size of the buffer this thread keeps between encodings (tests). */
    static int keptCapacity() {
        return SCRATCH.get().buf.length;
    }

    static byte[] encode(TBase<?, ?> struct, int sizeHint) throws TException {
        Scratch s = SCRATCH.get();
        if (s.busy) {
            s = new Scratch(); // an encoding inside an encoding (not done today): never share the buffer
        }
        s.busy = true;
        try {
            s.start(sizeHint);
            struct.write(s.protocol);
            return Arrays.copyOf(s.buf, s.len);
        } finally {
            s.busy = false;
            if (s.buf.length > KEPT_BYTES) {
                s.buf = new byte[Scratch.INITIAL_BYTES];
            }
        }
    }

    /** A write-only transport appending to a growable array. */
    private static final class Scratch extends WriteOnlyTransport {
        static final int INITIAL_BYTES = 4096;

        final TBinaryProtocol protocol = new TBinaryProtocol(this);
        byte[] buf = new byte[INITIAL_BYTES];
        int len;
        boolean busy;

        void start(int sizeHint) {
            len = 0;
            if (buf.length < sizeHint) {
                buf = new byte[sizeHint];
            }
        }

        @Override
        public void write(byte[] src, int off, int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
            System.arraycopy(src, off, buf, len, n);
            len += n;
        }
    }
}
