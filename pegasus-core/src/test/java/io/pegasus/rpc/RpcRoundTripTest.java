package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.negotiation_request;
import io.pegasus.thrift.negotiation_response;
import io.pegasus.thrift.read_response;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client and server over a real loopback socket: correlation, pipelining, timeouts, reconnects, one-way calls. */
class RpcRoundTripTest {
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

    private static final RequestMeta META = RequestMeta.forPartition(1, 0, 1000, 0);

    private static byte[] value(RpcResponse r) throws Exception {
        assertThat(r.error()).isEqualTo(ErrorCode.ERR_OK);
        return r.readResult(new read_response()).getValue().data();
    }

    @Test
    void echoRoundTrip() throws Exception {
        RpcConnection c = client.connection(server.address());
        RpcResponse r = c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("hello")), 1000)
                .get(5, TimeUnit.SECONDS);
        assertThat(value(r)).isEqualTo(Bytes.utf8("hello"));
        assertThat(r.seqId()).isZero();
        RpcResponse r2 =
                c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("x")), 1000).get(5, TimeUnit.SECONDS);
        assertThat(r2.seqId()).isEqualTo(1);
    }

    @Test
    void pipelinedCallsAnsweredOutOfOrderAreMatchedBySeqId() throws Exception {
        RpcConnection c = client.connection(server.address());
        List<CompletableFuture<RpcResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // delays 0..49 ms so replies overtake each other
            byte[] key = {(byte) (49 - i % 50), (byte) i, (byte) (i >> 8)};
            calls.add(c.call(EchoServer.DELAYED_ECHO, META, Args.blob(key), 5000));
        }
        for (int i = 0; i < calls.size(); i++) {
            byte[] v = value(calls.get(i).get(10, TimeUnit.SECONDS));
            assertThat(v).containsExactly((byte) (49 - i % 50), (byte) i, (byte) (i >> 8));
        }
    }

    @Test
    void unknownRpcIsAnsweredAndTheConnectionStaysUsable() throws Exception {
        RpcConnection c = client.connection(server.address());
        for (int i = 0; i < 2000; i++) {
            c.call("RPC_RRDB_RRDB_TEST_PUT", new RequestMeta(-1, 0, 1000, 0, false), Args.blob(new byte[1]), 5000);
        }
        RpcResponse r = c.call("RPC_RRDB_RRDB_TEST_PUT", META, Args.blob(new byte[1]), 5000)
                .get(5, TimeUnit.SECONDS);
        assertThat(r.error()).isEqualTo(ErrorCode.ERR_HANDLER_NOT_FOUND);
        assertThat(value(c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("ok")), 1000)
                        .get(5, TimeUnit.SECONDS)))
                .isEqualTo(Bytes.utf8("ok"));
    }

    @Test
    void garbageArgumentsAreAnsweredInvalidData() throws Exception {
        RpcConnection c = client.connection(server.address());
        // ECHO expects a blob; an args wrapper holding an I64 of 8 bytes reads as a blob length of 0 followed by junk,
        // a wrapper with no field at all cannot be decoded
        RpcResponse r =
                c.call(EchoServer.ECHO, META, out -> out.writeFieldStop(), 1000).get(5, TimeUnit.SECONDS);
        assertThat(r.error()).isEqualTo(ErrorCode.ERR_INVALID_DATA);
    }

    @Test
    void callTimesOutLocally() {
        RpcConnection c = client.connection(server.address());
        CompletableFuture<RpcResponse> f = c.call(EchoServer.NEVER, META, Args.blob(new byte[0]), 50);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).error()).isEqualTo(ErrorCode.ERR_TIMEOUT));
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void oneWayCallGetsNoReplyAndDoesNotLeakPendingState() throws Exception {
        RpcConnection c = client.connection(server.address());
        for (int i = 0; i < 100; i++) {
            c.sendOneWay(RpcNames.CLEAR_SCANNER, META, Args.i64(i));
        }
        assertThat(value(c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("after")), 1000)
                        .get(5, TimeUnit.SECONDS)))
                .isEqualTo(Bytes.utf8("after"));
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void negotiationAnswersAuthDisabled() throws Exception {
        RpcConnection c = client.connection(server.address());
        RpcResponse r = c.call(
                        RpcNames.NEGOTIATION,
                        RequestMeta.forMeta(1000),
                        Args.struct(new negotiation_request(1, null)),
                        1000)
                .get(5, TimeUnit.SECONDS);
        assertThat(r.readResult(new negotiation_response()).getStatus()).isEqualTo(9);
    }

    @Test
    void connectionRefusedFailsWithSessionReset() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RpcConnection c = client.connection(new InetSocketAddress("127.0.0.1", port));
        assertThatThrownBy(() -> c.call(EchoServer.ECHO, META, Args.blob(new byte[0]), 1000)
                        .get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).error()).isEqualTo(ErrorCode.ERR_SESSION_RESET));
    }

    @Test
    void serverRestartFailsPendingCallsThenReconnects() throws Exception {
        InetSocketAddress address = server.address();
        RpcConnection c = client.connection(address);
        CompletableFuture<RpcResponse> pending = c.call(EchoServer.NEVER, META, Args.blob(new byte[0]), 10_000);
        assertThat(value(c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("a")), 1000)
                        .get(5, TimeUnit.SECONDS)))
                .isEqualTo(Bytes.utf8("a"));
        server.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .cause()
                .satisfies(e -> assertThat(((RpcException) e).error()).isEqualTo(ErrorCode.ERR_SESSION_RESET));
        server = new EchoServer(io.pegasus.rpc.server.RpcServerOptions.defaults("127.0.0.1", address.getPort()));
        RpcResponse r =
                c.call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("b")), 1000).get(5, TimeUnit.SECONDS);
        assertThat(value(r)).isEqualTo(Bytes.utf8("b"));
        // sequence ids keep counting across the reconnect
        assertThat(r.seqId()).isEqualTo(2);
    }
}
