package io.pegasus.tools.shell;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcException;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.thrift.balance_move;
import io.pegasus.server.thrift.balance_move_type;
import io.pegasus.server.thrift.balance_response;
import io.pegasus.server.thrift.control_meta_response;
import io.pegasus.server.thrift.list_nodes_response;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.node_info;
import io.pegasus.server.thrift.server_info_response;
import io.pegasus.server.thrift.set_node_drain_response;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands about the cluster as a whole: MetaServers, ReplicaServers, meta level, balancer, node maintenance. */
final class ClusterCommands {
    private ClusterCommands() {}

    static String levelName(int level) {
        meta_level l = meta_level.findByValue(level);
        return l == null ? "unknown(" + level + ")" : l.name().substring(3).toLowerCase(Locale.ROOT);
    }

    static list_nodes_response nodes(MetaAdminClient admin) throws RpcException {
        list_nodes_response r = admin.listNodes(true);
        check(r.getErr(), r.getHint_message(), "list nodes");
        return r;
    }

    private static void check(error_code err, String hint, String what) {
        ShellCommand.check(err, hint, what);
    }

    @Command(name = "cluster_info", description = "MetaServers, leader, meta level, nodes, tables and their health.")
    static final class ClusterInfo extends ShellCommand {
        ClusterInfo(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            MetaAdminClient admin = ctx.admin();
            String leader = "-";
            for (rpc_address m : ctx.metas()) {
                try {
                    server_info_response info = admin.serverInfo(m);
                    if ("leader".equals(info.getRole())) {
                        leader = m.toString();
                    }
                } catch (RpcException e) {
                    // an unreachable MetaServer is not the leader; the others still answer
                }
            }
            list_nodes_response nodes = nodes(admin);
            configuration_list_apps_response apps = admin.listApps(app_status.AS_AVAILABLE.getValue());
            check(apps.getErr(), apps.getHint_message(), "list tables");
            int partitions = 0;
            int unhealthy = 0;
            for (app_info t : apps.getInfos()) {
                query_cfg_response q = admin.queryConfig(t.getApp_name());
                if (error_code.codeOf(q.getErr()) == ErrorCode.ERR_OK) {
                    partitions += q.getPartitions().size();
                    unhealthy += (int) q.getPartitions().stream()
                            .filter(p -> TableCommands.health(p) != TableCommands.Health.HEALTHY)
                            .count();
                }
            }
            long alive = nodes.getNodes().stream().filter(node_info::isAlive).count();
            List<String> draining = nodes.getNodes().stream()
                    .filter(node_info::isDraining)
                    .map(n -> n.getNode().toString())
                    .toList();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("meta_servers", ctx.metaList());
            v.put("primary_meta_server", leader);
            v.put("meta_level", levelName(nodes.getMeta_level()));
            v.put("replica_servers_alive", alive);
            v.put("replica_servers_total", nodes.getNodes().size());
            v.put("draining_nodes", out().json() ? draining : (draining.isEmpty() ? "-" : String.join(",", draining)));
            v.put("table_count", apps.getInfos().size());
            v.put("partition_count", partitions);
            v.put("unhealthy_partition_count", unhealthy);
            v.put("balancer_moves_in_flight", nodes.getMoves_in_flight());
            out().values(v);
        }
    }

    @Command(name = "nodes", description = "ReplicaServers with their replica counts.")
    static final class Nodes extends ShellCommand {
        @Option(
                names = {"-d", "--detailed"},
                description = "also draining state, start time and last beacon")
        boolean detailed;

        Nodes(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            list_nodes_response r = nodes(ctx.admin());
            List<String> columns =
                    new ArrayList<>(List.of("address", "status", "replica_count", "primary_count", "secondary_count"));
            if (detailed) {
                columns.addAll(List.of("draining", "disk_low", "start_time", "last_beacon_ms_ago"));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (node_info n : r.getNodes()) {
                List<Object> row = new ArrayList<>(List.of(
                        n.getNode().toString(),
                        n.isAlive() ? "ALIVE" : "UNALIVE",
                        n.getPrimary_count() + n.getSecondary_count(),
                        n.getPrimary_count(),
                        n.getSecondary_count()));
                if (detailed) {
                    row.add(n.isDraining());
                    row.add(n.isDisk_low());
                    row.add(time(n.getStart_time_ms(), true));
                    row.add(n.getLast_beacon_age_ms());
                }
                rows.add(row);
            }
            out().table(columns, rows);
            long alive = r.getNodes().stream().filter(node_info::isAlive).count();
            out().note("total " + r.getNodes().size() + " nodes, " + alive + " alive");
        }
    }

