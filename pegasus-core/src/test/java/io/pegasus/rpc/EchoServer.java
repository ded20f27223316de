package io.pegasus.rpc;

import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test server on a real loopback socket. {@code ECHO} answers a GET-shaped call with the key as the value;
 * {@code DELAYED_ECHO} does the same after the number of milliseconds in the key's first byte (so replies come out
 * of order); {@code NEVER} never answers; {@code RPC_RRDB_RRDB_CLEAR_SCANNER} is one-way.
 */
public final class EchoServer implements AutoCloseable {
    public static final String ECHO = "TEST_ECHO";
    public static final String DELAYED_ECHO = "TEST_DELAYED_ECHO";
    public static final String NEVER = "TEST_NEVER";

    private final RpcServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    public EchoServer(RpcServerOptions options) throws InterruptedException {
        server = new RpcServer(options)
                .register(ECHO, call -> call.reply(echo(call.readBlobArg())))
                .register(DELAYED_ECHO, call -> {
                    byte[] key = call.readBlobArg();
                    timer.schedule(() -> call.reply(echo(key)), key.length == 0 ? 0 : key[0], TimeUnit.MILLISECONDS);
                })
                .register(NEVER, call -> {})
                .register(RpcNames.CLEAR_SCANNER, call -> {
                    call.readI64Arg();
                    call.noReply();
                })
                .start();
    }

    public EchoServer() throws InterruptedException {
        this(RpcServerOptions.defaults("127.0.0.1", 0).withIoThreads(1));
    }

    private static read_response echo(byte[] key) {
        return new read_response(0, new blob(key), 1, 0, "echo");
    }

    public java.net.InetSocketAddress address() {
        return server.localAddress();
    }

    @Override
    public void close() {
        server.close();
        timer.shutdownNow();
    }
}
