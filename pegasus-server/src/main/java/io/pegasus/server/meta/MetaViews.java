package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.list_nodes_response;
import io.pegasus.server.thrift.node_info;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.pattern_match_type;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Read-only answers built from a {@link ClusterState}: query-config, list-apps, config sync. Pure functions. */
final class MetaViews {
    private MetaViews() {}

    /** RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX (spec 3.1). */
    static query_cfg_response queryConfig(ClusterState s, ReplicaReports reports, query_cfg_request req) {
        Optional<Table> table = req.getApp_name() == null ? Optional.empty() : s.liveTable(req.getApp_name());
        if (table.isEmpty()) {
            return emptyQuery(ErrorCode.ERR_OBJECT_NOT_FOUND);
        }
        Table t = table.get();
        List<PartitionConfig> parts = s.partitions(t.id());
        List<partition_configuration> out = new ArrayList<>();
        List<Integer> wanted = req.getPartition_indices();
        if (wanted == null || wanted.isEmpty()) {
            for (PartitionConfig p : parts) {
                out.add(withReportedDecree(p, reports));
            }
        } else {
            for (int i : wanted) {
                if (i < 0 || i >= parts.size()) {
                    return emptyQuery(ErrorCode.ERR_INVALID_PARAMETERS);
                }
                out.add(withReportedDecree(parts.get(i), reports));
            }
        }
        query_cfg_response r = new query_cfg_response();
        r.setErr(new error_code(ErrorCode.ERR_OK));
        r.setApp_id(t.id());
        r.setPartition_count(t.partitionCount());
        r.setIs_stateful(true);
        r.setPartitions(out);
        return r;
    }

    /** The configuration with the primary's last reported committed decree (informational, spec 3.1). */
    private static partition_configuration withReportedDecree(PartitionConfig p, ReplicaReports reports) {
        partition_configuration c = p.toThrift();
        if (p.hasPrimary()) {
            Optional<replica_report> primary = reports.get(p.pid(), p.primary());
            primary.ifPresent(r ->
                    c.setLast_committed_decree(Math.max(c.getLast_committed_decree(), r.getLast_committed_decree())));
            if (p.ballot() == 1 && primary.map(r -> !r.isServing()).orElse(true)) {
                // A new partition's primary is published once it reports that it serves, as Apache Pegasus publishes
                // a primary only once the replica accepted the assignment: an admin client waiting for a healthy table
                // then hands its application a table that takes writes at once. Until then clients see no primary
                // and retry (spec 7.1). Later ballots are published at once: their primary held the data already.
                c.setPrimary(new rpc_address());
            }
        }
        return c;
    }

    /** A query-config answer carrying only an error; every other field written with zero values (spec 3.1). */
    static query_cfg_response emptyQuery(ErrorCode err) {
        query_cfg_response r = new query_cfg_response();
        r.setErr(new error_code(err));
        r.setApp_id(0);
        r.setPartition_count(0);
        r.setIs_stateful(false);
        r.setPartitions(new ArrayList<>());
        return r;
    }

    /** ERR_FORWARD_TO_OTHERS with the leader in partitions[0].primary, or an empty list when it is unknown. */
    static query_cfg_response forward(rpc_address leader) {
        query_cfg_response r = emptyQuery(ErrorCode.ERR_FORWARD_TO_OTHERS);
        if (leader != null && !leader.isInvalid()) {
            partition_configuration dummy = emptyConfig(new gpid());
            dummy.setPrimary(rpc_address.fromValue(leader.value()));
            r.getPartitions().add(dummy);
        }
        return r;
    }

    static partition_configuration emptyConfig(gpid pid) {
        partition_configuration c = new partition_configuration();
        c.setPid(pid == null ? new gpid() : new gpid(pid));
        c.setPrimary(rpc_address.fromValue(0));
        c.setSecondaries(new ArrayList<>());
        c.setLast_drops(new ArrayList<>());
        return c;
    }

    /** RPC_CM_LIST_APPS (spec 3.2). */
    static configuration_list_apps_response listApps(ClusterState s, configuration_list_apps_request req) {
        configuration_list_apps_response r = new configuration_list_apps_response();
        r.setInfos(new ArrayList<>());
        Predicate matcher;
        if (req.isSetApp_name_pattern() && req.isSetMatch_type()) {
            try {
                matcher = matcher(req.getApp_name_pattern(), req.getMatch_type());
            } catch (IllegalArgumentException e) {
                r.setErr(new error_code(ErrorCode.ERR_INVALID_PARAMETERS));
                r.setHint_message(e.getMessage());
                return r;
            }
        } else {
            matcher = name -> true;
        }
        int status = req.getStatus();
        for (Table t : s.tables()) {
            if ((status == 0 || t.status().getValue() == status) && matcher.test(t.name())) {
                r.getInfos().add(t.toAppInfo());
            }
        }
        r.setErr(new error_code(ErrorCode.ERR_OK));
        return r;
    }

