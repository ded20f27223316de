package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.nodes;
import static io.pegasus.server.meta.Nodes.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.create_app_options;
import io.pegasus.thrift.drop_app_options;
import io.pegasus.thrift.rpc_address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Create, drop, recall, purge and the meta level as pure decisions: records out, or a refusal that changes nothing. */
class TableOperationsTest {
    private final TableOperations ops = Nodes.ops();
    private final List<rpc_address> live = nodes(3);

    private static <T> T accepted(ClusterState s, Decision<T> d) {
        assertThat(d.error()).as(d.hint()).isEqualTo(ErrorCode.ERR_OK);
        s.replayAll(d.records());
        return d.result();
    }

    private static void assertRefused(Decision<?> d, ErrorCode error) {
        assertThat(d.error()).isEqualTo(error);
        assertThat(d.hint()).isNotBlank();
        assertThat(d.records()).isEmpty();
        assertThat(d.actions()).isEmpty();
    }

    private static drop_app_options drop(long reserve) {
        drop_app_options o = new drop_app_options();
        o.setSuccess_if_not_exist(false);
        o.setReserve_seconds(reserve);
        return o;
    }

    @Test
    void createRecordsTheTableAndEveryPartitionAtBallotOneAndTellsEachReplica() {
        ClusterState s = new ClusterState();
        Decision<Integer> d = ops.create(s, "temp", options(8, 3), live, Set.of(), false, 1234);
        int id = accepted(s, d);
        assertThat(id).isEqualTo(1);
        Table t = s.liveTable("temp").orElseThrow();
        assertThat(t.status()).isEqualTo(app_status.AS_AVAILABLE);
        assertThat(t.createSecond()).isEqualTo(1234);
        assertThat(t.initPartitionCount()).isEqualTo(8);
        assertThat(s.partitions(id)).hasSize(8).allSatisfy(p -> {
            assertThat(p.ballot()).isEqualTo(1);
            assertThat(p.memberCount()).isEqualTo(3);
        });
        assertThat(d.actions()).hasSize(24).allMatch(a -> a instanceof MetaAction.PushConfig);
        assertThat(s.nextAppId()).isEqualTo(2);
        // the next table gets the next id
        assertThat(accepted(s, ops.create(s, "other", options(1, 1), live, Set.of(), false, 0)))
                .isEqualTo(2);
    }

