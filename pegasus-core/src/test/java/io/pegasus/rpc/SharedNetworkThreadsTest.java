package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoop;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server and a client on one set of network threads ({@link NetworkThreads}), over a real loopback socket. */
class SharedNetworkThreadsTest {
    private static final String ONE_WAY = "TEST_ONE_WAY";
    private static final String ECHO = "TEST_ECHO";
    private static final RequestMeta META = RequestMeta.forPartition(1, 0, 1000, 0);

    private static RpcServer server(NetworkThreads threads, List<Long> received) throws InterruptedException {
        return new RpcServer(RpcServerOptions.defaults("127.0.0.1", 0), threads)
                .register(ONE_WAY, call -> {
                    received.add(call.readI64Arg());
                    call.noReply();
                })
                .register(ECHO, call -> call.reply(new read_response(0, new blob(call.readBlobArg()), 1, 0, "t")))
                .start();
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }

    /**
     * A one-way call sent on the connection's own thread while a call sent from another thread still waits in that
     * thread's queue goes out after it: written at once, it would overtake it.
     */
    @Test
    void oneWayCallsKeepTheirOrderWhenSentFromTheNetworkThreadAndFromOthers() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        try (NetworkThreads threads = new NetworkThreads(1)) {
            RpcServer server = server(threads, received);
            RpcClient client = new RpcClient(RpcClientOptions.defaults(), threads);
            try {
                RpcConnection c = client.connection(server.localAddress());
                c.sendOneWay(ONE_WAY, META, Args.i64(0)); // connects
                awaitSize(received, 1);
                EventLoop loop = threads.group().next(); // the one thread: the server's and the connection's
                CountDownLatch firstQueued = new CountDownLatch(1);
                loop.execute(() -> {
                    try {
                        firstQueued.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    c.sendOneWay(ONE_WAY, META, Args.i64(2)); // on the network thread, after 1 was queued there
                });
                c.sendOneWay(ONE_WAY, META, Args.i64(1)); // from this thread: queued behind the task above
                firstQueued.countDown();
                awaitSize(received, 3);
                assertThat(received).containsExactly(0L, 1L, 2L);
            } finally {
                client.close();
                server.close();
            }
        }
    }

    /**
     * What a network thread wrote in a round is on the wire before the work it left for after the round starts: the
     * server, on threads of its own, receives the call while that work still runs (it waits for it, so a flush left
     * for later would never come). A replica's acknowledgements leave this way before its storage writes.
     */
    @Test
    void workLeftForAfterTheRoundStartsOnceWhatTheRoundWroteIsSent() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        try (NetworkThreads serverThreads = new NetworkThreads(1);
                NetworkThreads clientThreads = new NetworkThreads(1)) {
            RpcServer server = server(serverThreads, received);
            RpcClient client = new RpcClient(RpcClientOptions.defaults(), clientThreads);
            try {
                RpcConnection c = client.connection(server.localAddress());
                c.sendOneWay(ONE_WAY, META, Args.i64(0)); // connects
                awaitSize(received, 1);
                assertThat(clientThreads.runAfterThisRound(() -> {}))
                        .as("not on a network thread")
                        .isFalse();
                List<String> order = new CopyOnWriteArrayList<>();
                CountDownLatch done = new CountDownLatch(1);
                EventLoop loop = clientThreads.group().next();
                loop.execute(() -> {
                    c.sendOneWay(ONE_WAY, META, Args.i64(1)); // written now, flushed by a task of this round
                    boolean scheduled = clientThreads.runAfterThisRound(() -> {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (received.size() < 2 && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        order.add("after the round, the server holding " + received.size());
                        done.countDown();
                    });
                    loop.execute(() -> order.add("queued in the round"));
                    order.add("round, scheduled " + scheduled);
                });
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(order)
                        .containsExactly(
                                "round, scheduled true",
                                "queued in the round",
                                "after the round, the server holding 2");
            } finally {
                client.close();
                server.close();
            }
        }
    }

    /**
     * Closing the client or the server leaves the shared threads to the other (the server's connections close with
     * it); closing the threads ends them.
     */
    @Test
    void sharedThreadsOutliveTheClientAndTheServerThatUseThem() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        NetworkThreads threads = new NetworkThreads(1);
        RpcServer server = server(threads, received);
        RpcClient first = new RpcClient(RpcClientOptions.defaults(), threads);
        assertThat(echo(first, server)).isEqualTo("a");
        first.close();
        assertThat(threads.group().isShuttingDown()).isFalse();
        RpcClient second = new RpcClient(RpcClientOptions.defaults(), threads);
        assertThat(echo(second, server)).isEqualTo("a"); // the server still serves on the threads
        java.net.InetSocketAddress closedAddress = server.localAddress();
        server.close();
        assertThat(threads.group().isShuttingDown()).isFalse();
        // its connections closed with it, although their threads live on
        assertThatThrownBy(() -> second.connection(closedAddress)
                        .call(ECHO, META, Args.blob(Bytes.utf8("a")), 1000)
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .hasCauseInstanceOf(RpcException.class);
        RpcServer again = server(threads, received);
        assertThat(echo(second, again)).isEqualTo("a"); // the client still runs on them
        second.close();
        again.close();
        threads.close();
        assertThat(threads.group().isTerminated()).isTrue();
    }

    private static String echo(RpcClient client, RpcServer server) throws Exception {
        read_response r = client.connection(server.localAddress())
                .call(ECHO, META, Args.blob(Bytes.utf8("a")), 1000)
                .get(5, TimeUnit.SECONDS)
                .readResult(new read_response());
        return new String(r.getValue().data(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
