package io.pegasus.tools.shell;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.thrift.app_env_operation;
import io.pegasus.server.thrift.recall_app_response;
import io.pegasus.server.thrift.update_app_env_response;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands about tables: list, create, drop, recall, inspect, choose, and their environment variables. */
final class TableCommands {
    private TableCommands() {}

    /** A partition's state as an operator sees it. */
    enum Health {
        /** a primary and every secondary */
        HEALTHY,
        /** a primary, but fewer secondaries than the replica count asks for: serves, with less redundancy */
        UNDER_REPLICATED,
        /** no primary: neither reads nor writes are served */
        NO_PRIMARY
    }

    static Health health(partition_configuration p) {
        if (p.getPrimary() == null || p.getPrimary().isInvalid()) {
            return Health.NO_PRIMARY;
        }
        return p.getSecondaries().size() + 1 >= p.getMax_replica_count() ? Health.HEALTHY : Health.UNDER_REPLICATED;
    }

    static String status(int status) {
        app_status s = app_status.findByValue(status);
        return s == null ? "unknown(" + status + ")" : s.name().substring(3);
    }

    static List<app_info> list(MetaAdminClient admin, boolean all) throws Exception {
        configuration_list_apps_response r = admin.listApps(all ? 0 : app_status.AS_AVAILABLE.getValue());
        ShellCommand.check(r.getErr(), r.getHint_message(), "list tables");
        return r.getInfos();
    }

    static Optional<app_info> find(MetaAdminClient admin, String name) throws Exception {
        return list(admin, false).stream()
                .filter(t -> t.getApp_name().equals(name))
                .findFirst();
    }

    static query_cfg_response query(MetaAdminClient admin, String table) throws Exception {
        query_cfg_response q = admin.queryConfig(table);
        if (error_code.codeOf(q.getErr()) == ErrorCode.ERR_OBJECT_NOT_FOUND) {
            throw new ShellException("no table named '" + table + "'");
        }
        ShellCommand.check(q.getErr(), null, "query the configuration of " + table);
        return q;
    }

    @Command(name = "ls", description = "Lists the tables.")
    static final class Ls extends ShellCommand {
        @Option(
                names = {"-d", "--detailed"},
                description = "also the health of each table's partitions")
        boolean detailed;

        @Option(
                names = {"-a", "--all"},
                description = "also dropped tables that are still kept (recall them by id)")
        boolean all;

        Ls(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            List<String> columns = new ArrayList<>(List.of(
                    "app_id",
                    "status",
                    "app_name",
                    "app_type",
                    "partition_count",
                    "replica_count",
                    "create_time",
                    "drop_time",
                    "drop_expire",
                    "envs_count"));
            if (detailed) {
                columns.addAll(List.of("fully_healthy", "under_replicated", "no_primary"));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (app_info t : list(ctx.admin(), all)) {
                List<Object> row = new ArrayList<>(List.of(
                        t.getApp_id(),
                        status(t.getStatus()),
                        t.getApp_name(),
                        t.getApp_type(),
                        t.getPartition_count(),
                        t.getMax_replica_count(),
                        time(t.getCreate_second(), false),
                        time(t.getDrop_second(), false),
                        time(t.getExpire_second(), false),
                        t.getEnvs() == null ? 0 : t.getEnvs().size()));
                if (detailed) {
                    int[] counts = new int[Health.values().length];
                    if (t.getStatus() == app_status.AS_AVAILABLE.getValue()) {
                        for (partition_configuration p :
                                query(ctx.admin(), t.getApp_name()).getPartitions()) {
                            counts[health(p).ordinal()]++;
                        }
                    }
                    for (int c : counts) {
                        row.add(c);
                    }
                }
                rows.add(row);
            }
            out().table(columns, rows);
            out().note(rows.size() + " table(s)");
        }
    }

    @Command(name = "create", description = "Creates a table and waits until every partition is healthy.")
    static final class Create extends ShellCommand {
        @Parameters(paramLabel = "TABLE")
        String name;

