package io.pegasus.rpc.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.codec.FrameException;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.rpc.codec.ThriftWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessageType;

/**
 * Calls whose caller waits for the answer anyway (the synchronous API), written and read by that caller's thread on
 * a blocking socket of its own, one call at a time per socket.
 *
 * <p>Why: through the connection's network thread a call wakes that thread on the way out and the caller on the way
 * back. On this project's 2-core VMs a wake-up across CPUs costs ~47 us (docs/replication.md, point 12), and at one
 * call in flight those two wake-ups were more than half of a get's round trip and of the client's CPU. A caller that
 * does its own IO sleeps in the socket read and is woken once, by the reply; the blocking Redis and Aerospike clients
 * work the same way.
 *
 * <p>Sockets are pooled per server address, most recently used first, so a thread that calls again usually gets the
 * socket it just returned; at most {@link #MAX_IDLE} wait idle. A socket carries one call at a time and is closed on
 * any failure (a timeout included), so a reply read from it is always the one for the call just written. Large
 * requests ({@link #MAX_REQUEST_BYTES}) are not taken: a write larger than the socket's send buffer could block past
 * the call's deadline, which the network thread's path does not. A connect waits at most the call's time left.
 */
final class CallerThreadCalls implements AutoCloseable {
    /**
     * Larger requests go through the network thread. A blocking write has no timeout, so it must never wait: a new
     * Linux socket's send buffer holds at least 16 KB (tcp_wmem's default), and a socket here has nothing else unsent.
     */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    /**
     * Idle sockets older than this are closed instead of reused: a firewall or NAT may have forgotten the flow without
     * telling either end, and a call written to it would wait out its whole timeout and end with an unknown outcome.
     */
    static final long MAX_IDLE_NANOS = 60_000_000_000L;

    /** Idle sockets kept per server; the rest are closed when returned. */
    static final int MAX_IDLE = 32;

    private final InetSocketAddress address;
    private final RpcClientOptions options;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private record Idle(SocketChannel channel, long sinceNanos) {}

    CallerThreadCalls(InetSocketAddress address, RpcClientOptions options) {
        this.address = address;
        this.options = options;
    }

    /**
     * Encodes the call; null when it is too large for this path (send it through the network thread instead).
     *
     * @throws RpcException ERR_INVALID_PARAMETERS when the arguments cannot be encoded
     */
    static ByteBuf encode(String name, RequestMeta meta, ThriftWriter args, int seqId) throws RpcException {
        ByteBuf out = Unpooled.buffer(256);
        try {
            RequestFrames.encode(out, meta, name, TMessageType.CALL, seqId, args);
        } catch (TException | RuntimeException e) {
            throw new RpcException(ErrorCode.ERR_INVALID_PARAMETERS, "cannot encode " + name + ": " + e, e);
        }
        return out.readableBytes() > MAX_REQUEST_BYTES ? null : out;
    }