    @Command(
            name = "server_info",
            description = "Each MetaServer's role, version and start time; each ReplicaServer's.")
    static final class ServerInfo extends ShellCommand {
        ServerInfo(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            List<List<Object>> rows = new ArrayList<>();
            boolean anyMeta = false;
            for (rpc_address m : ctx.metas()) {
                try {
                    server_info_response info = ctx.admin().serverInfo(m);
                    anyMeta = true;
                    rows.add(List.of(
                            m.toString(),
                            "meta",
                            info.getRole(),
                            info.getVersion(),
                            time(info.getStart_time_ms(), true)));
                } catch (RpcException e) {
                    rows.add(List.of(m.toString(), "meta", "unreachable", "-", "-"));
                }
            }
            if (!anyMeta) {
                throw new ShellException("no MetaServer of " + ctx.metaList() + " answered");
            }
            for (node_info n : nodes(ctx.admin()).getNodes()) {
                rows.add(List.of(
                        n.getNode().toString(),
                        "replica",
                        !n.isAlive() ? "unalive" : n.isDraining() ? "draining" : n.isDisk_low() ? "disk low" : "alive",
                        "-",
                        time(n.getStart_time_ms(), true)));
            }
            out().table(List.of("address", "type", "state", "version", "start_time"), rows);
        }
    }

    @Command(name = "get_meta_level", description = "The meta level: freezed, steady or lively.")
    static final class GetMetaLevel extends ShellCommand {
        GetMetaLevel(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            control_meta_response r = ctx.admin().controlMeta(meta_level.ML_INVALID.getValue());
            check(r.getErr(), r.getHint_message(), "get meta level");
            out().values(Map.of("meta_level", levelName(r.getLevel())));
        }
    }

    @Command(
            name = "set_meta_level",
            description = "freezed: only failure handling; steady: also repair and draining; lively: also balancing.")
    static final class SetMetaLevel extends ShellCommand {
        @Parameters(paramLabel = "LEVEL", description = "freezed, steady or lively")
        String level;

        SetMetaLevel(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            meta_level l = switch (level.toLowerCase(Locale.ROOT)) {
                case "freezed", "frozen" -> meta_level.ML_FREEZED;
                case "steady" -> meta_level.ML_STEADY;
                case "lively" -> meta_level.ML_LIVELY;
                default ->
                    throw new ShellException("unknown meta level '" + level + "': use freezed, steady or lively");
            };
            control_meta_response r = ctx.admin().controlMeta(l.getValue());
            check(r.getErr(), r.getHint_message(), "set meta level");
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("old_meta_level", levelName(r.getOld_level()));
            v.put("meta_level", levelName(r.getLevel()));
            out().values(v);
        }
    }

    @Command(
            name = "balance",
            description = "Proposes the balancer's next move and starts it (steady or lively; not when freezed).")
    static final class Balance extends ShellCommand {
        @Option(
                names = {"-n", "--dry-run"},
                description = "only show the move")
        boolean dryRun;

        Balance(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            balance_response r = ctx.admin().balance(dryRun);
            check(r.getErr(), r.getHint_message(), "balance");
            if (out().json()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("started", !dryRun && !r.getProposed().isEmpty());
                v.put("proposed", moves(r.getProposed()));
                v.put("in_flight", moves(r.getIn_flight()));
                out().document(v, "");
                return;
            }
            if (r.getProposed().isEmpty()) {
                out().note("balanced: nothing to move");
            } else {
                out().note(dryRun ? "would start:" : "started:");
                out().table(COLUMNS, rows(r.getProposed()));
            }
            out().note(r.getIn_flight().size() + " move(s) in flight");
            if (!r.getIn_flight().isEmpty()) {
                out().table(COLUMNS, rows(r.getIn_flight()));
            }
        }

        private static final List<String> COLUMNS = List.of("partition", "type", "from", "to", "reason");

        private static List<List<Object>> rows(List<balance_move> moves) {
            List<List<Object>> rows = new ArrayList<>();
            for (balance_move m : moves) {
                rows.add(List.of(
                        m.getPid().toString(),
                        type(m),
                        m.getSource().toString(),
                        m.getTarget().toString(),
                        m.getReason()));
            }
            return rows;
        }

        private static List<Map<String, Object>> moves(List<balance_move> moves) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (List<Object> row : rows(moves)) {
                Map<String, Object> o = new LinkedHashMap<>();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    o.put(COLUMNS.get(i), row.get(i));
                }
                out.add(o);
            }
            return out;
        }

        private static String type(balance_move m) {
            return m.getType() == balance_move_type.BMT_MOVE_PRIMARY.getValue() ? "move_primary" : "copy_secondary";
        }
    }

    @Command(
            name = "drain",
            description = "Takes a ReplicaServer out of service: its replicas move away (steady or lively), then it can"
                    + " stop without any partition losing a replica. --cancel puts it back in service.")
    static final class Drain extends ShellCommand {
        @Parameters(paramLabel = "NODE", description = "the ReplicaServer, ip:port")
        String node;

        @Option(names = "--cancel", description = "put the node back in service")
        boolean cancel;

        Drain(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            rpc_address address = ShellContext.parseNode(node);
            set_node_drain_response r = ctx.admin().setNodeDrain(address, !cancel);
            check(r.getErr(), r.getHint_message(), cancel ? "undrain" : "drain");
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("node", address.toString());
            v.put("draining", !cancel);
            v.put("replica_count", r.getReplica_count());
            out().values(v);
            if (!cancel && r.getReplica_count() > 0) {
                out().note("its replicas move away unless the meta level is freezed; 'nodes' shows the progress");
            }
        }
    }
}
