package io.pegasus.base;

import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a new table is ready, the way the official admin client decides it after creating one (spec 3.3): every
 * partition has a primary and {@code secondaries + 1 >= replica count}. The first {@code partition_count} entries
 * are read by list position. Pure; shared by the client's createTable and the admin tools.
 */
public final class TableHealth {
    private TableHealth() {}

    public static boolean healthy(query_cfg_response r, int replicaCount) {
        if (error_code.codeOf(r.getErr()) != ErrorCode.ERR_OK || r.getPartition_count() <= 0) {
            return false;
        }
        if (r.getPartitions() == null || r.getPartitions().size() < r.getPartition_count()) {
            return false;
        }
        for (int i = 0; i < r.getPartition_count(); i++) {
            partition_configuration pc = r.getPartitions().get(i);
            if (pc.getPrimary() == null || pc.getPrimary().isInvalid()) {
                return false;
            }
            if (pc.getSecondariesSize() + 1 < replicaCount) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why a table is not healthy, for the timeout message: how many partitions are, how many have a primary at all,
     * and, when the replicas sit on fewer ReplicaServers than the replica count, that this is why (a node down since
     * the table was created, or too few nodes: no partition can reach its count until enough are alive).
     */
    public static String describe(query_cfg_response r, int replicaCount) {
        int partitions = r.getPartition_count();
        StringBuilder b = new StringBuilder()
                .append(healthyPartitions(r, replicaCount))
                .append(" of ")
                .append(partitions)
                .append(" partitions have a primary and ")
                .append(replicaCount - 1)
                .append(replicaCount == 2 ? " secondary" : " secondaries");
        if (r.getPartitions() == null) {
            return b.toString();
        }
        int withPrimary = 0;
        Set<rpc_address> nodes = new HashSet<>();
        for (partition_configuration pc : r.getPartitions()) {
            if (pc.getPrimary() != null && !pc.getPrimary().isInvalid()) {
                withPrimary++;
                nodes.add(pc.getPrimary());
            }
            if (pc.getSecondaries() != null) {
                nodes.addAll(pc.getSecondaries());
            }
        }
        b.append(" (with a primary: ").append(withPrimary).append(')');
        if (nodes.size() < replicaCount) {
            b.append("; their replicas are on ")
                    .append(nodes.size())
                    .append(nodes.size() == 1 ? " ReplicaServer" : " ReplicaServers")
                    .append(", fewer than the ")
                    .append(replicaCount)
                    .append(" replicas asked for: the table reaches its replica count once that many ReplicaServers"
                            + " are alive (is one down?)");
        }
        return b.toString();
    }

    /** How many partitions are healthy, for the timeout message. */
    public static int healthyPartitions(query_cfg_response r, int replicaCount) {
        if (r.getPartitions() == null) {
            return 0;
        }
        int n = 0;
        for (partition_configuration pc : r.getPartitions()) {
            if (pc.getPrimary() != null
                    && !pc.getPrimary().isInvalid()
                    && pc.getSecondariesSize() + 1 >= replicaCount) {
                n++;
            }
        }
        return n;
    }
}
