package io.pegasus.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ThriftWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one server address: a single TCP connection carrying pipelined calls, matched to their replies
 * by sequence id (spec 1.2).
 *
 * <p>Sequence ids start at 0 and grow by one per send; they are not reset when the connection is re-established. The
 * connection is opened on first use and re-opened on the next call after it drops; a drop fails every pending call
 * with ERR_SESSION_RESET. Each call carries its own timeout (ERR_TIMEOUT locally; a late reply is dropped).
 */
public final class RpcConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);

    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final RpcClientOptions options;
    private final AtomicInteger nextSeqId = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Object connectLock = new Object();
    private final CallerThreadCalls callerThreadCalls;
    private volatile ChannelFuture channelFuture;
    private volatile boolean closed;

    private record Pending(CompletableFuture<RpcResponse> future, ScheduledFuture<?> timeout) {}

    RpcConnection(InetSocketAddress address, Bootstrap template, RpcClientOptions options) {
        this.address = address;
        this.options = options;
        this.callerThreadCalls = new CallerThreadCalls(address, options);
        this.bootstrap = template.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                        .addLast("flush", new FlushConsolidationHandler(256, true))
                        .addLast("frames", new ResponseDecoder(options.maxResponseLength()))
                        .addLast("match", new ResponseMatcher());
            }
        });
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Calls currently waiting for a reply. */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Sends a call and returns its reply. The future fails with {@link RpcException} for local outcomes
     * (ERR_TIMEOUT, ERR_SESSION_RESET, ERR_CAPACITY_EXCEEDED); a reply with an RPC-level error still completes
     * normally, carrying that error.
     */
    public CompletableFuture<RpcResponse> call(String name, RequestMeta meta, ThriftWriter args, int timeoutMs) {
        CompletableFuture<RpcResponse> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(
                    new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " is closed"));
            return future;
        }
        if (pending.size() >= options.maxInFlightPerConnection()) {
            future.completeExceptionally(new RpcException(
                    ErrorCode.ERR_CAPACITY_EXCEEDED,
                    options.maxInFlightPerConnection() + " calls already in flight to " + address));
            return future;
        }
        int seqId = nextSeqId.getAndIncrement();
        ChannelFuture cf = channel();
        if (cf.isDone()) {
            send(cf, name, meta, args, seqId, timeoutMs, future);
        } else {
            cf.addListener(f -> send(cf, name, meta, args, seqId, timeoutMs, future));
        }
        return future;
    }

    /**
     * Like {@link #call}, for a caller that waits for the reply anyway: this thread writes the call and reads its reply
     * itself, on a blocking socket of its own ({@link CallerThreadCalls}), so no network thread is woken on the way out
     * or back. The returned future is already complete. A call too large for that path takes {@link #call}'s.
     */
    public CompletableFuture<RpcResponse> callOnThisThread(
            String name, RequestMeta meta, ThriftWriter args, int timeoutMs) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " is closed"));
        }
        if (Thread.currentThread().isInterrupted()) {
            // an interrupted thread's socket write fails at once with nothing sent, which would read as a lost answer
            // (an unknown outcome); the usual path sends the call and leaves the interrupt to the waiting caller
            return call(name, meta, args, timeoutMs);
        }
        int seqId = nextSeqId.getAndIncrement();
        try {
            ByteBuf frame = CallerThreadCalls.encode(name, meta, args, seqId);
            if (frame == null) {
                return call(name, meta, args, timeoutMs);
            }
            return CompletableFuture.completedFuture(callerThreadCalls.call(name, frame, seqId, timeoutMs));
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sockets open for {@link #callOnThisThread}, idle or carrying a call. */
    public int callerThreadSockets() {
        return callerThreadCalls.openSockets();
    }

    /**
     * Sends a one-way call (clear_scanner, replica messages): nothing is expected back and nothing is reported.
     * One-way calls of one connection go out in the order they were sent, whichever threads send them. On the
     * connection's own network thread (a server sending while handling what it received on the same threads) the
     * call is written at once, unless calls handed over by other threads are still queued there: then it queues
     * behind them (without a wake-up, the thread being awake).
     */
    public void sendOneWay(String name, RequestMeta meta, ThriftWriter args) {
        if (closed) {
            return;
        }
        int seqId = nextSeqId.getAndIncrement();
        ChannelFuture cf = channel();
        if (!cf.isDone()) {
            cf.addListener(f -> writeOneWay(cf, name, meta, args, seqId));
            return;
        }
        EventLoop loop = cf.channel().eventLoop();
        if (loop.inEventLoop() && loop instanceof SingleThreadEventExecutor e && e.pendingTasks() == 0) {
            writeOneWay(cf, name, meta, args, seqId);
        } else {
            loop.execute(() -> writeOneWay(cf, name, meta, args, seqId));
        }
    }

    private void writeOneWay(ChannelFuture cf, String name, RequestMeta meta, ThriftWriter args, int seqId) {
        if (!cf.isSuccess() || !cf.channel().isActive()) {
            return;
        }
        Channel ch = cf.channel();
        ByteBuf out;
        try {
            out = encode(ch, 128, name, meta, args, seqId);
        } catch (TException | RuntimeException e) {
            LOG.warn("cannot encode one-way {} to {}", name, address, e);
            return;
        }
        ch.writeAndFlush(out, ch.voidPromise());
    }

    /** The frame of a call, in a buffer of the channel's allocator (released again if encoding fails). */
    private static ByteBuf encode(Channel ch, int capacity, String name, RequestMeta meta, ThriftWriter args, int seqId)
            throws TException {
        ByteBuf out = ch.alloc().ioBuffer(capacity);
        try {
            RequestFrames.encode(out, meta, name, TMessageType.CALL, seqId, args);
            return out;
        } catch (TException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private void send(
            ChannelFuture cf,
            String name,
            RequestMeta meta,
            ThriftWriter args,
            int seqId,
            int timeoutMs,
            CompletableFuture<RpcResponse> future) {
        if (!cf.isSuccess()) {
            Throwable cause = cf.cause();
            future.completeExceptionally(new RpcException(
                    ErrorCode.ERR_SESSION_RESET,
                    "cannot connect to " + address + ": " + (cause == null ? "cancelled" : cause.getMessage()),
                    cause));
            return;
        }
        Channel ch = cf.channel();
        ByteBuf out;
        try {
            out = encode(ch, 256, name, meta, args, seqId);
        } catch (TException | RuntimeException e) {
            future.completeExceptionally(
                    new RpcException(ErrorCode.ERR_INVALID_PARAMETERS, "cannot encode " + name + ": " + e, e));
            return;
        }
        ScheduledFuture<?> timeout =
                ch.eventLoop().schedule(() -> expire(seqId, name, timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        pending.put(seqId, new Pending(future, timeout));
        if (!ch.isActive()) {
            // the channel died between connect and now; channelInactive may already have swept the pending map
            out.release();
            failPending(seqId, ErrorCode.ERR_SESSION_RESET, "connection to " + address + " lost");
            return;
        }
        ch.writeAndFlush(out).addListener(w -> {
            if (!w.isSuccess()) {
                failPending(seqId, ErrorCode.ERR_SESSION_RESET, "write to " + address + " failed: " + w.cause());
            }
        });
    }

    private void expire(int seqId, String name, int timeoutMs) {
        failPending(seqId, ErrorCode.ERR_TIMEOUT, name + " to " + address + " timed out after " + timeoutMs + " ms");
    }

    private void failPending(int seqId, ErrorCode error, String message) {
        Pending p = pending.remove(seqId);
        if (p != null) {
            p.timeout.cancel(false);
            p.future.completeExceptionally(new RpcException(error, message));
        }
    }

    private ChannelFuture channel() {
        ChannelFuture cf = channelFuture;
        if (cf != null && (!cf.isDone() || (cf.isSuccess() && cf.channel().isActive()))) {
            return cf;
        }
        synchronized (connectLock) {
            cf = channelFuture;
            if (cf != null && (!cf.isDone() || (cf.isSuccess() && cf.channel().isActive()))) {
                return cf;
            }
            cf = bootstrap.connect(address);
            channelFuture = cf;
            return cf;
        }
    }

    /** Closes the connection; pending calls fail with ERR_SESSION_RESET and later calls fail at once. */
    public void close() {
        closed = true;
        callerThreadCalls.close();
        ChannelFuture cf = channelFuture;
        if (cf != null) {
            cf.channel().close();
        }
        failAll("connection to " + address + " closed");
    }

    private void failAll(String message) {
        List<Integer> ids = new ArrayList<>(pending.keySet());
        for (int id : ids) {
            failPending(id, ErrorCode.ERR_SESSION_RESET, message);
        }
    }

    private final class ResponseMatcher extends SimpleChannelInboundHandler<RpcResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RpcResponse response) {
            Pending p = pending.remove(response.seqId());
            if (p == null) {
                LOG.debug("dropping reply with unknown seqid {} from {}", response.seqId(), address);
                return;
            }
            p.timeout.cancel(false);
            p.future.complete(response);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll("connection to " + address + " lost");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing connection to {}: {}", address, cause.toString());
            ctx.close();
        }
    }

    static Bootstrap configure(Bootstrap b, RpcClientOptions options) {
        return b.option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // the TIME-WAIT a closed connection leaves on its ephemeral port (60 s) then does not stop a server
                // from binding that port: the onebox's ports lie in Linux's ephemeral range
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMs());
    }
}
