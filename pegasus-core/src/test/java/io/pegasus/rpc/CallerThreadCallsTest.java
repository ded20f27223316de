package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcConnection#callOnThisThread}: the caller writes and reads on a blocking socket of its own. Real loopback
 * sockets against the test server, or a hand-written one for broken replies.
 */
class CallerThreadCallsTest {
    private static final RequestMeta META = RequestMeta.forPartition(1, 0, 1000, 0);

    private EchoServer server;
    private RpcClient client;

    @BeforeEach
    void start() throws Exception {
        server = new EchoServer();
        client = new RpcClient();
    }

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private static byte[] value(CompletableFuture<RpcResponse> f) throws Exception {
        RpcResponse r = f.getNow(null);
        assertThat(r).as("the future is complete when the call returns").isNotNull();
        assertThat(r.error()).isEqualTo(ErrorCode.ERR_OK);
        return r.readResult(new read_response()).getValue().data();
    }

    private static RpcException failure(CompletableFuture<RpcResponse> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RpcException.class);
            return (RpcException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void callsReuseOneSocketAndShareSequenceIdsWithTheSharedConnection() throws Exception {
        RpcConnection c = client.connection(server.address());
        for (int i = 0; i < 20; i++) {
            byte[] key = Bytes.utf8("k" + i);
            assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(key), 1000)))
                    .isEqualTo(key);
        }
        assertThat(c.callerThreadSockets()).isEqualTo(1);
        RpcResponse viaNetwork =
                c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("n")), 1000).get(5, TimeUnit.SECONDS);
        assertThat(viaNetwork.seqId()).isEqualTo(20);
        assertThat(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("m")), 1000)
                        .getNow(null)
                        .seqId())
                .isEqualTo(21);
    }

    @Test
    void concurrentCallersEachGetTheirOwnReply() throws Exception {
        RpcConnection c = client.connection(server.address());
        int threads = 8;
        List<Thread> ts = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        byte[] key = Bytes.utf8(id + "/" + i);
                        assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(key), 5000)))
                                .isEqualTo(key);
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join(30_000);
        }
        assertThat(failed.get()).isNull();
        assertThat(c.callerThreadSockets()).isBetween(1, threads);
    }

    @Test
    void aCallWithoutAnAnswerTimesOutAndItsSocketIsClosed() {
        RpcConnection c = client.connection(server.address());
        long start = System.nanoTime();
        CompletableFuture<RpcResponse> f = c.callOnThisThread(EchoServer.NEVER, META, Args.blob(new byte[0]), 200);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        RpcException e = failure(f);
        assertThat(e.error()).isEqualTo(ErrorCode.ERR_TIMEOUT);
        assertThat(e.getMessage()).contains(EchoServer.NEVER).contains("200 ms");
        assertThat(ms).isBetween(190L, 3000L);
        // a late reply could otherwise be read as the next call's
        assertThat(c.callerThreadSockets()).isZero();
    }

    @Test
    void anIdleSocketTheServerClosedIsNotUsedForTheNextCall() throws Exception {
        InetSocketAddress address = server.address();
        RpcConnection c = client.connection(address);
        assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("a")), 1000)))
                .isEqualTo(Bytes.utf8("a"));
        server.close();
        server = null;
        CompletableFuture<RpcResponse> down =
                c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("b")), 1000);
        RpcException refused = failure(down);
        assertThat(refused.error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        // a refused connect wrote nothing: callers may retry even requests that are not idempotent
        assertThat(refused.getCause()).isInstanceOf(java.net.SocketException.class);
        assertThat(refused.getMessage()).contains("cannot connect to");
        server = new EchoServer(RpcServerOptions.defaults("127.0.0.1", address.getPort()));
        assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("c")), 1000)))
                .isEqualTo(Bytes.utf8("c"));
    }

    @Test
    void anIdleSocketFromBeforeARestartIsDroppedNotUsed() throws Exception {
        InetSocketAddress address = server.address();
        RpcConnection c = client.connection(address);
        assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("a")), 1000)))
                .isEqualTo(Bytes.utf8("a"));
        assertThat(c.callerThreadSockets()).isEqualTo(1);
        server.close();
        server = new EchoServer(RpcServerOptions.defaults("127.0.0.1", address.getPort()));
        // the pooled socket's peer is gone; writing the call to it would lose it after sending
        assertThat(value(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(Bytes.utf8("b")), 1000)))
                .isEqualTo(Bytes.utf8("b"));
        assertThat(c.callerThreadSockets()).isEqualTo(1);
    }

    @Test
    void aConnectThatHangsEndsWithTheCallsDeadlineNotTheConnectTimeout() throws Exception {
        // a listener that never accepts, its backlog filled: Linux then drops further SYNs, so a connect hangs
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", ss.getLocalPort());
            List<java.nio.channels.SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.nio.channels.SocketChannel f = java.nio.channels.SocketChannel.open();
                    f.configureBlocking(false);
                    f.connect(address);
                    fillers.add(f);
                }
                RpcConnection c = client.connection(address); // connect timeout 3,000 ms
                long start = System.nanoTime();
                CompletableFuture<RpcResponse> f =
                        c.callOnThisThread(EchoServer.ECHO, META, Args.blob(new byte[0]), 300);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // refused at connect (nothing written) if SYNs were dropped, else timed out waiting for the reply
                assertThat(failure(f).error()).isIn(ErrorCode.ERR_SESSION_RESET, ErrorCode.ERR_TIMEOUT);
                assertThat(ms).isLessThan(1500);
            } finally {
                for (java.nio.channels.SocketChannel f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void aLargeRequestGoesThroughTheSharedConnection() throws Exception {
        RpcConnection c = client.connection(server.address());
        byte[] big = new byte[20_000]; // over MAX_REQUEST_BYTES (8 KB), far under any frame limit
        big[19_999] = 7;
        CompletableFuture<RpcResponse> f = c.callOnThisThread(EchoServer.ECHO, META, Args.blob(big), 5000);
        RpcResponse r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.readResult(new read_response()).getValue().data()).isEqualTo(big);
        assertThat(c.callerThreadSockets()).isZero();
    }

    /** Waits until a call on {@code c}'s caller-thread socket is in progress, then a little more for it to block. */
    private static void awaitBlockedCall(RpcConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.callerThreadSockets() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
    }

    @Test
    void closingTheConnectionFailsABlockedCallAtOnce() throws Exception {
        RpcConnection c = client.connection(server.address());
        CompletableFuture<CompletableFuture<RpcResponse>> outcome = new CompletableFuture<>();
        Thread caller = new Thread(
                () -> outcome.complete(c.callOnThisThread(EchoServer.NEVER, META, Args.blob(new byte[0]), 30_000)));
        caller.start();
        awaitBlockedCall(c);
        long start = System.nanoTime();
        c.close();
        CompletableFuture<RpcResponse> f = outcome.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        assertThat(failure(f).error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        assertThat(c.callerThreadSockets()).isZero();
        assertThat(failure(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(new byte[0]), 1000))
                        .getMessage())
                .contains("is closed");
    }

    @Test
    void anInterruptedCallerStopsWaiting() throws Exception {
        RpcConnection c = client.connection(server.address());
        CompletableFuture<CompletableFuture<RpcResponse>> outcome = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            outcome.complete(c.callOnThisThread(EchoServer.NEVER, META, Args.blob(new byte[0]), 30_000));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        caller.start();
        awaitBlockedCall(c);
        caller.interrupt();
        assertThat(failure(outcome.get(5, TimeUnit.SECONDS)).error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        assertThat(stillInterrupted.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.callerThreadSockets()).isZero();
    }

    /** What a hand-written server answers to a request with sequence id {@code seqId}. */
    private interface Reply {
        void write(int seqId, OutputStream out) throws java.io.IOException;
    }

    /** A server that reads one request frame and answers with what {@code reply} writes, given the request's seqid. */
    private static InetSocketAddress handWrittenServer(ServerSocket ss, Reply reply) {
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                ByteBuf got = Unpooled.buffer();
                byte[] buf = new byte[4096];
                io.pegasus.rpc.codec.RequestFrame request = null;
                while (request == null) {
                    int n = s.getInputStream().read(buf);
                    if (n < 0) {
                        return;
                    }
                    got.writeBytes(buf, 0, n);
                    request = io.pegasus.rpc.codec.RequestFrames.decode(got, 1 << 20);
                }
                int seqId = request.seqId();
                reply.write(seqId, s.getOutputStream());
                s.getOutputStream().flush();
                Thread.sleep(2000);
            } catch (Exception ignored) {
                // the test sees what the client made of it
            }
        });
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress("127.0.0.1", ss.getLocalPort());
    }

    /** One call on the caller's thread against a server answering with {@code reply}; the call must fail. */
    private RpcException callFailingAgainst(Reply reply) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RpcConnection c = client.connection(handWrittenServer(ss, reply));
            RpcException e = failure(c.callOnThisThread(EchoServer.ECHO, META, Args.blob(new byte[0]), 2000));
            assertThat(c.callerThreadSockets()).isZero();
            return e;
        }
    }

    private static byte[] replyFrame(int seqId) {
        ByteBuf out = Unpooled.buffer();
        try {
            ResponseFrames.encode(
                    out,
                    ErrorCode.ERR_OK,
                    EchoServer.ECHO,
                    seqId,
                    new read_response(0, new blob(new byte[1]), 1, 0, ""));
        } catch (org.apache.thrift.TException e) {
            throw new AssertionError(e);
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    @Test
    void aReplyWithAnotherSequenceIdIsRefused() throws Exception {
        RpcException e = callFailingAgainst((seqId, out) -> out.write(replyFrame(seqId + 1)));
        assertThat(e.error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        assertThat(e.getMessage()).contains("seqid 1 where 0 was expected");
    }

    @Test
    void aReplyWithAnImpossibleLengthIsRefused() throws Exception {
        RpcException e = callFailingAgainst(
                (seqId, out) -> out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 1, 2, 3}));
        assertThat(e.error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        assertThat(e.getMessage()).contains("bad response frame").contains("4294967280");
    }

    @Test
    void aServerThatClosesMidReplyIsASessionReset() throws Exception {
        RpcException e = callFailingAgainst((seqId, out) -> {
            byte[] frame = replyFrame(seqId);
            out.write(frame, 0, frame.length - 3);
            out.close();
        });
        assertThat(e.error()).isEqualTo(ErrorCode.ERR_SESSION_RESET);
        assertThat(e.getMessage()).contains("lost");
    }
}
