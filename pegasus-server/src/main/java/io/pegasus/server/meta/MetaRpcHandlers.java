package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.server.thrift.beacon_request;
import io.pegasus.server.thrift.beacon_response;
import io.pegasus.server.thrift.config_sync_request;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.control_meta_request;
import io.pegasus.server.thrift.control_meta_response;
import io.pegasus.server.thrift.meta_internalConstants;
import io.pegasus.server.thrift.recall_app_request;
import io.pegasus.server.thrift.recall_app_response;
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

    static void register(RpcServer server, MetaService service, Supplier<rpc_address> leader) {
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
