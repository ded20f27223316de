package io.pegasus.rpc;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;

/**
 * Netty network threads: those an {@link io.pegasus.rpc.server.RpcServer} or {@link io.pegasus.rpc.client.RpcClient}
 * makes for itself, or one set that a server and a client share. A node that both serves and talks to its peers (a
 * ReplicaServer) shares them: a message it sends while handling one it received is then written on the thread
 * already running, where a client with threads of its own would need every send handed over and another thread
 * woken. Whoever creates it closes it, after the servers and clients that use it.
 */
public final class NetworkThreads implements AutoCloseable {
    private final EventLoopGroup group;

    /** {@code threads} network threads; 0 = Netty's default (twice the cores). */
    public NetworkThreads(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** The threads, for {@link io.pegasus.rpc.client.RpcClient} and {@link io.pegasus.rpc.server.RpcServer}. */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * Runs {@code task} on the calling thread once it has finished its current round: the messages its wake-up read,
     * the tasks queued meanwhile, and so the flushes of what they wrote (a connection's flush outside its own read is
     * such a task). For work that should not delay what the round sends. Returns false, running nothing, when the
     * calling thread is not one of these threads.
     */
    public boolean runAfterThisRound(Runnable task) {
        for (var executor : group) {
            if (executor.inEventLoop()) {
                if (executor instanceof SingleThreadEventLoop loop) {
                    loop.executeAfterEventLoopIteration(task);
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    /**
     * Queues {@code task} on the calling thread's task queue, so that it runs in this round after the messages the
     * wake-up read, and before the flushes that work queued after it. Returns false, running nothing, when the calling
     * thread is not one of these threads.
     */
    public boolean runLaterThisRound(Runnable task) {
        for (var executor : group) {
            if (executor.inEventLoop()) {
                executor.execute(task);
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
