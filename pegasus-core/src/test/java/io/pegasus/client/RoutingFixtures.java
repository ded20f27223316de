package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Builds query-config answers (spec 3.1) for tests. */
final class RoutingFixtures {
    private RoutingFixtures() {}

    static rpc_address address(InetSocketAddress a) {
        return a == null ? rpc_address.fromValue(0) : rpc_address.fromIpPort(a.getHostString(), a.getPort());
    }

    /**
     * A query-config answer: one partition per primary (null = no primary), ballots all {@code ballot}, and
     * {@code secondaries} secondaries per partition with a primary.
     */
    static query_cfg_response config(
            int appId, long ballot, int replicaCount, int secondaries, InetSocketAddress... primaries) {
        List<partition_configuration> parts = new ArrayList<>();
        for (int i = 0; i < primaries.length; i++) {
            parts.add(partition(appId, i, ballot, replicaCount, primaries[i], primaries[i] == null ? 0 : secondaries));
        }
        query_cfg_response r = new query_cfg_response();
        r.setErr(new error_code(ErrorCode.ERR_OK));
        r.setApp_id(appId);
        r.setPartition_count(primaries.length);
        r.setIs_stateful(true);
        r.setPartitions(parts);
        return r;
    }

    static partition_configuration partition(
            int appId, int index, long ballot, int replicaCount, InetSocketAddress primary, int secondaries) {
        partition_configuration pc = new partition_configuration();
        pc.setPid(new gpid(appId, index));
        pc.setBallot(ballot);
        pc.setMax_replica_count(replicaCount);
        pc.setPrimary(address(primary));
        List<rpc_address> secs = new ArrayList<>();
        for (int s = 0; s < secondaries; s++) {
            secs.add(rpc_address.fromIpPort("127.0.0.1", 40000 + s));
        }
        pc.setSecondaries(secs);
        pc.setLast_drops(new ArrayList<>());
        pc.setLast_committed_decree(0);
        pc.setPartition_flags(0);
        return pc;
    }

    static query_cfg_response error(ErrorCode err) {
        query_cfg_response r = new query_cfg_response();
        r.setErr(new error_code(err));
        r.setPartitions(new ArrayList<>());
        return r;
    }
}
