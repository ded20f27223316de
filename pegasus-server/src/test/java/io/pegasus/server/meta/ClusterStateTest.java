package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static io.pegasus.server.meta.Nodes.nodes;
import static io.pegasus.server.meta.Nodes.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.thrift.partition_record;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replaying records is the only way the state changes, and a snapshot's records rebuild an equal state; the records'
 * ZooKeeper encoding round-trips.
 */
class ClusterStateTest {
    private static ClusterState busyState() {
        TableOperations ops = Nodes.ops();
        ClusterState s = Nodes.withTable("a", 4, 3, nodes(4));
        s.replayAll(
                ops.create(s, "b", options(2, 2), nodes(4), Set.of(), false, 7).records());
        s.replayAll(
                ops.create(s, "c", options(1, 1), nodes(4), Set.of(), false, 8).records());
        s.replayAll(ops.drop(s, "b", Nodes.dropOptions(100), false, 50).records());
        s.replayAll(
                ClusterGuardian.tick(s, node -> !node.equals(n(2)), nodes(4), new ReplicaReports(), c -> false, false)
                        .records());
        s.replayAll(ops.purgeExpired(s, 1000).records());
        return s;
    }

    @Test
    void aSnapshotRebuildsTheSameState() {
        ClusterState s = busyState();
        assertThat(s.tables()).extracting(Table::name).containsExactly("a", "c");
        ClusterState copy = new ClusterState();
        copy.replayAll(s.snapshot());
        assertThat(copy.snapshot()).isEqualTo(s.snapshot());
        assertThat(copy.nextAppId()).isEqualTo(4);
        assertThat(copy.liveTable("a")).isEqualTo(s.liveTable("a"));
        assertThat(copy.partitions(1)).isEqualTo(s.partitions(1));
        assertThat(copy.memberNodes()).isEqualTo(s.memberNodes()).doesNotContain(n(2));
    }

    @Test
    void namesOfDroppedTablesAreFreeButTheirIdsAreKept() {
        ClusterState s = Nodes.withTable("a", 1, 1, nodes(1));
        s.replayAll(Nodes.ops().drop(s, "a", Nodes.dropOptions(10), false, 0).records());
        assertThat(s.liveTable("a")).isEmpty();
        assertThat(s.table(1)).map(Table::status).contains(app_status.AS_DROPPED);
        s.replayAll(Nodes.ops()
                .create(s, "a", options(1, 1), nodes(1), Set.of(), false, 0)
                .records());
        assertThat(s.liveTable("a")).map(Table::id).contains(2);
        s.replayAll(Nodes.ops().purgeExpired(s, 100).records());
        assertThat(s.table(1)).isEmpty();
        assertThat(s.liveTable("a")).map(Table::id).contains(2);
    }

    @Test
    void recordsRoundTripThroughTheirZooKeeperEncoding() {
        PartitionConfig p = new PartitionConfig(
                new io.pegasus.thrift.gpid(3, 5), 9, 3, n(1), List.of(n(2)), List.of(n(3), n(4)), 42, List.of(n(5)));
        partition_record r = RecordCodec.decode(new partition_record(), RecordCodec.encode(p.toRecord()), "/p");
        assertThat(PartitionConfig.fromRecord(r)).isEqualTo(p);

        Table t = new Table(3, "t", 8, 3, app_status.AS_DROPPED, Map.of("default_ttl", "60"), 10, 20, 30, 4);
        app_info info = RecordCodec.decode(new app_info(), RecordCodec.encode(t.toAppInfo()), "/t");
        assertThat(Table.fromAppInfo(info)).isEqualTo(t);
        assertThat(info.getApp_type()).isEqualTo("pegasus");
        assertThat(info.isIs_stateful()).isTrue();
    }

    @Test
    void lastDropsKeepTheMostRecentFewWithoutDuplicates() {
        PartitionConfig p =
                new PartitionConfig(new io.pegasus.thrift.gpid(1, 0), 1, 1, n(1), List.of(), List.of(), 0, List.of());
        for (int i = 2; i <= 9; i++) {
            p = p.next(n(i), List.of(), List.of(p.primary()));
        }
        assertThat(p.lastDrops()).containsExactly(n(6), n(7), n(8));
        p = p.next(n(7), List.of(), List.of(n(9)));
        assertThat(p.lastDrops())
                .as("a node back in the configuration is not dropped")
                .containsExactly(n(6), n(8), n(9));
    }
}