    @FunctionalInterface
    private interface Predicate {
        boolean test(String name);
    }

    private static Predicate matcher(String pattern, int type) {
        pattern_match_type t = pattern_match_type.findByValue(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown match type " + type);
        }
        return switch (t) {
            case PMT_MATCH_ALL -> name -> true;
            case PMT_MATCH_EXACT -> pattern::equals;
            case PMT_MATCH_ANYWHERE -> name -> name.contains(pattern);
            case PMT_MATCH_PREFIX -> name -> name.startsWith(pattern);
            case PMT_MATCH_POSTFIX -> name -> name.endsWith(pattern);
            case PMT_MATCH_REGEX -> {
                try {
                    Pattern p = Pattern.compile(pattern);
                    yield name -> p.matcher(name).matches();
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("bad regular expression: " + e.getDescription(), e);
                }
            }
            case PMT_INVALID -> throw new IllegalArgumentException("match type PMT_INVALID");
        };
    }

    /**
     * RPC_CM_CONFIG_SYNC: the configurations of every partition of an available table where {@code node} is a member
     * with those tables' infos, and what it should close (replicas of dropped tables) or delete (replicas of tables
     * purged since: ids below the next table id that no longer exist).
     */
    static config_sync_response configSync(ClusterState s, rpc_address node, List<replica_report> reported) {
        config_sync_response r = emptySync(ErrorCode.ERR_OK);
        Map<Integer, app_info> apps = new LinkedHashMap<>();
        for (Table t : s.tables()) {
            if (!t.isAvailable()) {
                continue;
            }
            for (PartitionConfig p : s.partitions(t.id())) {
                if (p.isMember(node)) {
                    r.getPartitions().add(p.toThrift());
                    apps.computeIfAbsent(t.id(), id -> t.toAppInfo());
                }
            }
        }
        r.getApps().addAll(apps.values());
        for (replica_report rep : reported) {
            gpid pid = rep.getPid();
            if (pid == null) {
                continue;
            }
            Optional<Table> t = s.table(pid.appId());
            if (t.isPresent() && t.get().isDropped()) {
                r.getTo_close().add(new gpid(pid));
            } else if (t.isEmpty() && pid.appId() > 0 && pid.appId() < s.nextAppId()) {
                r.getTo_delete().add(new gpid(pid));
            }
        }
        return r;
    }

    /**
     * RPC_CM_LIST_NODES: every node the failure detector knows, holds replicas or is draining, with its replica
     * counts over the tables that are not dropped.
     */
    static list_nodes_response listNodes(
            ClusterState s,
            FailureDetector fd,
            long nowMs,
            boolean includeDead,
            int movesInFlight,
            java.util.Set<rpc_address> lowDisk) {
        NodeLoad load = s.load();
        java.util.TreeSet<rpc_address> nodes = new java.util.TreeSet<>(fd.knownNodes());
        nodes.addAll(s.memberNodes());
        nodes.addAll(s.draining());
        list_nodes_response r = new list_nodes_response();
        r.setErr(new error_code(ErrorCode.ERR_OK));
        r.setNodes(new ArrayList<>());
        r.setMeta_level(s.metaLevel());
        r.setMoves_in_flight(movesInFlight);
        for (rpc_address n : nodes) {
            boolean alive = fd.isAlive(n, nowMs);
            if (!alive && !includeDead) {
                continue;
            }
            long deadline = fd.deadlineMs(n);
            node_info info = new node_info();
            info.setNode(rpc_address.fromValue(n.value()));
            info.setAlive(alive);
            info.setDraining(s.isDraining(n));
            info.setDisk_low(lowDisk.contains(n));
            info.setPrimary_count(load.primaries(n));
            info.setSecondary_count(load.replicas(n) - load.primaries(n));
            info.setStart_time_ms(fd.incarnation(n));
            info.setLast_beacon_age_ms(deadline < 0 ? -1 : nowMs - (deadline - fd.graceMs()));
            r.getNodes().add(info);
        }
        return r;
    }

    static config_sync_response emptySync(ErrorCode err) {
        config_sync_response r = new config_sync_response();
        r.setErr(new error_code(err));
        r.setLeader(rpc_address.fromValue(0));
        r.setPartitions(new ArrayList<>());
        r.setApps(new ArrayList<>());
        r.setTo_close(new ArrayList<>());
        r.setTo_delete(new ArrayList<>());
        return r;
    }
}