        @Option(
                names = {"-p", "--partition_count"},
                defaultValue = "4",
                description = "partitions (default ${DEFAULT-VALUE})")
        int partitions;

        @Option(
                names = {"-r", "--replica_count"},
                defaultValue = "3",
                description = "replicas of each partition (default ${DEFAULT-VALUE})")
        int replicas;

        @Option(
                names = {"-e", "--envs"},
                split = ",",
                description = "environment variables, key=value[,key=value...]")
        Map<String, String> envs = new TreeMap<>();

        Create(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            MetaAdminClient admin = ctx.admin();
            configuration_create_app_response r = admin.createApp(name, partitions, replicas, envs);
            check(r.getErr(), null, "create table " + name);
            admin.waitHealthy(name, Duration.ofMillis(Math.max(ctx.timeoutMs(), 60_000)));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("app_name", name);
            v.put("app_id", r.getAppid());
            v.put("partition_count", partitions);
            v.put("replica_count", replicas);
            out().values(v);
        }
    }

    @Command(name = "drop", description = "Drops a table; it is kept for the reserve time and can be recalled.")
    static final class Drop extends ShellCommand {
        @Parameters(paramLabel = "TABLE")
        String name;

        @Option(
                names = {"-r", "--reserve_seconds"},
                defaultValue = "0",
                description = "how long to keep the data (default: the MetaServer's, 7 days)")
        long reserveSeconds;

        Drop(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            configuration_drop_app_response r = ctx.admin().dropApp(name, reserveSeconds, false);
            if (error_code.codeOf(r.getErr()) == ErrorCode.ERR_APP_NOT_EXIST) {
                throw new ShellException("no table named '" + name + "'");
            }
            check(r.getErr(), null, "drop table " + name);
            if (name.equals(ctx.tableName())) {
                ctx.use(null);
            }
            out().note("table " + name + " dropped; 'ls -a' shows its id for a recall");
            out().document(Map.of("dropped", name), "");
        }
    }

    @Command(name = "recall", description = "Brings a dropped table back, by id (see 'ls -a').")
    static final class Recall extends ShellCommand {
        @Parameters(index = "0", paramLabel = "APP_ID")
        int appId;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NEW_NAME", description = "another name for it")
        String newName;

        Recall(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            recall_app_response r = ctx.admin().recallApp(appId, newName);
            check(r.getErr(), r.getHint_message(), "recall table " + appId);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("app_id", appId);
            v.put("app_name", r.getInfo().getApp_name());
            out().values(v);
        }
    }

    @Command(
            name = "app",
            description = "A table's metadata; with -d every partition (primary, secondaries, ballot, decree, health).")
    static final class App extends ShellCommand {
        @Parameters(paramLabel = "TABLE")
        String name;

        @Option(
                names = {"-d", "--detailed"},
                description = "every partition")
        boolean detailed;

