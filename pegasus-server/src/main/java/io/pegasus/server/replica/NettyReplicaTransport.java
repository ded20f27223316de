package io.pegasus.server.replica;

import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.wire.fetch_file_request;
import io.pegasus.server.wire.fetch_file_response;
import io.pegasus.thrift.gpid;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TException;

/** Replica messages over the ordinary RPC client: one connection per peer node, one-way calls, gpid in the meta. */
final class NettyReplicaTransport implements ReplicaTransport {
    private static final int FETCH_TIMEOUT_MS = 60_000;

    private final RpcClient client;
    private final Map<NodeId, InetSocketAddress> addresses = new ConcurrentHashMap<>();

    NettyReplicaTransport(RpcClient client) {
        this.client = client;
    }

    static InetSocketAddress address(NodeId node) {
        String a = node.address();
        int colon = a.lastIndexOf(':');
        return new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
    }

    private InetSocketAddress resolve(NodeId node) {
        return addresses.computeIfAbsent(node, NettyReplicaTransport::address);
    }

    @Override
    public void send(NodeId to, gpid pid, WireCodec.Outgoing message) {
        client.connection(resolve(to))
                .sendOneWay(
                        message.rpcName(),
                        RequestMeta.forPartition(pid.appId(), pid.partitionIndex(), 1000, 0),
                        Args.struct(message.body()));
    }

    @Override
    public CompletableFuture<fetch_file_response> fetchFile(NodeId from, gpid pid, fetch_file_request request) {
        return client.connection(resolve(from))
                .call(
                        ReplicationRpcs.FETCH_FILE,
                        RequestMeta.forPartition(pid.appId(), pid.partitionIndex(), FETCH_TIMEOUT_MS, 0),
                        Args.struct(request),
                        FETCH_TIMEOUT_MS)
                .thenApply(r -> {
                    if (!r.ok()) {
                        throw new java.util.concurrent.CompletionException(
                                new RpcException(r.error(), "fetching " + request.getName() + " from " + from));
                    }
                    try {
                        return r.readResult(new fetch_file_response());
                    } catch (TException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
    }
}
