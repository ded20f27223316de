package io.pegasus.rpc.server;

/**
 * Settings of an {@link RpcServer}.
 *
 * @param host address to bind, e.g. "127.0.0.1" or "0.0.0.0"
 * @param port port to bind; 0 picks a free one
 * @param ioThreads Netty worker threads (0 = Netty's default, twice the cores)
 * @param maxBodyLength request frames announcing a longer body close the connection (the per-RPC write-size limit
 *     of spec 4.16, answered ERR_INVALID_DATA, is smaller and enforced by the replica handlers)
 * @param maxPendingPerConnection unanswered calls one connection may have; beyond it calls get ERR_BUSY
 * @param writeBufferHighWaterMark outbound bytes queued for a slow reader before the server stops reading from it
 */
public record RpcServerOptions(
        String host,
        int port,
        int ioThreads,
        int maxBodyLength,
        int maxPendingPerConnection,
        int writeBufferHighWaterMark) {

    public static RpcServerOptions defaults(String host, int port) {
        return new RpcServerOptions(host, port, 0, 64 << 20, 10_000, 4 << 20);
    }

    public RpcServerOptions withIoThreads(int threads) {
        return new RpcServerOptions(
                host, port, threads, maxBodyLength, maxPendingPerConnection, writeBufferHighWaterMark);
    }

    public RpcServerOptions withMaxBodyLength(int bytes) {
        return new RpcServerOptions(host, port, ioThreads, bytes, maxPendingPerConnection, writeBufferHighWaterMark);
    }

    public RpcServerOptions withMaxPendingPerConnection(int calls) {
        return new RpcServerOptions(host, port, ioThreads, maxBodyLength, calls, writeBufferHighWaterMark);
    }

    public RpcServerOptions withWriteBufferHighWaterMark(int bytes) {
        return new RpcServerOptions(host, port, ioThreads, maxBodyLength, maxPendingPerConnection, bytes);
    }
}
