package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;

/**
 * Whether a new table is ready, the way the official admin client decides it after creating one (spec 3.3): every
 * partition has a primary and {@code secondaries + 1 >= replica count}. The first {@code partition_count} entries
 * are read by list position. Pure.
 */
final class TableHealth {
    private TableHealth() {}

    static boolean healthy(query_cfg_response r, int replicaCount) {
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

    /** How many partitions are healthy, for the timeout message. */
    static int healthyPartitions(query_cfg_response r, int replicaCount) {
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
