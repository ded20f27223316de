package io.pegasus.rpc.client;

/**
 * Settings of an {@link RpcClient}.
 *
 * @param ioThreads Netty threads shared by every connection of the client
 * @param connectTimeoutMs TCP connect timeout
 * @param maxInFlightPerConnection calls one connection may have outstanding; beyond it a call fails at once with
 *     ERR_CAPACITY_EXCEEDED (which callers may retry until their deadline)
 * @param maxResponseLength response frames longer than this close the connection
 */
public record RpcClientOptions(
        int ioThreads, int connectTimeoutMs, int maxInFlightPerConnection, int maxResponseLength) {
    public static RpcClientOptions defaults() {
        return new RpcClientOptions(Math.max(1, Runtime.getRuntime().availableProcessors()), 3000, 10_000, 256 << 20);
    }

    public RpcClientOptions withIoThreads(int threads) {
        return new RpcClientOptions(threads, connectTimeoutMs, maxInFlightPerConnection, maxResponseLength);
    }

    public RpcClientOptions withConnectTimeoutMs(int ms) {
        return new RpcClientOptions(ioThreads, ms, maxInFlightPerConnection, maxResponseLength);
    }

    public RpcClientOptions withMaxInFlightPerConnection(int calls) {
        return new RpcClientOptions(ioThreads, connectTimeoutMs, calls, maxResponseLength);
    }
}
