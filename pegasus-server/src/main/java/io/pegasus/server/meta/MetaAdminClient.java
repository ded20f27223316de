package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.base.TableHealth;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.thrift.app_env_operation;
import io.pegasus.server.thrift.balance_request;
import io.pegasus.server.thrift.balance_response;
import io.pegasus.server.thrift.control_meta_request;
import io.pegasus.server.thrift.control_meta_response;
import io.pegasus.server.thrift.list_nodes_request;
import io.pegasus.server.thrift.list_nodes_response;
import io.pegasus.server.thrift.meta_internalConstants;
import io.pegasus.server.thrift.recall_app_request;
import io.pegasus.server.thrift.recall_app_response;
import io.pegasus.server.thrift.server_info_request;
import io.pegasus.server.thrift.server_info_response;
import io.pegasus.server.thrift.set_node_drain_request;
import io.pegasus.server.thrift.set_node_drain_response;
import io.pegasus.server.thrift.update_app_env_request;
import io.pegasus.server.thrift.update_app_env_response;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_request;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.create_app_options;
import io.pegasus.thrift.drop_app_options;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;

/**
 * A small admin client of the MetaServers: the meta RPCs of spec section 3 plus recall and meta level, following the
 * leader the way the official client does (spec 7.2: ERR_FORWARD_TO_OTHERS moves to the named leader or the next
 * address, ERR_SERVICE_NOT_ACTIVE waits and retries, a lost connection or a timeout moves to the next address) until
 * a deadline. Used by tests and by onebox to create its table; thread-safe.
 */
public final class MetaAdminClient implements AutoCloseable {
    private final List<rpc_address> metas;
    private final RpcClient client;
    private final int rpcTimeoutMs;
    private final long deadlineMs;
    private volatile int current;

    /**
     * @param rpcTimeoutMs timeout of one attempt
     * @param deadline how long one operation keeps trying before giving up with its last error
     */
    public MetaAdminClient(List<rpc_address> metas, int rpcTimeoutMs, Duration deadline) {
        if (metas.isEmpty()) {
            throw new IllegalArgumentException("no MetaServer address");
        }
        this.metas = new CopyOnWriteArrayList<>(metas);
        this.client = new RpcClient(RpcClientOptions.defaults().withIoThreads(1).withConnectTimeoutMs(rpcTimeoutMs));
        this.rpcTimeoutMs = rpcTimeoutMs;
        this.deadlineMs = deadline.toMillis();
    }

    public query_cfg_response queryConfig(String table) throws RpcException {
        query_cfg_request req = new query_cfg_request(table, new ArrayList<>());
        return call(RpcNames.QUERY_CONFIG, req, query_cfg_response::new, query_cfg_response::getErr, r -> {
            List<partition_configuration> ps = r.getPartitions();
            return ps == null || ps.isEmpty() ? null : ps.get(0).getPrimary();
        });
    }

    /** Tables with that status ({@code 0}: every table, dropped ones still retained included). */
    public configuration_list_apps_response listApps(int status) throws RpcException {
        configuration_list_apps_request req = new configuration_list_apps_request();
        req.setStatus(status);
        return call(
                RpcNames.LIST_APPS,
                req,
                configuration_list_apps_response::new,
                configuration_list_apps_response::getErr,
                r -> null);
    }

    /** Creates a table as the Java admin client does (app type "pegasus", stateful, success_if_exist). */
    public configuration_create_app_response createApp(
            String name, int partitions, int replicas, Map<String, String> envs) throws RpcException {
        create_app_options o = new create_app_options();
        o.setPartition_count(partitions);
        o.setReplica_count(replicas);
        o.setSuccess_if_exist(true);
        o.setApp_type(Table.APP_TYPE);
        o.setIs_stateful(true);
        o.setEnvs(envs == null ? null : new HashMap<>(envs));
        return createApp(new configuration_create_app_request(name, o));
    }

    public configuration_create_app_response createApp(configuration_create_app_request req) throws RpcException {
        return call(
                RpcNames.CREATE_APP,
                req,
                configuration_create_app_response::new,
                configuration_create_app_response::getErr,
                r -> null);
    }

    /** Drops a table, retained for {@code reserveSeconds} (<= 0: the server's default); succeeds if it is missing. */
    public configuration_drop_app_response dropApp(String name, long reserveSeconds, boolean successIfNotExist)
            throws RpcException {
        drop_app_options o = new drop_app_options();
        o.setSuccess_if_not_exist(successIfNotExist);
        o.setReserve_seconds(reserveSeconds);
        return call(
                RpcNames.DROP_APP,
                new configuration_drop_app_request(name, o),
                configuration_drop_app_response::new,
                configuration_drop_app_response::getErr,
                r -> null);
    }