    /**
     * Writes the encoded call and reads its reply on this thread, within {@code timeoutMs}.
     *
     * @throws RpcException ERR_SESSION_RESET (the cause is a {@link java.net.SocketException} when nothing was
     *     written: the connect or the first bytes' write failed), ERR_TIMEOUT
     */
    RpcResponse call(String name, ByteBuf frame, int seqId, int timeoutMs) throws RpcException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        SocketChannel sc = take(name, timeoutMs, deadline);
        boolean reusable = false;
        try {
            ByteBuffer bytes = frame.nioBuffer();
            try {
                while (bytes.hasRemaining()) {
                    sc.write(bytes);
                }
            } catch (IOException e) {
                String message = "write of " + name + " to " + address + " failed: " + e;
                // nothing reached the socket: as safe to retry as a failed connect
                throw bytes.position() == 0
                        ? new RpcException(ErrorCode.ERR_SESSION_RESET, message, new SocketException(message))
                        : new RpcException(ErrorCode.ERR_SESSION_RESET, message);
            }
            RpcResponse reply = readReply(sc, name, seqId, timeoutMs, deadline);
            reusable = true;
            return reply;
        } finally {
            if (reusable) {
                giveBack(sc);
            } else {
                discard(sc);
            }
        }
    }

    private RpcResponse readReply(SocketChannel sc, String name, int seqId, int timeoutMs, long deadline)
            throws RpcException {
        try {
            InputStream in = sc.socket().getInputStream();
            byte[] length = new byte[4];
            readFully(sc, in, length, 0, 4, deadline);
            long total = ResponseFrames.totalLength(Unpooled.wrappedBuffer(length), options.maxResponseLength());
            byte[] frame = new byte[(int) total - 4];
            readFully(sc, in, frame, 0, frame.length, deadline);
            ResponseFrames.Decoded d = ResponseFrames.decodeAfterLength(frame);
            if (d.seqId() != seqId) {
                throw new RpcException(
                        ErrorCode.ERR_SESSION_RESET,
                        "bad response from " + address + ": seqid " + d.seqId() + " where " + seqId + " was expected");
            }
            return new RpcResponse(d.errorName(), d.seqId(), d.body(), d.bodyOffset());
        } catch (SocketTimeoutException e) {
            throw timedOut(name, timeoutMs);
        } catch (FrameException e) {
            throw new RpcException(
                    ErrorCode.ERR_SESSION_RESET, "bad response frame from " + address + ": " + e.getMessage());
        } catch (IOException e) {
            throw new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " lost: " + e);
        }
    }

    /** Reads exactly {@code len} bytes, each read bounded by what is left of the deadline. */
    private static void readFully(SocketChannel sc, InputStream in, byte[] b, int off, int len, long deadline)
            throws IOException {
        int done = 0;
        while (done < len) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            // SO_TIMEOUT 0 would mean "no timeout"; the socket adaptor's stream honours it on channels in blocking mode
            sc.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            done += n;
        }
    }

    /** The call ran out of time: while reading its reply, or before a socket to send it on was connected. */
    private RpcException timedOut(String name, int timeoutMs) {
        return new RpcException(
                ErrorCode.ERR_TIMEOUT, name + " to " + address + " timed out after " + timeoutMs + " ms");
    }

    /** A recently used idle socket that the server has not closed, or a new one connected within the deadline. */
    private SocketChannel take(String name, int timeoutMs, long deadline) throws RpcException {
        Idle i;
        long now = System.nanoTime();
        while ((i = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (now - i.sinceNanos() <= MAX_IDLE_NANOS && stillOpen(i.channel())) {
                return i.channel();
            }
            discard(i.channel());
        }
        if (closed) {
            throw new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " is closed");
        }
        long leftMs = (deadline - now) / 1_000_000L;
        if (leftMs <= 0) {
            throw timedOut(name, timeoutMs);
        }
        return connect((int) Math.min(options.connectTimeoutMs(), leftMs));
    }

    /**
     * Whether an idle socket can carry a call: a server that closed it (a restart) left an end of stream to read, and
     * a call written to it would be lost after it was sent, which for a non-idempotent request means an unknown
     * outcome instead of a clean retry.
     */
    private static boolean stillOpen(SocketChannel sc) {
        try {
            sc.configureBlocking(false);
            int n = sc.read(ByteBuffer.allocate(1));
            sc.configureBlocking(true);
            return n == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private SocketChannel connect(int timeoutMs) throws RpcException {
        SocketChannel sc;
        try {
            sc = SocketChannel.open();
        } catch (IOException e) {
            throw new RpcException(
                    ErrorCode.ERR_SESSION_RESET, "cannot open a socket to " + address + ": " + e, connectFailure(e));
        }
        open.add(sc);
        try {
            sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sc.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            sc.socket().connect(address, timeoutMs);
        } catch (IOException e) {
            discard(sc);
            throw new RpcException(
                    ErrorCode.ERR_SESSION_RESET,
                    "cannot connect to " + address + ": " + e.getMessage(),
                    connectFailure(e));
        }
        if (closed) {
            discard(sc);
            throw new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " is closed");
        }
        return sc;
    }

    /** A connect failure as a {@link java.net.SocketException}: nothing was written, so the caller may retry. */
    private static ConnectException connectFailure(IOException e) {
        if (e instanceof ConnectException c) {
            return c;
        }
        ConnectException c = new ConnectException(e.getMessage());
        c.initCause(e);
        return c;
    }

    private void giveBack(SocketChannel sc) {
        if (closed || idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            discard(sc);
            return;
        }
        idle.offerFirst(new Idle(sc, System.nanoTime()));
        if (closed) {
            // close() may have swept the pool before this socket was in it
            closeIdle();
        }
    }

    private void discard(SocketChannel sc) {
        open.remove(sc);
        try {
            sc.close();
        } catch (IOException ignored) {
            // closing a socket that failed
        }
    }

    private void closeIdle() {
        Idle i;
        while ((i = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            discard(i.channel());
        }
    }

    /** Sockets open now, idle or carrying a call. */
    int openSockets() {
        return open.size();
    }

    /** Closes every socket; a call in progress fails with ERR_SESSION_RESET, later calls at once. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
        for (SocketChannel sc : new ArrayList<>(open)) {
            discard(sc);
        }
    }
}
