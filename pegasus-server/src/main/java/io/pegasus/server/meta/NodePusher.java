package io.pegasus.server.meta;

import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.thrift.add_learner_request;
import io.pegasus.server.thrift.config_update_request;
import io.pegasus.server.thrift.meta_internalConstants;
import io.pegasus.server.thrift.remove_replica_request;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.concurrent.CompletableFuture;
import org.apache.thrift.TBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link MetaAction}s to ReplicaServers, best effort: the answer is only logged, and a node that misses a push
 * learns the same thing from its next configuration sync. The returned future completes (never exceptionally) once
 * the node answered or the push failed, for the few operations that wait for their pushes (drop).
 */
final class NodePusher {
    private static final Logger LOG = LoggerFactory.getLogger(NodePusher.class);

    private final RpcClient client;
    private final int timeoutMs;

    NodePusher(RpcClient client, int timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    CompletableFuture<Void> send(MetaAction action) {
        String name;
        TBase<?, ?> arg;
        if (action instanceof MetaAction.PushConfig p) {
            name = meta_internalConstants.RPC_CONFIG_UPDATE;
            arg = new config_update_request(p.table().toAppInfo(), p.config().toThrift());
        } else if (action instanceof MetaAction.AddLearner a) {
            name = meta_internalConstants.RPC_ADD_LEARNER;
            arg = new add_learner_request(
                    a.table().toAppInfo(),
                    a.config().toThrift(),
                    rpc_address.fromValue(a.learner().value()));
        } else if (action instanceof MetaAction.RemoveReplica r) {
            name = meta_internalConstants.RPC_REMOVE_REPLICA;
            arg = new remove_replica_request(new gpid(r.pid()), r.deleteData());
        } else {
            throw new IllegalArgumentException("unknown action " + action);
        }
        rpc_address node = action.node();
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.connection(node.toSocketAddress())
                .call(name, RequestMeta.forMeta(timeoutMs), Args.struct(arg), timeoutMs)
                .whenComplete((resp, err) -> {
                    if (err != null) {
                        LOG.debug("{} to {} not delivered: {}", name, node, err.toString());
                    } else if (!resp.ok()) {
                        LOG.debug("{} to {} answered {}", name, node, resp.errorName());
                    }
                    done.complete(null);
                });
        return done;
    }
}
