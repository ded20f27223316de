package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static io.pegasus.server.meta.Nodes.nodes;
import static io.pegasus.server.meta.Nodes.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.pattern_match_type;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read-only answers: query-config (byte-exact against spec 8.9), list-apps filters, config sync contents. */
class MetaViewsTest {
    /** Spec 8.9, without the offsets. */
    private static final String QUERY_CONFIG_RESPONSE = "00 00 00 cb 00 00 00 06 45 52 52 5f 4f 4b 80 01"
            + "00 02 00 00 00 2a 52 50 43 5f 43 4d 5f 51 55 45 52 59 5f 50 41 52 54 49 54 49 4f 4e 5f 43 4f 4e"
            + "46 49 47 5f 42 59 5f 49 4e 44 45 58 5f 41 43 4b 00 00 00 03 0c 00 00 0c 00 01 00 00 00 06 45 52"
            + "52 5f 4f 4b 08 00 02 00 00 00 02 08 00 03 00 00 00 01 02 00 04 01 0f 00 05 0c 00 00 00 01 0c 00"
            + "01 00 00 00 00 00 00 00 02 0a 00 02 00 00 00 00 00 00 00 03 08 00 03 00 00 00 03 0c 00 04 7f 00"
            + "00 01 87 f1 00 01 0f 00 05 0c 00 00 00 02 7f 00 00 01 87 f2 00 01 7f 00 00 01 87 f3 00 01 0f 00"
            + "06 0c 00 00 00 00 0a 00 07 00 00 00 00 00 00 00 0a 08 00 08 00 00 00 00 00 00 00";

    private static byte[] frame(String name, int seqId, org.apache.thrift.TBase<?, ?> result) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        ResponseFrames.encode(buf, ErrorCode.ERR_OK, name, seqId, result);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    private static query_cfg_request query(String name) {
        return new query_cfg_request(name, new ArrayList<>());
    }

    @Test
    void queryConfigOfAHealthyPartitionIsByteForByteSpecVector89() throws Exception {
        ClusterState s = new ClusterState();
        Table t = new Table(2, "temp", 1, 3, app_status.AS_AVAILABLE, Map.of(), 0, 0, 0, 1);
        PartitionConfig p =
                new PartitionConfig(new gpid(2, 0), 3, 3, n(1), List.of(n(2), n(3)), List.of(), 10, List.of());
        s.replay(new MetaRecord.TableCreated(t, List.of(p)));
        query_cfg_response r = MetaViews.queryConfig(s, new ReplicaReports(), query("temp"));
        assertThat(frame(RpcNames.QUERY_CONFIG, 3, r)).isEqualTo(Bytes.fromHex(QUERY_CONFIG_RESPONSE));
    }

    @Test
    void anUnknownOrDroppedTableIsObjectNotFoundWithZeroFields() throws Exception {
        ClusterState s = Nodes.withTable("t", 2, 1, nodes(1));
        s.replayAll(Nodes.ops().drop(s, "t", Nodes.dropOptions(60), false, 0).records());
        for (String name : new String[] {"t", "nope"}) {
            query_cfg_response r = MetaViews.queryConfig(s, new ReplicaReports(), query(name));
            assertThat(r.getErr().code()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
            assertThat(r.getPartitions()).isEmpty();
            assertThat(r.isSetPartitions()).as("written, empty").isTrue();
            frame(RpcNames.QUERY_CONFIG, 0, r); // encodes
        }
    }

    @Test
    void aFollowerPutsTheLeaderInTheFirstPartitionsPrimary() {
        query_cfg_response r = MetaViews.forward(n(7));
        assertThat(r.getErr().code()).isEqualTo(ErrorCode.ERR_FORWARD_TO_OTHERS);
        assertThat(r.getPartitions()).hasSize(1);
        assertThat(r.getPartitions().get(0).getPrimary()).isEqualTo(n(7));
        assertThat(MetaViews.forward(PartitionConfig.NONE).getPartitions()).isEmpty();
    }

    @Test
    void selectedPartitionsAndAnOutOfRangeIndex() {
        ClusterState s = Nodes.withTable("t", 4, 1, nodes(1));
        query_cfg_request req = query("t");
        req.setPartition_indices(List.of(3, 1));
        assertThat(MetaViews.queryConfig(s, new ReplicaReports(), req).getPartitions())
                .extracting(c -> c.getPid().partitionIndex())
                .containsExactly(3, 1);
        req.setPartition_indices(List.of(4));
        assertThat(MetaViews.queryConfig(s, new ReplicaReports(), req).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
    }

    @Test
    void theQueriedDecreeIsThePrimarysLastReport() {
        ClusterState s = Nodes.withTable("t", 1, 2, nodes(2));
        PartitionConfig p = s.partitions(1).get(0);
        ReplicaReports reports = new ReplicaReports();
        reports.update(p.primary(), List.of(Nodes.report(p.pid(), 1, 33, 34)));
        assertThat(MetaViews.queryConfig(s, reports, query("t"))
                        .getPartitions()
                        .get(0)
                        .getLast_committed_decree())
                .isEqualTo(33);
    }

    private static configuration_list_apps_request list(int status) {
        configuration_list_apps_request r = new configuration_list_apps_request();
        r.setStatus(status);
        return r;
    }

    @Test
    void listAppsFiltersByStatusAndPattern() {
        ClusterState s = Nodes.withTable("alpha", 1, 1, nodes(1));
        s.replayAll(Nodes.ops()
                .create(s, "beta", options(1, 1), nodes(1), Set.of(), false, 0)
                .records());
        s.replayAll(Nodes.ops()
                .create(s, "alphabet", options(1, 1), nodes(1), Set.of(), false, 0)
                .records());
        s.replayAll(Nodes.ops().drop(s, "beta", Nodes.dropOptions(60), false, 0).records());

        assertThat(MetaViews.listApps(s, list(0)).getInfos()).hasSize(3);
        assertThat(MetaViews.listApps(s, list(app_status.AS_AVAILABLE.getValue()))
                        .getInfos())
                .extracting(i -> i.getApp_name())
                .containsExactly("alpha", "alphabet");
        assertThat(MetaViews.listApps(s, list(app_status.AS_DROPPED.getValue())).getInfos())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.getApp_name()).isEqualTo("beta");
                    assertThat(i.getExpire_second()).isEqualTo(60);
                });

