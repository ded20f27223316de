package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.server.thrift.balance_request;
import io.pegasus.server.thrift.balance_response;
import io.pegasus.server.thrift.beacon_request;
import io.pegasus.server.thrift.beacon_response;
import io.pegasus.server.thrift.config_sync_request;
import io.pegasus.server.thrift.config_sync_response;
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
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.server.thrift.update_configuration_response;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_request;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.thrift.TBase;

/**
 * The RPC glue of the MetaServer: decodes each request on the network thread, hands it to the {@link MetaService},
 * and turns "not serving" into each RPC's own answer (ERR_FORWARD_TO_OTHERS with the leader's address where the
 * response has room for it, spec 3.1 and 7.2). Meta RPCs always answer RPC-level ERR_OK; the outcome is in {@code err}.
 */
final class MetaRpcHandlers {
    private MetaRpcHandlers() {}

    static void register(
            RpcServer server,
            MetaService service,
            Supplier<rpc_address> leader,
            Supplier<server_info_response> serverInfo) {
        registerAdmin(server, service);
        // every MetaServer answers about itself, leader or not, on the network thread
        server.register(meta_internalConstants.RPC_CM_SERVER_INFO, call -> {
            call.readArgs(new server_info_request());
            call.reply(serverInfo.get());
        });
        server.register(RpcNames.QUERY_CONFIG, call -> {
            query_cfg_request req = call.readArgs(new query_cfg_request());
            service.submit(
                    reply(
                            call,
                            err -> err == ErrorCode.ERR_FORWARD_TO_OTHERS
                                    ? MetaViews.forward(leader.get())
                                    : MetaViews.emptyQuery(err)),
                    r -> service.queryConfig(req, r));
        });
        server.register(RpcNames.LIST_APPS, call -> {
            configuration_list_apps_request req = call.readArgs(new configuration_list_apps_request());
            service.submit(
                    reply(call, err -> {
                        configuration_list_apps_response r = new configuration_list_apps_response();
                        r.setErr(new error_code(err));
                        r.setInfos(new ArrayList<>());
                        return r;
                    }),
                    r -> service.listApps(req, r));
        });
        server.register(RpcNames.CREATE_APP, call -> {
            configuration_create_app_request req = call.readArgs(new configuration_create_app_request());
            service.submit(
                    reply(call, err -> new configuration_create_app_response(new error_code(err), 0)),
                    r -> service.createApp(req, r));
        });
        server.register(RpcNames.DROP_APP, call -> {
            configuration_drop_app_request req = call.readArgs(new configuration_drop_app_request());
            service.submit(
                    reply(call, err -> new configuration_drop_app_response(new error_code(err))),
                    r -> service.dropApp(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_RECALL_APP, call -> {
            recall_app_request req = call.readArgs(new recall_app_request());
            service.submit(
                    reply(call, err -> {
                        recall_app_response r = new recall_app_response();
                        r.setErr(new error_code(err));
                        return r;
                    }),
                    r -> service.recallApp(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_CONTROL_META, call -> {
            control_meta_request req = call.readArgs(new control_meta_request());
            service.submit(
                    reply(call, err -> {
                        control_meta_response r = new control_meta_response();
                        r.setErr(new error_code(err));
                        return r;
                    }),
                    r -> service.controlMeta(req, r));
        });
        server.register(meta_internalConstants.RPC_FD_BEACON, call -> {
            beacon_request req = call.readArgs(new beacon_request());
            service.submit(
                    reply(call, err -> new beacon_response(new error_code(err), req.getSend_time_ms(), leader.get())),
                    r -> service.beacon(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_CONFIG_SYNC, call -> {
            config_sync_request req = call.readArgs(new config_sync_request());
            service.submit(
                    reply(call, err -> {
                        config_sync_response r = MetaViews.emptySync(err);
                        r.setLeader(leader.get());
                        return r;
                    }),
                    r -> service.configSync(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_UPDATE_PARTITION_CONFIGURATION, call -> {
            update_configuration_request req = call.readArgs(new update_configuration_request());
            service.submit(
                    reply(call, err -> {
                        update_configuration_response r = new update_configuration_response();
                        r.setErr(new error_code(err));
                        r.setConfig(MetaViews.emptyConfig(req.getPid()));
                        r.setLeader(leader.get());
                        return r;
                    }),
                    r -> service.updateConfiguration(req, r));
        });
    }

    /** Our admin RPCs of issue 7: nodes, drain, balance, table envs (leader only, like the table RPCs). */
    private static void registerAdmin(RpcServer server, MetaService service) {
        server.register(meta_internalConstants.RPC_CM_LIST_NODES, call -> {
            list_nodes_request req = call.readArgs(new list_nodes_request());
            service.submit(
                    reply(call, err -> {
                        list_nodes_response r = new list_nodes_response();
                        r.setErr(new error_code(err));
                        r.setNodes(new ArrayList<>());
                        return r;
                    }),
                    r -> service.listNodes(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_SET_NODE_DRAIN, call -> {
            set_node_drain_request req = call.readArgs(new set_node_drain_request());
            service.submit(
                    reply(call, err -> {
                        set_node_drain_response r = new set_node_drain_response();
                        r.setErr(new error_code(err));
                        return r;
                    }),
                    r -> service.setNodeDrain(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_BALANCE, call -> {
            balance_request req = call.readArgs(new balance_request());
            service.submit(
                    reply(call, err -> {
                        balance_response r = new balance_response();
                        r.setErr(new error_code(err));
                        r.setProposed(new ArrayList<>());
                        r.setIn_flight(new ArrayList<>());
                        return r;
                    }),
                    r -> service.balance(req, r));
        });
        server.register(meta_internalConstants.RPC_CM_UPDATE_APP_ENV, call -> {
            update_app_env_request req = call.readArgs(new update_app_env_request());
            service.submit(
                    reply(call, err -> {
                        update_app_env_response r = new update_app_env_response();
                        r.setErr(new error_code(err));
                        return r;
                    }),
                    r -> service.updateAppEnv(req, r));
        });
    }

    private static <R extends TBase<?, ?>> Reply<R> reply(RpcCall call, Function<ErrorCode, R> notServing) {
        return new Reply<>() {
            @Override
            public void send(R response) {
                call.reply(response);
            }

            @Override
            public void notServing(ErrorCode error) {
                call.reply(notServing.apply(error));
            }
        };
    }
}
