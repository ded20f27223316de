package io.pegasus.rpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pegasus.rpc.NetworkThreads;
import io.pegasus.rpc.RpcNames;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server speaking the Pegasus framing (spec section 1) on Netty: many connections, pipelined requests, dispatch by
 * RPC name. The MetaServer and the ReplicaServer are each one of these with their handlers registered.
 *
 * <p>Memory stays bounded per connection: frames longer than {@link RpcServerOptions#maxBodyLength()} close the
 * connection before their body is buffered, at most {@link RpcServerOptions#maxPendingPerConnection()} calls are
 * in progress (more get ERR_BUSY), and a client that does not read its replies stops being read from once
 * {@link RpcServerOptions#writeBufferHighWaterMark()} bytes wait for it.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    static final AttributeKey<ConnectionContext> CONNECTION = AttributeKey.valueOf("pegasus.connection");

    private final RpcServerOptions options;
    private final Map<String, RpcHandler> handlers = new HashMap<>();
    private final RateLimitedLog protocolLog = new RateLimitedLog(LOG, 20);
    /** Network threads shared with a client, or null for threads of the server's own ({@link #ownWorkers}). */
    private final NetworkThreads sharedWorkers;
    /** The open connections, closed with the server (shared threads outlive it and would keep them open). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private NetworkThreads boss;
    private NetworkThreads ownWorkers;
    private Channel serverChannel;

    public RpcServer(RpcServerOptions options) {
        this(options, null);
    }

    /**
     * A server whose connections run on {@code threads}, shared with a client ({@link NetworkThreads}; {@link
     * RpcServerOptions#ioThreads()} is ignored; null = threads of its own). Closing the server leaves them running.
     */
    public RpcServer(RpcServerOptions options, NetworkThreads threads) {
        this.options = options;
        this.sharedWorkers = threads;
        handlers.put(RpcNames.NEGOTIATION, new NegotiationHandler());
    }

    /** Registers the handler of an RPC name; must be called before {@link #start()}. */
    public RpcServer register(String rpcName, RpcHandler handler) {
        if (serverChannel != null) {
            throw new IllegalStateException("register handlers before start()");
        }
        handlers.put(rpcName, handler);
        return this;
    }

    /** Binds and starts serving. */
    public RpcServer start() throws InterruptedException {
        boss = new NetworkThreads(1);
        if (sharedWorkers == null) {
            ownWorkers = new NetworkThreads(options.ioThreads());
        }
        NetworkThreads workers = sharedWorkers != null ? sharedWorkers : ownWorkers;
        Dispatcher dispatcher = new Dispatcher(handlers, options.maxPendingPerConnection(), protocolLog);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss.group(), workers.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(
                                options.writeBufferHighWaterMark() / 2, options.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.attr(CONNECTION).set(new ConnectionContext(ch.remoteAddress()));
                        ch.pipeline()
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("backpressure", new ReadPauser())
                                .addLast("frames", new RequestDecoder(options.maxBodyLength(), protocolLog))
                                .addLast("dispatch", dispatcher);
                    }
                });
        serverChannel = b.bind(options.host(), options.port()).sync().channel();
        LOG.info("RPC server listening on {}", serverChannel.localAddress());
        return this;
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        if (boss != null) {
            boss.close();
        }
        if (ownWorkers != null) {
            ownWorkers.close();
        }
    }

    /** Stops reading from a connection while its replies pile up unread, and resumes once they drain. */
    private static final class ReadPauser extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }
    }
}