        configuration_list_apps_request prefix = list(0);
        prefix.setApp_name_pattern("alpha");
        prefix.setMatch_type(pattern_match_type.PMT_MATCH_PREFIX.getValue());
        assertThat(MetaViews.listApps(s, prefix).getInfos()).hasSize(2);
        prefix.setMatch_type(pattern_match_type.PMT_MATCH_EXACT.getValue());
        assertThat(MetaViews.listApps(s, prefix).getInfos()).hasSize(1);
        prefix.setApp_name_pattern("b.t.*");
        prefix.setMatch_type(pattern_match_type.PMT_MATCH_REGEX.getValue());
        assertThat(MetaViews.listApps(s, prefix).getInfos())
                .extracting(i -> i.getApp_name())
                .containsExactly("beta");
        prefix.setApp_name_pattern("(");
        configuration_list_apps_response bad = MetaViews.listApps(s, prefix);
        assertThat(bad.getErr().code()).isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(bad.getHint_message()).isNotBlank();
    }

    @Test
    void configSyncListsTheNodesPartitionsAndWhatToCloseOrDelete() {
        ClusterState s = Nodes.withTable("a", 4, 2, nodes(2)); // id 1, every partition on n1 and n2
        s.replayAll(Nodes.ops()
                .create(s, "b", options(2, 1), List.of(n(3)), Set.of(), false, 0)
                .records()); // id 2 on n3
        s.replayAll(Nodes.ops()
                .create(s, "c", options(1, 2), nodes(2), Set.of(), false, 0)
                .records()); // id 3
        s.replayAll(Nodes.ops().drop(s, "c", Nodes.dropOptions(60), false, 0).records());
        s.replayAll(Nodes.ops()
                .create(s, "d", options(1, 1), nodes(1), Set.of(), false, 0)
                .records()); // id 4
        s.replayAll(Nodes.ops().drop(s, "d", Nodes.dropOptions(60), false, 0).records());
        s.replayAll(Nodes.ops().purgeExpired(s, 100).records()); // c and d gone, ids 3 and 4 purged

        List<replica_report> reported = List.of(
                Nodes.report(new gpid(1, 0), 1, 0, 0),
                Nodes.report(new gpid(3, 0), 1, 0, 0),
                Nodes.report(new gpid(9, 0), 1, 0, 0));
        config_sync_response r = MetaViews.configSync(s, n(1), reported);
        assertThat(r.getPartitions()).hasSize(4).allMatch(p -> p.getPid().appId() == 1);
        assertThat(r.getApps())
                .singleElement()
                .satisfies(a -> assertThat(a.getApp_id()).isEqualTo(1));
        assertThat(r.getTo_close()).isEmpty();
        assertThat(r.getTo_delete())
                .as("a purged table; table 9 was never created, so it is left alone")
                .containsExactly(new gpid(3, 0));

        // a retained dropped table: close
        s.replayAll(Nodes.ops()
                .create(s, "e", options(1, 1), nodes(1), Set.of(), false, 0)
                .records()); // id 5
        s.replayAll(Nodes.ops().drop(s, "e", Nodes.dropOptions(600), false, 0).records());
        config_sync_response r2 = MetaViews.configSync(s, n(1), List.of(Nodes.report(new gpid(5, 0), 1, 0, 0)));
        assertThat(r2.getTo_close()).containsExactly(new gpid(5, 0));
        assertThat(MetaViews.configSync(s, n(3), List.of()).getPartitions()).hasSize(2);
    }
}
