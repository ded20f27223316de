package io.pegasus.server.meta;

import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.create_app_options;
import io.pegasus.thrift.drop_app_options;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for the meta unit tests: node addresses, create options, replica reports. */
final class Nodes {
    private Nodes() {}

    /** ReplicaServer number {@code i}: 127.0.0.1:(34800 + i). */
    static rpc_address n(int i) {
        return rpc_address.fromIpPort("127.0.0.1", 34800 + i);
    }

    static List<rpc_address> nodes(int count) {
        List<rpc_address> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(n(i));
        }
        return out;
    }

    static create_app_options options(int partitions, int replicas) {
        create_app_options o = new create_app_options();
        o.setPartition_count(partitions);
        o.setReplica_count(replicas);
        o.setSuccess_if_exist(true);
        o.setApp_type("pegasus");
        o.setIs_stateful(true);
        o.setEnvs(Map.of());
        return o;
    }

    static drop_app_options dropOptions(long reserveSeconds) {
        drop_app_options o = new drop_app_options();
        o.setSuccess_if_not_exist(true);
        o.setReserve_seconds(reserveSeconds);
        return o;
    }

    static replica_report report(gpid pid, long ballot, long committed, long prepared) {
        return new replica_report(
                pid, ballot, partition_status.PS_SECONDARY.getValue(), committed, prepared, committed);
    }

    static TableOperations ops() {
        return new TableOperations(new TableOperations.Limits(5, 2048, 3600, 128));
    }

    /** A state holding one table created by the real decision, replayed. */
    static ClusterState withTable(String name, int partitions, int replicas, List<rpc_address> live) {
        ClusterState s = new ClusterState();
        Decision<Integer> d = ops().create(s, name, options(partitions, replicas), live, Set.of(), false, 1000);
        if (!d.ok()) {
            throw new IllegalStateException(d.error() + " " + d.hint());
        }
        s.replayAll(d.records());
        return s;
    }
}
