package io.pegasus.server.replica;

import io.pegasus.rpc.codec.ThriftProtocols;
import io.pegasus.server.replication.WritePayload;
import io.pegasus.server.storage.WriteRequest;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.update_request;
import java.nio.ByteBuffer;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TType;

/**
 * One client write as replication carries it: its kind and the "args" wrapper bytes exactly as the client sent them
 * (so the primary never re-encodes a request it received), plus the decoded request once someone needed it.
 *
 * <p>The primary decodes at arrival (to reject malformed requests before they enter the log); secondaries decode when
 * they apply. The bytes go to the mutation log and into prepares unchanged, and without a copy: outgoing prepares and
 * log encodings share the {@link #args()} array (on other threads, later), so nothing may ever write to it.
 */
final class WireWrite implements WritePayload {
    private final WriteRequest.Kind kind;
    private final byte[] args;
    private volatile WriteRequest decoded;

    private WireWrite(WriteRequest.Kind kind, byte[] args, WriteRequest decoded) {
        this.kind = kind;
        this.args = args;
        this.decoded = decoded;
    }

    /** A write that arrived from a client: its args bytes, decoded now; throws TException when malformed. */
    static WireWrite received(WriteRequest.Kind kind, byte[] args) throws TException {
        return new WireWrite(kind, args, decode(kind, args));
    }

    /** A write read back from a prepare or the log; decoded on first use. */
    static WireWrite ofBytes(WriteRequest.Kind kind, byte[] args) {
        return new WireWrite(kind, args, null);
    }

    WriteRequest.Kind kind() {
        return kind;
    }

    byte[] args() {
        return args;
    }

    /** The storage request; decodes the bytes on first call. */
    WriteRequest request() throws TException {
        WriteRequest r = decoded;
        if (r == null) {
            r = decode(kind, args);
            decoded = r;
        }
        return r;
    }

    @Override
    public int sizeBytes() {
        return args.length;
    }

    static WriteRequest decode(WriteRequest.Kind kind, byte[] args) throws TException {
        return ThriftProtocols.read(args, (p, in) -> decode(kind, p));
    }

    private static WriteRequest decode(WriteRequest.Kind kind, TBinaryProtocol p) throws TException {
        p.readStructBegin();
        TField f = p.readFieldBegin();
        if (f.type == TType.STOP) {
            throw new TException("write arguments hold no field");
        }
        return switch (kind) {
            case PUT -> WriteRequest.put(read(p, new update_request()));
            case MULTI_PUT -> WriteRequest.multiPut(read(p, new multi_put_request()));
            case REMOVE -> {
                ByteBuffer b = p.readBinary();
                byte[] key = new byte[b.remaining()];
                b.get(key);
                yield WriteRequest.remove(new blob(key));
            }
            case MULTI_REMOVE -> WriteRequest.multiRemove(read(p, new multi_remove_request()));
            case INCR -> WriteRequest.incr(read(p, new incr_request()));
            case CHECK_AND_SET -> WriteRequest.checkAndSet(read(p, new check_and_set_request()));
            case CHECK_AND_MUTATE -> WriteRequest.checkAndMutate(read(p, new check_and_mutate_request()));
        };
    }

    private static <T extends TBase<?, ?>> T read(TBinaryProtocol p, T struct) throws TException {
        struct.read(p);
        return struct;
    }
}
