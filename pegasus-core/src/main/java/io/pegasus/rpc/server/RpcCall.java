package io.pegasus.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.codec.ArgsReader;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request received by the server, and the way to answer it. Thread-safe; answered at most once (later answers
 * are ignored with a warning, since a double answer would confuse the client's sequence-id matching).
 */
public final class RpcCall {
    private static final Logger LOG = LoggerFactory.getLogger(RpcCall.class);

    private final RequestFrame frame;
    private final Channel channel;
    private final ConnectionContext connection;
    private final long receivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    RpcCall(RequestFrame frame, Channel channel, ConnectionContext connection, long receivedNanos) {
        this.frame = frame;
        this.channel = channel;
        this.connection = connection;
        this.receivedNanos = receivedNanos;
    }

    public String name() {
        return frame.name();
    }

    public int seqId() {
        return frame.seqId();
    }

    public RequestMeta meta() {
        return frame.meta();
    }

    public RequestFrame frame() {
        return frame;
    }

    public ConnectionContext connection() {
        return connection;
    }

    /** The caller's address (a client has one per connection: its shared one and any caller-thread sockets). */
    public java.net.SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** When the frame was decoded, from {@link System#nanoTime()}. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** Decodes the struct argument of the args wrapper into {@code arg}. */
    public <T extends TBase<?, ?>> T readArgs(T arg) throws TException {
        return ArgsReader.struct(frame, arg);
    }

    /** Decodes a bare blob argument (get, remove, ttl, sortkey_count). */
    public byte[] readBlobArg() throws TException {
        return ArgsReader.blob(frame);
    }

    /** Decodes an I64 argument (clear_scanner). */
    public long readI64Arg() throws TException {
        return ArgsReader.i64(frame);
    }

    /** Answers ERR_OK with {@code result} as the response struct. */
    public void reply(TBase<?, ?> result) {
        send(ErrorCode.ERR_OK, result);
    }

    /** Answers with an RPC-level error and no body. */
    public void fail(ErrorCode error) {
        send(error, null);
    }

    /** Ends a one-way call (clear_scanner) without sending anything. */
    public void noReply() {
        if (answered.compareAndSet(false, true)) {
            connection.pendingCounter().decrementAndGet();
        }
    }

    /** True once answered. */
    public boolean answered() {
        return answered.get();
    }

    private void send(ErrorCode error, TBase<?, ?> result) {
        if (!answered.compareAndSet(false, true)) {
            LOG.warn(
                    "{} seqid {} from {} answered twice; second answer {} dropped",
                    RequestFrames.printableName(name()),
                    seqId(),
                    connection,
                    error);
            return;
        }
        connection.pendingCounter().decrementAndGet();
        if (!channel.isActive()) {
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer(result == null ? 64 : 256);
        try {
            ResponseFrames.encode(out, error, frame.name(), frame.seqId(), result);
        } catch (TException | RuntimeException e) {
            out.release();
            LOG.error(
                    "cannot encode the {} reply to {} seqid {} from {}; answering ERR_UNKNOWN",
                    error,
                    RequestFrames.printableName(name()),
                    seqId(),
                    connection,
                    e);
            ByteBuf err = channel.alloc().ioBuffer(64);
            try {
                ResponseFrames.encode(err, ErrorCode.ERR_UNKNOWN, frame.name(), frame.seqId(), null);
            } catch (TException ex) {
                err.release();
                return;
            }
            channel.writeAndFlush(err, channel.voidPromise());
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }
}
