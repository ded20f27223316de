package io.pegasus.server.agent;

import io.pegasus.thrift.app_info;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import java.util.List;
import java.util.Map;

/**
 * The leader's answer to a configuration sync, for one node.
 *
 * @param partitions the configuration of every partition where this node is the primary or a secondary; a replica
 *     of an available table the node holds but that is not listed here is not a member any more (unless it is a
 *     learner still learning)
 * @param apps the tables of those partitions, by table id (partition count, envs such as default_ttl)
 * @param toClose replicas of dropped tables: close them and keep the data, the table may be recalled
 * @param toDelete replicas of purged tables: delete the data
 */
public record ConfigSyncResult(
        List<partition_configuration> partitions,
        Map<Integer, app_info> apps,
        List<gpid> toClose,
        List<gpid> toDelete) {
    public ConfigSyncResult {
        partitions = List.copyOf(partitions);
        apps = Map.copyOf(apps);
        toClose = List.copyOf(toClose);
        toDelete = List.copyOf(toDelete);
    }
}
