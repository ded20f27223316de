package io.pegasus.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.pegasus.rpc.NetworkThreads;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Owns the network threads and one {@link RpcConnection} per server address (spec 1.2: one TCP connection per
 * address, MetaServer and ReplicaServer alike). Thread-safe.
 */
public final class RpcClient implements AutoCloseable {
    private final RpcClientOptions options;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Bootstrap template;
    private final Map<InetSocketAddress, RpcConnection> connections = new ConcurrentHashMap<>();

    public RpcClient(RpcClientOptions options) {
        this(options, new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory()), true);
    }

    /**
     * A client whose connections run on {@code threads}, shared with a server ({@link NetworkThreads}; {@link
     * RpcClientOptions#ioThreads()} is ignored). Closing the client leaves the threads running.
     */
    public RpcClient(RpcClientOptions options, NetworkThreads threads) {
        this(options, threads.group(), false);
    }

    private RpcClient(RpcClientOptions options, EventLoopGroup group, boolean ownsGroup) {
        this.options = options;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.template = RpcConnection.configure(new Bootstrap().group(group).channel(NioSocketChannel.class), options);
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
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