    @Test
    void aNewTableGoesToNodesWithDiskRoomAndIsRefusedWhenTooFewHaveIt() {
        ClusterState s = new ClusterState();
        List<rpc_address> four = nodes(4);
        rpc_address low = four.get(1);
        Decision<Integer> d = ops.create(s, "t", options(8, 3), four, Set.of(low), false, 0);
        accepted(s, d);
        assertThat(s.liveTable("t").orElseThrow().id()).isEqualTo(1);
        assertThat(s.partitions(1))
                .hasSize(8)
                .allSatisfy(p -> assertThat(p.members()).doesNotContain(low).hasSize(3));
        assertThat(d.actions())
                .allSatisfy(a -> assertThat(((MetaAction.PushConfig) a).node()).isNotEqualTo(low));

        // three live nodes, one of them low: the table would be short of a replica, so it is refused, naming the node
        Decision<Integer> refused = ops.create(s, "u", options(2, 3), nodes(3), Set.of(low), false, 0);
        assertRefused(refused, ErrorCode.ERR_DISK_INSUFFICIENT);
        assertThat(refused.hint()).contains(low.toString()).contains("disk reserve");
        assertThat(s.liveTable("u")).isEmpty();

        // an existing table with the same options is still answered as created (success_if_exist)
        create_app_options again = options(8, 3);
        again.setSuccess_if_exist(true);
        Decision<Integer> same = ops.create(s, "t", again, nodes(3), Set.copyOf(nodes(3)), false, 0);
        assertThat(same.error()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(same.result()).isEqualTo(1);
    }

    @Test
    void badCreatesAreRefusedWithClearErrorsAndChangeNothing() {
        ClusterState s = new ClusterState();
        assertRefused(ops.create(s, "t", options(0, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", options(-4, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", options(4096, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", options(4, 0), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(
                ops.create(s, "t", options(4, 6), nodes(6), Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        Decision<Integer> tooFewNodes = ops.create(s, "t", options(4, 3), nodes(2), Set.of(), false, 0);
        assertRefused(tooFewNodes, ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(tooFewNodes.hint()).contains("live");
        assertRefused(ops.create(s, "", options(4, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, null, options(4, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(
                ops.create(s, "x".repeat(129), options(4, 3), live, Set.of(), false, 0),
                ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(ops.create(s, "x".repeat(128), options(1, 1), live, Set.of(), false, 0)
                        .ok())
                .isTrue();
        assertRefused(ops.create(s, "a b", options(4, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "a/b", options(4, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", null, live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        create_app_options otherType = options(4, 3);
        otherType.setApp_type("simple_kv");
        assertRefused(ops.create(s, "t", otherType, live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", options(4, 3), live, Set.of(), true, 0), ErrorCode.ERR_STATE_FREEZED);
        assertThat(s.tables()).isEmpty();
        assertThat(s.nextAppId()).isEqualTo(1);
    }

    @Test
    void namesMayUseLettersDigitsUnderscoreDotAndColon() {
        ClusterState s = new ClusterState();
        assertThat(ops.create(s, "Az09_.:", options(1, 1), live, Set.of(), false, 0)
                        .ok())
                .isTrue();
    }

    @Test
    void aDuplicateNameIsAcceptedOnlyWhenIdenticalAndAskedFor() {
        ClusterState s = new ClusterState();
        create_app_options o = options(4, 3);
        o.setEnvs(Map.of("default_ttl", "86400"));
        int id = accepted(s, ops.create(s, "t", o, live, Set.of(), false, 0));

        Decision<Integer> same = ops.create(s, "t", o.deepCopy(), live, Set.of(), false, 0);
        assertThat(same.ok()).isTrue();
        assertThat(same.result()).isEqualTo(id);
        assertThat(same.records()).isEmpty();

        create_app_options noRetry = o.deepCopy();
        noRetry.setSuccess_if_exist(false);
        assertRefused(ops.create(s, "t", noRetry, live, Set.of(), false, 0), ErrorCode.ERR_APP_EXIST);

        create_app_options otherEnvs = o.deepCopy();
        otherEnvs.setEnvs(Map.of());
        assertRefused(ops.create(s, "t", otherEnvs, live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.create(s, "t", options(8, 3), live, Set.of(), false, 0), ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(s.tables()).hasSize(1);
    }

    @Test
    void dropMakesTheTableDroppedEmptiesItsPartitionsAndKeepsTheMembersAsCandidates() {
        ClusterState s = Nodes.withTable("t", 4, 3, live);
        Table before = s.liveTable("t").orElseThrow();
        List<PartitionConfig> parts = s.partitions(before.id());
        Decision<Void> d = ops.drop(s, "t", drop(600), false, 5000);
        accepted(s, d);
        assertThat(s.liveTable("t")).isEmpty();
        Table t = s.table(before.id()).orElseThrow();
        assertThat(t.status()).isEqualTo(app_status.AS_DROPPED);
        assertThat(t.dropSecond()).isEqualTo(5000);
        assertThat(t.expireSecond()).isEqualTo(5600);
        for (PartitionConfig p : s.partitions(t.id())) {
            PartitionConfig old = parts.get(p.pid().partitionIndex());
            assertThat(p.memberCount()).isZero();
            assertThat(p.ballot()).isEqualTo(old.ballot() + 1);
            assertThat(p.recoveryCandidates()).containsExactlyElementsOf(old.members());
        }
        assertThat(d.actions()).hasSize(12).allMatch(a -> a instanceof MetaAction.RemoveReplica r && !r.deleteData());
        // the name is free again, for a new table with a new id
        assertThat(accepted(s, ops.create(s, "t", options(2, 3), live, Set.of(), false, 0)))
                .isEqualTo(before.id() + 1);
    }

    @Test
    void dropUsesTheDefaultReserveWhenNoneIsGiven() {
        ClusterState s = Nodes.withTable("t", 1, 1, live);
        drop_app_options o = new drop_app_options();
        o.setSuccess_if_not_exist(true);
        accepted(s, ops.drop(s, "t", o, false, 100));
        assertThat(s.tables().iterator().next().expireSecond()).isEqualTo(100 + 3600);
    }

    @Test
    void dropOfAnUnknownTableFailsUnlessAskedNotTo() {
        ClusterState s = Nodes.withTable("t", 1, 1, live);
        assertRefused(ops.drop(s, "nope", drop(0), false, 0), ErrorCode.ERR_APP_NOT_EXIST);
        drop_app_options lenient = drop(0);
        lenient.setSuccess_if_not_exist(true);
        Decision<Void> d = ops.drop(s, "nope", lenient, false, 0);
        assertThat(d.ok()).isTrue();
        assertThat(d.records()).isEmpty();
        assertRefused(ops.drop(s, "t", drop(0), true, 0), ErrorCode.ERR_STATE_FREEZED);
        // a dropped table counts as missing
        accepted(s, ops.drop(s, "t", drop(10), false, 0));
        assertRefused(ops.drop(s, "t", drop(0), false, 0), ErrorCode.ERR_APP_NOT_EXIST);
    }

    @Test
    void recallBringsADroppedTableBackUnderItsNameOrANewOne() {
        ClusterState s = Nodes.withTable("t", 2, 3, live);
        int id = s.liveTable("t").orElseThrow().id();
        accepted(s, ops.drop(s, "t", drop(600), false, 100));

        assertRefused(ops.recall(s, 99, "", false), ErrorCode.ERR_APP_NOT_EXIST);
        assertRefused(ops.recall(s, id, "bad name", false), ErrorCode.ERR_INVALID_PARAMETERS);
        assertRefused(ops.recall(s, id, "", true), ErrorCode.ERR_STATE_FREEZED);

        // a new table took the name: recall under another one
        accepted(s, ops.create(s, "t", options(1, 1), live, Set.of(), false, 0));
        assertRefused(ops.recall(s, id, "", false), ErrorCode.ERR_INVALID_PARAMETERS);
        Table back = accepted(s, ops.recall(s, id, "t_old", false));
        assertThat(back.name()).isEqualTo("t_old");
        assertThat(back.status()).isEqualTo(app_status.AS_AVAILABLE);
        assertThat(back.dropSecond()).isZero();
        assertThat(s.liveTable("t_old").orElseThrow().id()).isEqualTo(id);
        // the partitions wait for their old replicas to report in
        assertThat(s.partitions(id))
                .allSatisfy(p -> assertThat(p.recoveryCandidates()).hasSize(3));
        assertRefused(ops.recall(s, id, "", false), ErrorCode.ERR_APP_EXIST);
    }

    @Test
    void purgeRemovesExpiredDroppedTablesOnlyAndTheHoldersDeleteTheData() {
        ClusterState s = Nodes.withTable("a", 2, 3, live);
        accepted(s, ops.create(s, "b", options(1, 1), live, Set.of(), false, 0));
        accepted(s, ops.drop(s, "a", drop(100), false, 1000));
        int next = s.nextAppId();
        assertThat(ops.purgeExpired(s, 1099).records()).isEmpty();
        Decision<Void> d = ops.purgeExpired(s, 1100);
        accepted(s, d);
        assertThat(s.tables()).extracting(Table::name).containsExactly("b");
        assertThat(d.actions()).hasSize(6).allMatch(a -> a instanceof MetaAction.RemoveReplica r && r.deleteData());
        // ids are never reused
        assertThat(s.nextAppId()).isEqualTo(next);
        assertThat(accepted(s, ops.create(s, "a", options(1, 1), live, Set.of(), false, 0)))
                .isEqualTo(next);
    }

    @Test
    void metaLevelIsRecordedAndValidated() {
        ClusterState s = new ClusterState();
        assertThat(s.metaLevel()).isEqualTo(meta_level.ML_STEADY.getValue());
        Decision<Integer> read = ops.setLevel(s, meta_level.ML_INVALID.getValue());
        assertThat(read.records()).isEmpty();
        assertThat(read.result()).isEqualTo(meta_level.ML_STEADY.getValue());
        assertRefused(ops.setLevel(s, 42), ErrorCode.ERR_INVALID_PARAMETERS);
        accepted(s, ops.setLevel(s, meta_level.ML_FREEZED.getValue()));
        assertThat(s.metaLevel()).isEqualTo(meta_level.ML_FREEZED.getValue());
    }
}