        App(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            query_cfg_response q = query(ctx.admin(), name);
            app_info info = find(ctx.admin(), name).orElseThrow(() -> new ShellException("no table named " + name));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("app_name", name);
            v.put("app_id", q.getApp_id());
            v.put("partition_count", q.getPartition_count());
            v.put("max_replica_count", info.getMax_replica_count());
            v.put("status", status(info.getStatus()));
            v.put("create_time", time(info.getCreate_second(), false));
            v.put("envs", out().json() ? new TreeMap<>(info.getEnvs()) : new TreeMap<>(info.getEnvs()).toString());
            int[] counts = new int[Health.values().length];
            List<List<Object>> rows = new ArrayList<>();
            for (partition_configuration p : q.getPartitions()) {
                Health h = health(p);
                counts[h.ordinal()]++;
                List<String> secondaries = new ArrayList<>();
                for (rpc_address s : p.getSecondaries()) {
                    secondaries.add(s.toString());
                }
                rows.add(List.of(
                        p.getPid().partitionIndex(),
                        p.getBallot(),
                        (p.getSecondaries().size() + (h == Health.NO_PRIMARY ? 0 : 1)) + "/" + p.getMax_replica_count(),
                        h == Health.NO_PRIMARY ? "-" : p.getPrimary().toString(),
                        out().json() ? secondaries : "[" + String.join(",", secondaries) + "]",
                        p.getLast_committed_decree(),
                        h.name().toLowerCase(Locale.ROOT)));
            }
            v.put("fully_healthy", counts[Health.HEALTHY.ordinal()]);
            v.put("under_replicated", counts[Health.UNDER_REPLICATED.ordinal()]);
            v.put("no_primary", counts[Health.NO_PRIMARY.ordinal()]);
            List<String> columns =
                    List.of("pidx", "ballot", "replicas", "primary", "secondaries", "last_committed_decree", "health");
            if (out().json()) {
                if (detailed) {
                    List<Map<String, Object>> ps = new ArrayList<>();
                    for (List<Object> row : rows) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            o.put(columns.get(i), row.get(i));
                        }
                        ps.add(o);
                    }
                    v.put("partitions", ps);
                }
                out().values(v);
                return;
            }
            out().values(v);
            if (detailed) {
                out().println("");
                out().table(columns, rows);
            }
        }
    }

    @Command(name = "use", description = "Chooses the table the data commands work on.")
    static final class Use extends ShellCommand {
        @Parameters(paramLabel = "TABLE")
        String name;

        Use(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            ctx.client().openTable(name); // fails clearly for a table that does not exist
            ctx.use(name);
            out().note("OK, using table " + name);
            out().document(Map.of("table", name), "");
        }
    }

    @Command(
            name = "app_envs",
            description = "The current table's environment variables: get | set KEY VALUE | del KEY... | clear.")
    static final class AppEnvs extends ShellCommand {
        @Parameters(index = "0", paramLabel = "ACTION", description = "get, set, del or clear")
        String action;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG")
        List<String> args = new ArrayList<>();

        @Option(
                names = {"-t", "--table"},
                description = "another table than the current one")
        String table;

        AppEnvs(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            String name = table != null ? table : ctx.tableName();
            if (name == null) {
                throw new ShellException("no table chosen: run 'use <table>' first or give -t <table>");
            }
            MetaAdminClient admin = ctx.admin();
            Map<String, String> envs;
            switch (action.toLowerCase(Locale.ROOT)) {
                case "get" ->
                    envs = find(admin, name)
                            .orElseThrow(() -> new ShellException("no table named '" + name + "'"))
                            .getEnvs();
                case "set" -> {
                    if (args.size() != 2) {
                        throw new ShellException("usage: app_envs set KEY VALUE");
                    }
                    envs = update(admin, name, app_env_operation.AEO_SET, List.of(args.get(0)), List.of(args.get(1)));
                }
                case "del" -> {
                    if (args.isEmpty()) {
                        throw new ShellException("usage: app_envs del KEY...");
                    }
                    envs = update(admin, name, app_env_operation.AEO_DEL, args, List.of());
                }
                case "clear" -> envs = update(admin, name, app_env_operation.AEO_CLEAR, List.of(), List.of());
                default -> throw new ShellException("unknown action '" + action + "': use get, set, del or clear");
            }
            List<List<Object>> rows = new ArrayList<>();
            new TreeMap<>(envs).forEach((k, val) -> rows.add(List.of(k, val)));
            out().table(List.of("key", "value"), rows);
        }

        private static Map<String, String> update(
                MetaAdminClient admin, String name, app_env_operation op, List<String> keys, List<String> values)
                throws Exception {
            update_app_env_response r = admin.updateAppEnv(name, op, keys, values);
            check(r.getErr(), r.getHint_message(), "update the envs of " + name);
            return r.getInfo().getEnvs();
        }
    }
}
