package io.pegasus.server.meta;

import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's metadata as the MetaServer keeps it (spec 3.2 {@code app_info}); immutable, changed by replacing it
 * through a {@link MetaRecord}.
 *
 * @param status an {@link app_status}; only AS_AVAILABLE and AS_DROPPED are ever recorded, because creation, drop and
 *     recall are each one atomic ZooKeeper write (no table is ever seen half-created)
 * @param envs table environment variables exactly as given at creation
 * @param dropSecond unix seconds of the drop, 0 while not dropped
 * @param expireSecond for a dropped table, the unix second after which it is purged
 */
public record Table(
        int id,
        String name,
        int partitionCount,
        int replicaCount,
        app_status status,
        Map<String, String> envs,
        long createSecond,
        long dropSecond,
        long expireSecond,
        int initPartitionCount) {
    public static final String APP_TYPE = "pegasus";

    public Table {
        envs = Map.copyOf(envs);
    }

    public boolean isAvailable() {
        return status == app_status.AS_AVAILABLE;
    }

    public boolean isDropped() {
        return status == app_status.AS_DROPPED;
    }

    public Table dropped(long nowSecond, long reserveSeconds) {
        return new Table(
                id,
                name,
                partitionCount,
                replicaCount,
                app_status.AS_DROPPED,
                envs,
                createSecond,
                nowSecond,
                nowSecond + reserveSeconds,
                initPartitionCount);
    }

    public Table recalled(String newName) {
        return new Table(
                id,
                newName,
                partitionCount,
                replicaCount,
                app_status.AS_AVAILABLE,
                envs,
                createSecond,
                0,
                0,
                initPartitionCount);
    }

    /** The same table with other environment variables (app_envs set / del / clear). */
    public Table withEnvs(Map<String, String> newEnvs) {
        return new Table(
                id,
                name,
                partitionCount,
                replicaCount,
                status,
                newEnvs,
                createSecond,
                dropSecond,
                expireSecond,
                initPartitionCount);
    }

    /** The {@code app_info} of list-apps and of the internal protocol, every field filled (spec 3.2). */
    public app_info toAppInfo() {
        app_info info = new app_info();
        info.setStatus(status.getValue());
        info.setApp_type(APP_TYPE);
        info.setApp_name(name);
        info.setApp_id(id);
        info.setPartition_count(partitionCount);
        info.setEnvs(new TreeMap<>(envs));
        info.setIs_stateful(true);
        info.setMax_replica_count(replicaCount);
        info.setExpire_second(expireSecond);
        info.setCreate_second(createSecond);
        info.setDrop_second(dropSecond);
        info.setInit_partition_count(initPartitionCount);
        return info;
    }

    public static Table fromAppInfo(app_info info) {
        app_status status = app_status.findByValue(info.getStatus());
        if (status == null) {
            throw new IllegalArgumentException("unknown app status " + info.getStatus() + " of table " + info.app_id);
        }
        return new Table(
                info.getApp_id(),
                info.getApp_name(),
                info.getPartition_count(),
                info.getMax_replica_count(),
                status,
                info.getEnvs() == null ? Map.of() : info.getEnvs(),
                info.getCreate_second(),
                info.getDrop_second(),
                info.getExpire_second(),
                info.getInit_partition_count());
    }
}
