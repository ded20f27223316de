package io.pegasus.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
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
    private final Bootstrap template;
    private final Map<InetSocketAddress, RpcConnection> connections = new ConcurrentHashMap<>();

    public RpcClient(RpcClientOptions options) {
        this.options = options;
        this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory());
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
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
