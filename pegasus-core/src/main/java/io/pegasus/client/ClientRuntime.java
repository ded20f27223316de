package io.pegasus.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.client.RpcConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What every table of one client shares: the connections (one per server, spec 1.2, plus the caller-thread sockets
 * of {@link ClientOptions#callerThreadIo()}), the timer, the callback threads, the in-flight bound, the synchronous
 * callers' count, the MetaServer session, and the injected clocks.
 */
final class ClientRuntime implements AutoCloseable {
    final ClientOptions options;
    final RpcClient rpc;
    final DeadlineScheduler scheduler;
    final Executor callbacks;
    final InFlightLimiter limiter;
    final WaitingCaller waiting;
    final MetaSession meta;
    private final ExecutorService ownCallbacks;
    private volatile boolean closed;

    ClientRuntime(ClientOptions options) {
        this.options = options;
        this.rpc = new RpcClient(RpcClientOptions.defaults()
                .withIoThreads(options.ioThreads())
                // spec 1.2: connect timeout = max(operation timeout, 1000 ms)
                .withConnectTimeoutMs(Math.max(options.operationTimeoutMs(), 1000)));
        this.scheduler = new DeadlineScheduler("pegasus-client-timer");
        this.waiting = new WaitingCaller(options.callerThreadIo());
        if (options.callbackExecutor() != null) {
            this.ownCallbacks = null;
            this.callbacks = options.callbackExecutor();
        } else {
            this.ownCallbacks = Executors.newFixedThreadPool(
                    options.callbackThreads(), new DefaultThreadFactory("pegasus-client-callback", true));
            this.callbacks = ownCallbacks;
        }
        // a waiter resumes on the timer thread: never blocked by user code (callback threads may be, if a callback
        // makes a synchronous call) and never a network thread (which must not recurse into sends)
        this.limiter = new InFlightLimiter(options.maxInFlightRequests(), task -> scheduler.schedule(task, 0));
        List<InetSocketAddress> metas = new ArrayList<>();
        for (String hostPort : options.metaServers()) {
            int colon = hostPort.lastIndexOf(':');
            metas.add(new InetSocketAddress(
                    hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        this.meta = new MetaSession(
                rpc,
                new MetaLeaderPolicy(metas),
                scheduler,
                options.metaQueryTimeoutMs(),
                options.metaAttempts(),
                options.serviceNotActiveDelayMs());
    }

    long nanoTime() {
        return options.nanoTime().getAsLong();
    }

    long nowMillis() {
        return options.clock().millis();
    }

    RpcConnection connection(InetSocketAddress address) {
        return rpc.connection(address);
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        rpc.close();
        scheduler.close();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown();
            try {
                ownCallbacks.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
