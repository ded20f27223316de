package io.pegasus.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.pegasus.rpc.NetworkThreads;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns one {@link RpcConnection} per server address (spec 1.2: one TCP connection per address, MetaServer and
 * ReplicaServer alike), on network threads of its own or shared with a server. Thread-safe.
 */
public final class RpcClient implements AutoCloseable {
    private final RpcClientOptions options;
    /** The threads this client made for itself and closes with it; null when it runs on shared ones. */
    private final NetworkThreads ownThreads;

    private final Bootstrap template;
    private final Map<InetSocketAddress, RpcConnection> connections = new ConcurrentHashMap<>();

    public RpcClient(RpcClientOptions options) {
        this(options, new NetworkThreads(options.ioThreads()), true);
    }

    /**
     * A client whose connections run on {@code threads}, shared with a server ({@link NetworkThreads}; {@link
     * RpcClientOptions#ioThreads()} is ignored). Closing the client leaves the threads running.
     */
    public RpcClient(RpcClientOptions options, NetworkThreads threads) {
        this(options, threads, false);
    }

    private RpcClient(RpcClientOptions options, NetworkThreads threads, boolean owned) {
        this.options = options;
        this.ownThreads = owned ? threads : null;
        this.template = RpcConnection.configure(
                new Bootstrap().group(threads.group()).channel(NioSocketChannel.class), options);
    }

    public RpcClient() {
        this(RpcClientOptions.defaults());
    }

    /** The connection to {@code address}, created (not yet connected) on first use. */
    public RpcConnection connection(InetSocketAddress address) {
        return connections.computeIfAbsent(address, a -> new RpcConnection(a, template, options));
    }

    @Override
    public void close() {
        connections.values().forEach(RpcConnection::close);
        connections.clear();
        if (ownThreads != null) {
            ownThreads.close();
        }
    }
}
