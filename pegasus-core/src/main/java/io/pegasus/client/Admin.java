package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.base.TableHealth;
import io.pegasus.rpc.RpcNames;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_request;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.create_app_options;
import io.pegasus.thrift.drop_app_options;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.query_cfg_response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Table administration through the MetaServer (spec 3.2-3.4), the way the official admin client does it. */
final class Admin {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.:]+");

    private final ClientRuntime rt;

    Admin(ClientRuntime rt) {
        this.rt = rt;
    }

    static void checkName(String name) throws PegasusInvalidArgumentException {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new PegasusInvalidArgumentException(name, "table name must match [A-Za-z0-9_.:]+: " + name);
        }
    }

    /**
     * Creates the table (success if an identical one exists) and waits until every partition is healthy or the
     * timeout passes.
     */
    CompletableFuture<Integer> createTable(
            String name, int partitionCount, int replicaCount, Map<String, String> envs, Duration timeout) {
        try {
            checkName(name);
            if (partitionCount <= 0 || replicaCount <= 0) {
                throw new PegasusInvalidArgumentException(
                        name, "partition and replica counts must be positive: " + partitionCount + ", " + replicaCount);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new PegasusInvalidArgumentException(name, "timeout must be positive: " + timeout);
            }
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        long deadline = rt.nanoTime() + timeout.toNanos();
        create_app_options options = new create_app_options(
                partitionCount, replicaCount, true, "pegasus", true, envs == null ? null : new HashMap<>(envs));
        MetaSession.MetaRpc<configuration_create_app_response> rpc = new MetaSession.MetaRpc<>(
                RpcNames.CREATE_APP,
                new configuration_create_app_request(name, options),
                configuration_create_app_response::new,
                r -> error_code.codeOf(r.getErr()),
                r -> null);
        return rt.meta.call(rpc).thenCompose(r -> {
            ErrorCode err = error_code.codeOf(r.getErr());
            if (err != ErrorCode.ERR_OK) {
                return CompletableFuture.failedFuture(
                        new PegasusException(ErrorContext.table(name), err, "createTable failed: " + err + hint(err)));
            }
            CompletableFuture<Integer> healthy = new CompletableFuture<>();
            pollHealth(name, replicaCount, r.getAppid(), deadline, timeout, healthy);
            return healthy;
        });
    }

    private void pollHealth(
            String name,
            int replicaCount,
            int appId,
            long deadline,
            Duration timeout,
            CompletableFuture<Integer> healthy) {
        var unused = rt.meta.queryConfig(name).whenComplete((r, e) -> {
            if (e == null && TableHealth.healthy(r, replicaCount)) {
                healthy.complete(appId);
                return;
            }
            long remaining = deadline - rt.nanoTime();
            if (remaining <= 0) {
                healthy.completeExceptionally(new PegasusTimeoutException(
                        ErrorContext.table(name), unhealthyMessage(r, e, replicaCount, timeout)));
                return;
            }
            long delay = Math.min(remaining, rt.options.adminPollIntervalMs() * 1_000_000L);
            rt.scheduler.schedule(() -> pollHealth(name, replicaCount, appId, deadline, timeout, healthy), delay);
        });
    }

    private static String unhealthyMessage(query_cfg_response r, Throwable e, int replicaCount, Duration timeout) {
        String state = e != null
                ? "last query failed: " + Futures.unwrap(e).getMessage()
                : TableHealth.describe(r, replicaCount);
        return "table created but not healthy within " + timeout.toMillis() + " ms: " + state;
    }

    CompletableFuture<Void> dropTable(String name, long reserveSeconds) {
        try {
            checkName(name);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        drop_app_options options = new drop_app_options(true);
        options.setReserve_seconds(reserveSeconds);
        MetaSession.MetaRpc<configuration_drop_app_response> rpc = new MetaSession.MetaRpc<>(
                RpcNames.DROP_APP,
                new configuration_drop_app_request(name, options),
                configuration_drop_app_response::new,
                r -> error_code.codeOf(r.getErr()),
                r -> null);
        return rt.meta.call(rpc).thenCompose(r -> {
            ErrorCode err = error_code.codeOf(r.getErr());
            return err == ErrorCode.ERR_OK
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(
                            new PegasusException(ErrorContext.table(name), err, "dropTable failed: " + err));
        });
    }

    /** Available tables, or every table the MetaServer still knows (dropped ones included). */
    CompletableFuture<List<TableInfo>> listTables(boolean includeDropped) {
        MetaSession.MetaRpc<configuration_list_apps_response> rpc = new MetaSession.MetaRpc<>(
                RpcNames.LIST_APPS,
                new configuration_list_apps_request(
                        includeDropped ? app_status.AS_INVALID.getValue() : app_status.AS_AVAILABLE.getValue()),
                configuration_list_apps_response::new,
                r -> error_code.codeOf(r.getErr()),
                r -> null);
        return rt.meta.call(rpc).thenCompose(r -> {
            ErrorCode err = error_code.codeOf(r.getErr());
            if (err != ErrorCode.ERR_OK) {
                return CompletableFuture.failedFuture(
                        new PegasusException(ErrorContext.NONE, err, "listTables failed: " + err));
            }
            List<TableInfo> out = new ArrayList<>();
            if (r.getInfos() != null) {
                for (app_info a : r.getInfos()) {
                    out.add(toTableInfo(a));
                }
            }
            return CompletableFuture.completedFuture(out);
        });
    }

    static TableInfo toTableInfo(app_info a) {
        app_status s = app_status.findByValue(a.getStatus());
        return new TableInfo(
                a.getApp_name(),
                a.getApp_id(),
                s == null ? "status " + a.getStatus() : s.name(),
                a.getPartition_count(),
                a.getMax_replica_count(),
                a.getEnvs() == null ? Map.of() : Map.copyOf(a.getEnvs()),
                a.getCreate_second(),
                a.getDrop_second(),
                a.getExpire_second());
    }

    /**
     * The create reply carries only an error code; the MetaServer logs its reason. What ERR_INVALID_PARAMETERS can
     * mean, so that the caller need not read the MetaServer's log for the common cases.
     */
    private static String hint(ErrorCode err) {
        return err == ErrorCode.ERR_INVALID_PARAMETERS
                ? " (the MetaServer refused the table's options: a valid name, a partition count of at least 1, and a"
                        + " replica count of at least 1 and at most the number of live ReplicaServers; its log names"
                        + " which)"
                : "";
    }
}