    public recall_app_response recallApp(int appId, String newName) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_RECALL_APP,
                new recall_app_request(appId, newName == null ? "" : newName),
                recall_app_response::new,
                recall_app_response::getErr,
                r -> null);
    }

    /** Sets the meta level ({@code meta_level}); ML_INVALID only reads it. */
    public control_meta_response controlMeta(int level) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_CONTROL_META,
                new control_meta_request(level),
                control_meta_response::new,
                control_meta_response::getErr,
                r -> null);
    }

    /** The ReplicaServers the leader knows, with their replica counts; dead ones too if {@code includeDead}. */
    public list_nodes_response listNodes(boolean includeDead) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_LIST_NODES,
                new list_nodes_request(includeDead),
                list_nodes_response::new,
                list_nodes_response::getErr,
                r -> null);
    }

    /** Takes a ReplicaServer out of service ({@code draining}) or back in. */
    public set_node_drain_response setNodeDrain(rpc_address node, boolean draining) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_SET_NODE_DRAIN,
                new set_node_drain_request(node, draining),
                set_node_drain_response::new,
                set_node_drain_response::getErr,
                r -> null);
    }

    /** The balancer's next move, started unless {@code dryRun}. */
    public balance_response balance(boolean dryRun) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_BALANCE,
                new balance_request(dryRun),
                balance_response::new,
                balance_response::getErr,
                r -> null);
    }

    /** Sets ({@code AEO_SET}), deletes ({@code AEO_DEL}) or clears ({@code AEO_CLEAR}) a table's envs. */
    public update_app_env_response updateAppEnv(
            String table, app_env_operation op, List<String> keys, List<String> values) throws RpcException {
        return call(
                meta_internalConstants.RPC_CM_UPDATE_APP_ENV,
                new update_app_env_request(table, op.getValue(), new ArrayList<>(keys), new ArrayList<>(values)),
                update_app_env_response::new,
                update_app_env_response::getErr,
                r -> null);
    }

    /** The MetaServers this client knows (the given ones, plus leaders it was forwarded to). */
    public List<rpc_address> metaServers() {
        return List.copyOf(metas);
    }

    /** Asks one MetaServer about itself (no forwarding, one attempt). */
    public server_info_response serverInfo(rpc_address meta) throws RpcException {
        try {
            RpcResponse resp = client.connection(meta.toSocketAddress())
                    .call(
                            meta_internalConstants.RPC_CM_SERVER_INFO,
                            RequestMeta.forMeta(rpcTimeoutMs),
                            Args.struct(new server_info_request()),
                            rpcTimeoutMs)
                    .get(rpcTimeoutMs + 1000L, TimeUnit.MILLISECONDS);
            if (!resp.ok()) {
                throw new RpcException(resp.error(), "server info of " + meta + " failed");
            }
            return resp.readResult(new server_info_response());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RpcException re
                    ? re
                    : new RpcException(ErrorCode.ERR_NETWORK_FAILURE, meta + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new RpcException(ErrorCode.ERR_TIMEOUT, "server info of " + meta + " timed out");
        } catch (TException e) {
            throw new RpcException(ErrorCode.ERR_INVALID_DATA, "bad server info reply from " + meta + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorCode.ERR_TIMEOUT, "interrupted");
        }
    }

    /**
     * Polls query-config until every partition has a primary and exactly {@code replica_count - 1} secondaries
     * ({@link #isHealthy}). That is stricter than the official admin client's wait after a create (spec 3.3, {@link
     * io.pegasus.base.TableHealth}: at least that many): the callers, the chaos harness and cluster tests, wait for a
     * cluster to be back at its replica count, and a partition with a replica to spare has not settled yet.
     */
    public query_cfg_response waitHealthy(String table, Duration timeout) throws RpcException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            query_cfg_response r = queryConfig(table);
            if (error(r.getErr()) == ErrorCode.ERR_OK && isHealthy(r)) {
                return r;
            }
            if (System.nanoTime() > end) {
                throw new RpcException(
                        ErrorCode.ERR_TIMEOUT,
                        "table " + table + " not healthy within " + timeout.toMillis() + " ms: " + unhealthyReason(r));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Polls list-nodes until the leader counts at least {@code count} ReplicaServers alive. A server that listens may
     * not have sent its first beacon yet, and the leader refuses a table with more replicas than live servers, so a
     * cluster that has just started waits here before its first create.
     */
    public void waitAliveNodes(int count, Duration timeout) throws RpcException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String seen;
            try {
                list_nodes_response r = listNodes(false);
                long alive = r.getNodes() == null
                        ? 0
                        : r.getNodes().stream().filter(n -> n.isAlive()).count();
                if (error(r.getErr()) == ErrorCode.ERR_OK && alive >= count) {
                    return;
                }
                seen = alive + " alive, " + error(r.getErr());
            } catch (RpcException e) {
                seen = e.getMessage();
            }
            if (System.nanoTime() > end) {
                throw new RpcException(
                        ErrorCode.ERR_TIMEOUT,
                        count + " ReplicaServers not alive at the MetaServer within " + timeout + " (last: " + seen
                                + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Why {@code r} is not healthy, for the timeout message. */
    private static String unhealthyReason(query_cfg_response r) {
        if (error(r.getErr()) != ErrorCode.ERR_OK) {
            return "query-config answers " + error(r.getErr());
        }
        if (r.getPartitions() == null || r.getPartitions().isEmpty()) {
            return "query-config lists no partitions";
        }
        // the replica count the table was created with, as its partitions carry it
        return TableHealth.describe(r, r.getPartitions().get(0).getMax_replica_count());
    }

    /**
     * Every partition has a primary and exactly {@code max_replica_count - 1} secondaries: settled, neither short of
     * replicas nor holding one to spare (the client's {@link io.pegasus.base.TableHealth} asks for at least as many).
     */
    public static boolean isHealthy(query_cfg_response r) {
        if (r.getPartitions() == null || r.getPartitions().size() != r.getPartition_count()) {
            return false;
        }
        for (partition_configuration p : r.getPartitions()) {
            if (p.getPrimary() == null
                    || p.getPrimary().isInvalid()
                    || p.getSecondaries().size() != p.getMax_replica_count() - 1) {
                return false;
            }
        }
        return true;
    }

    private static ErrorCode error(error_code e) {
        return error_code.codeOf(e);
    }

    private <R extends TBase<?, ?>> R call(
            String name,
            TBase<?, ?> arg,
            Supplier<R> result,
            Function<R, error_code> err,
            Function<R, rpc_address> leaderOf)
            throws RpcException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        RpcException last = null;
        R lastResult = null;
        while (System.nanoTime() < end) {
            int index = current;
            rpc_address meta = metas.get(index);
            try {
                RpcResponse resp = client.connection(meta.toSocketAddress())
                        .call(name, RequestMeta.forMeta(rpcTimeoutMs), Args.struct(arg), rpcTimeoutMs)
                        .get(rpcTimeoutMs + 1000L, TimeUnit.MILLISECONDS);
                if (!resp.ok()) {
                    throw new RpcException(resp.error(), name + " to " + meta + " failed");
                }
                R r = resp.readResult(result.get());
                ErrorCode e = error(err.apply(r));
                if (e == ErrorCode.ERR_FORWARD_TO_OTHERS) {
                    lastResult = r;
                    moveTo(index, leaderOf.apply(r));
                    pause(50);
                } else if (e == ErrorCode.ERR_SERVICE_NOT_ACTIVE) {
                    lastResult = r;
                    pause(200);
                } else {
                    return r;
                }
            } catch (ExecutionException e) {
                last = e.getCause() instanceof RpcException re
                        ? re
                        : new RpcException(ErrorCode.ERR_UNKNOWN, e.getCause().toString());
                moveTo(index, null);
                pause(100);
            } catch (TimeoutException e) {
                last = new RpcException(ErrorCode.ERR_TIMEOUT, name + " to " + meta + " timed out");
                moveTo(index, null);
            } catch (TException e) {
                throw new RpcException(ErrorCode.ERR_INVALID_DATA, "bad " + name + " reply: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcException(ErrorCode.ERR_TIMEOUT, "interrupted");
            }
        }
        if (lastResult != null) {
            return lastResult;
        }
        throw last != null ? last : new RpcException(ErrorCode.ERR_TIMEOUT, name + ": no MetaServer answered");
    }

    /** Moves to the leader named by a forward, or to the next address. */
    private synchronized void moveTo(int from, rpc_address leader) {
        if (current != from) {
            return; // another thread already moved
        }
        if (leader != null && !leader.isInvalid()) {
            int i = metas.indexOf(leader);
            if (i < 0) {
                metas.add(leader);
                i = metas.size() - 1;
            }
            current = i;
        } else {
            current = (from + 1) % metas.size();
        }
    }

    private static void pause(long ms) throws RpcException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorCode.ERR_TIMEOUT, "interrupted");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
