package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.rpc.server.RpcHandler;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted ReplicaServer <em>protocol</em> double on a real loopback socket: each RPC name is answered by a handler
 * the test installs (a canned answer, an RPC-level error, silence), and every request is recorded with its
 * request_meta so tests can check what the client sent. It stores nothing.
 */
final class FakeReplica implements AutoCloseable {
    static final List<String> RPCS = List.of(
            RpcNames.PUT,
            RpcNames.MULTI_PUT,
            RpcNames.REMOVE,
            RpcNames.MULTI_REMOVE,
            RpcNames.INCR,
            RpcNames.CHECK_AND_SET,
            RpcNames.CHECK_AND_MUTATE,
            RpcNames.GET,
            RpcNames.MULTI_GET,
            RpcNames.BATCH_GET,
            RpcNames.SORTKEY_COUNT,
            RpcNames.TTL,
            RpcNames.GET_SCANNER,
            RpcNames.SCAN,
            RpcNames.CLEAR_SCANNER);

    /** A request as received. */
    record Received(String name, RequestMeta meta, RpcCall call) {}

    private final RpcServer server;
    private final Map<String, RpcHandler> handlers = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeReplica() throws InterruptedException {
        this(0);
    }

    /** On {@code port} (0 = any free one); a fixed port lets a test restart a replica where the client expects it. */
    FakeReplica(int port) throws InterruptedException {
        RpcServer s = new RpcServer(RpcServerOptions.defaults("127.0.0.1", port).withIoThreads(1));
        for (String rpc : RPCS) {
            s.register(rpc, call -> {
                received.add(new Received(call.name(), call.meta(), call));
                RpcHandler h = handlers.get(call.name());
                if (h == null) {
                    if (RpcNames.CLEAR_SCANNER.equals(call.name())) {
                        call.noReply();
                    } else {
                        call.fail(ErrorCode.ERR_HANDLER_NOT_FOUND);
                    }
                } else {
                    h.handle(call);
                }
            });
        }
        server = s.start();
    }

    FakeReplica on(String rpc, RpcHandler handler) {
        handlers.put(rpc, handler);
        return this;
    }

    /** Answers {@code rpc} with an RPC-level error. */
    FakeReplica failing(String rpc, ErrorCode error) {
        return on(rpc, call -> call.fail(error));
    }

    /** Never answers {@code rpc}. */
    FakeReplica silent(String rpc) {
        return on(rpc, call -> {});
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    long count(String rpc) {
        return received.stream().filter(r -> r.name().equals(rpc)).count();
    }

    List<Received> calls(String rpc) {
        return received.stream().filter(r -> r.name().equals(rpc)).toList();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the server, dropping its connections; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
        }
    }
}
