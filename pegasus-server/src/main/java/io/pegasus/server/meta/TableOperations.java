package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.app_env_operation;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.create_app_options;
import io.pegasus.thrift.drop_app_options;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin operations on tables (spec 3.3, 3.4, plus recall, purge and the meta level) as pure decisions over a
 * {@link ClusterState}: each returns the records to write and the messages to send, or a refusal that changes
 * nothing. Checks follow the order of spec 3.3 so that clients see the same error Apache Pegasus would give.
 */
final class TableOperations {
    /** The names the admin client accepts (spec 3.3). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:]+");

    /**
     * @param maxReplicaCount largest replica count a table may have (Apache Pegasus: 5)
     * @param maxPartitionCount largest partition count (a table is created in one ZooKeeper transaction)
     * @param defaultReserveSeconds how long a dropped table is kept when the drop does not say (Apache Pegasus: 7 days)
     * @param maxNameLength longest table name
     */
    record Limits(int maxReplicaCount, int maxPartitionCount, long defaultReserveSeconds, int maxNameLength) {}

    private final Limits limits;

    TableOperations(Limits limits) {
        this.limits = limits;
    }

    /**
     * RPC_CM_CREATE_APP. On success the result is the table id; the table is AS_AVAILABLE with every partition
     * placed at ballot 1 over those of {@code liveNodes} not in {@code lowDisk} (below their disk reserve), and each
     * replica's node is told.
     */
    Decision<Integer> create(
            ClusterState s,
            String name,
            create_app_options o,
            List<rpc_address> liveNodes,
            Set<rpc_address> lowDisk,
            boolean freezed,
            long nowSecond) {
        if (freezed) {
            return Decision.refuse(ErrorCode.ERR_STATE_FREEZED, "the meta level is freezed (or too few live nodes)");
        }
        String bad = checkName(name);
        if (bad != null) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, bad);
        }
        if (o == null) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "create options missing");
        }
        if (o.getPartition_count() <= 0) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS, "partition count must be >= 1, got " + o.getPartition_count());
        }
        if (o.getPartition_count() > limits.maxPartitionCount()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS,
                    "partition count " + o.getPartition_count() + " above the limit " + limits.maxPartitionCount());
        }
        int replicas = o.getReplica_count();
        if (replicas < 1 || replicas > limits.maxReplicaCount()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS,
                    "replica count must be in 1.." + limits.maxReplicaCount() + ", got " + replicas);
        }
        if (replicas > liveNodes.size()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS,
                    "replica count " + replicas + " above the " + liveNodes.size() + " live replica servers");
        }
        String appType = o.getApp_type() == null || o.getApp_type().isEmpty() ? Table.APP_TYPE : o.getApp_type();
        if (!appType.equals(Table.APP_TYPE) || !o.isIs_stateful()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS, "only stateful tables of type '" + Table.APP_TYPE + "' exist");
        }
        Map<String, String> envs = o.getEnvs() == null ? Map.of() : o.getEnvs();
        var existing = s.liveTable(name);
        if (existing.isPresent()) {
            Table t = existing.get();
            if (t.status() == app_status.AS_CREATING || t.status() == app_status.AS_RECALLING) {
                return Decision.refuse(ErrorCode.ERR_BUSY_CREATING, "table " + name + " is being created");
            }
            if (t.status() == app_status.AS_DROPPING) {
                return Decision.refuse(ErrorCode.ERR_BUSY_DROPPING, "table " + name + " is being dropped");
            }
            if (!o.isSuccess_if_exist()) {
                return Decision.refuse(ErrorCode.ERR_APP_EXIST, "table " + name + " already exists");
            }
            boolean same = t.partitionCount() == o.getPartition_count()
                    && t.replicaCount() == replicas
                    && Objects.equals(t.envs(), envs);
            return same
                    ? Decision.noChange(t.id())
                    : Decision.refuse(
                            ErrorCode.ERR_INVALID_PARAMETERS,
                            "table " + name + " exists with other options (partitions, replicas or envs)");
        }
        // a node below its disk reserve refuses writes as a primary and would fill up as a secondary: a new table goes
        // to nodes with room only, and is refused (not placed short) when too few have it
        List<rpc_address> roomy =
                liveNodes.stream().filter(n -> !lowDisk.contains(n)).toList();
        if (replicas > roomy.size()) {
            return Decision.refuse(
                    ErrorCode.ERR_DISK_INSUFFICIENT,
                    "replica count " + replicas + " above the " + roomy.size()
                            + " live replica servers with disk room; below their disk reserve: "
                            + liveNodes.stream()
                                    .filter(lowDisk::contains)
                                    .map(Object::toString)
                                    .sorted()
                                    .toList());
        }
        int id = s.nextAppId();
        Table table = new Table(
                id,
                name,
                o.getPartition_count(),
                replicas,
                app_status.AS_AVAILABLE,
                envs,
                nowSecond,
                0,
                0,
                o.getPartition_count());
        List<PartitionConfig> parts = Placement.place(id, o.getPartition_count(), replicas, roomy, s.load());
        List<MetaAction> actions = new ArrayList<>();
        for (PartitionConfig p : parts) {
            for (rpc_address m : p.members()) {
                actions.add(new MetaAction.PushConfig(m, table, p));
            }
        }
        return Decision.accept(
                List.of(
                        new MetaRecord.ClusterChanged(id + 1, s.metaLevel()),
                        new MetaRecord.TableCreated(table, parts)),
                actions,
                id);
    }

    /** Null when the name is acceptable, else why not. */
    String checkName(String name) {
        if (name == null || name.isEmpty()) {
            return "table name is empty";
        }
        if (name.length() > limits.maxNameLength()) {
            return "table name longer than " + limits.maxNameLength() + " characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "table name may only contain letters, digits, '_', '.' and ':'";
        }
        return null;
    }

    /**
     * RPC_CM_DROP_APP. The table becomes AS_DROPPED at once (spec 3.4: query-config answers ERR_OBJECT_NOT_FOUND by the
     * time the drop is answered); its partitions are emptied, the members kept as recovery candidates for a recall,
     * and the members told to close their replicas while keeping the data.
     */
    Decision<Void> drop(ClusterState s, String name, drop_app_options o, boolean freezed, long nowSecond) {
        if (freezed) {
            return Decision.refuse(ErrorCode.ERR_STATE_FREEZED, "the meta level is freezed (or too few live nodes)");
        }
        boolean successIfNotExist = o != null && o.isSuccess_if_not_exist();
        var existing = name == null ? java.util.Optional.<Table>empty() : s.liveTable(name);
        if (existing.isEmpty()) {
            return successIfNotExist
                    ? Decision.noChange(null)
                    : Decision.refuse(ErrorCode.ERR_APP_NOT_EXIST, "no table named " + name);
        }
        Table t = existing.get();
        if (t.status() == app_status.AS_CREATING || t.status() == app_status.AS_RECALLING) {
            return Decision.refuse(ErrorCode.ERR_BUSY_CREATING, "table " + name + " is being created");
        }
        if (t.status() == app_status.AS_DROPPING) {
            return Decision.refuse(ErrorCode.ERR_BUSY_DROPPING, "table " + name + " is being dropped");
        }
        long reserve = o != null && o.isSetReserve_seconds() && o.getReserve_seconds() > 0
                ? o.getReserve_seconds()
                : limits.defaultReserveSeconds();
        List<MetaRecord> records = new ArrayList<>();
        List<MetaAction> actions = new ArrayList<>();
        records.add(new MetaRecord.TableChanged(t.dropped(nowSecond, reserve)));
        for (PartitionConfig p : s.partitions(t.id())) {
            if (p.memberCount() == 0) {
                continue; // already empty: keeps its recovery candidates
            }
            for (rpc_address m : p.members()) {
                actions.add(new MetaAction.RemoveReplica(m, p.pid(), false));
            }
            records.add(new MetaRecord.PartitionChanged(p.emptied(p.members())));
        }
        return Decision.accept(records, actions, null);
    }

    /**
     * RPC_CM_RECALL_APP: a dropped table that is still retained becomes available again, under its old name or a new
     * one. Its partitions are still empty with their recovery candidates, so the guardian reopens the kept replicas
     * as they report in.
     */
    Decision<Table> recall(ClusterState s, int appId, String newName, boolean freezed) {
        if (freezed) {
            return Decision.refuse(ErrorCode.ERR_STATE_FREEZED, "the meta level is freezed (or too few live nodes)");
        }
        var existing = s.table(appId);
        if (existing.isEmpty()) {
            return Decision.refuse(ErrorCode.ERR_APP_NOT_EXIST, "no table with id " + appId + " (purged or never)");
        }
        Table t = existing.get();
        if (!t.isDropped()) {
            return Decision.refuse(ErrorCode.ERR_APP_EXIST, "table " + appId + " (" + t.name() + ") is not dropped");
        }
        String name = newName == null || newName.isEmpty() ? t.name() : newName;
        String bad = checkName(name);
        if (bad != null) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, bad);
        }
        if (s.liveTable(name).isPresent()) {
            return Decision.refuse(
                    ErrorCode.ERR_INVALID_PARAMETERS, "another table is named " + name + "; recall under a new name");
        }
        Table recalled = t.recalled(name);
        return Decision.accept(List.of(new MetaRecord.TableChanged(recalled)), List.of(), recalled);
    }

    /** Purges every dropped table whose reserve time has passed; the nodes that held it delete the data. */
    Decision<Void> purgeExpired(ClusterState s, long nowSecond) {
        List<MetaRecord> records = new ArrayList<>();
        List<MetaAction> actions = new ArrayList<>();
        for (Table t : s.tables()) {
            if (!t.isDropped() || t.expireSecond() > nowSecond) {
                continue;
            }
            records.add(new MetaRecord.TableRemoved(t.id(), t.partitionCount()));
            for (PartitionConfig p : s.partitions(t.id())) {
                Set<rpc_address> holders = new LinkedHashSet<>(p.recoveryCandidates());
                holders.addAll(p.members());
                for (rpc_address n : holders) {
                    actions.add(new MetaAction.RemoveReplica(n, new gpid(p.pid()), true));
                }
            }
        }
        return records.isEmpty() ? Decision.noChange(null) : Decision.accept(records, actions, null);
    }

    /**
     * RPC_CM_UPDATE_APP_ENV: sets, deletes or clears environment variables of an available table. Stored as given;
     * the nodes see them in the table's {@code app_info} at their next configuration sync.
     */
    Decision<Table> updateEnvs(ClusterState s, String name, int op, List<String> keys, List<String> values) {
        var existing = name == null ? java.util.Optional.<Table>empty() : s.liveTable(name);
        if (existing.isEmpty()) {
            return Decision.refuse(ErrorCode.ERR_APP_NOT_EXIST, "no table named " + name);
        }
        Table t = existing.get();
        List<String> ks = keys == null ? List.of() : keys;
        List<String> vs = values == null ? List.of() : values;
        Map<String, String> envs = new java.util.TreeMap<>(t.envs());
        app_env_operation operation = app_env_operation.findByValue(op);
        if (operation == app_env_operation.AEO_SET) {
            if (ks.isEmpty() || ks.size() != vs.size()) {
                return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "set needs as many values as keys (>= 1)");
            }
            for (int i = 0; i < ks.size(); i++) {
                if (ks.get(i) == null || ks.get(i).isEmpty() || vs.get(i) == null) {
                    return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "empty env key or missing value");
                }
                envs.put(ks.get(i), vs.get(i));
            }
        } else if (operation == app_env_operation.AEO_DEL) {
            if (ks.isEmpty()) {
                return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "del needs at least one key");
            }
            ks.forEach(envs::remove);
        } else if (operation == app_env_operation.AEO_CLEAR) {
            envs.clear();
        } else {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "unknown env operation " + op);
        }
        if (envs.equals(t.envs())) {
            return Decision.noChange(t);
        }
        Table changed = t.withEnvs(envs);
        return Decision.accept(List.of(new MetaRecord.TableChanged(changed)), List.of(), changed);
    }

    /** RPC_CM_CONTROL_META: sets the recorded meta level; ML_INVALID only reads it. Result: the old level. */
    Decision<Integer> setLevel(ClusterState s, int level) {
        int old = s.metaLevel();
        if (level == meta_level.ML_INVALID.getValue() || level == old) {
            return Decision.noChange(old);
        }
        if (meta_level.findByValue(level) == null) {
            return Decision.refuse(ErrorCode.ERR_INVALID_PARAMETERS, "unknown meta level " + level, old);
        }
        return Decision.accept(List.of(new MetaRecord.ClusterChanged(s.nextAppId(), level)), List.of(), old);
    }
}
