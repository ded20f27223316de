package io.pegasus.server.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcException;
import io.pegasus.server.agent.FakeReplicaNode;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.recall_app_response;
import io.pegasus.server.zk.ZooKeeperExtension;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin RPCs end to end: one MetaServer on a real ZooKeeper, three fake ReplicaServers with real agents, an admin
 * client over real sockets. Create, list, drop, recall, purge after expiry, and every bad input of issue 4.
 */
class MetaServerAdminTest {
    @RegisterExtension
    final ZooKeeperExtension zk = new ZooKeeperExtension();

    private MiniCluster cluster;
    private MetaAdminClient admin;

    @BeforeEach
    void start() throws Exception {
        cluster = new MiniCluster(zk.connectString(), MiniCluster.FAST);
        cluster.startMeta();
        cluster.awaitLeader(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            cluster.startNode();
        }
        admin = cluster.admin();
        // a 3-replica table can be created once all three nodes beaconed
        admin.waitAliveNodes(3, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<app_info> list(app_status status) throws Exception {
        configuration_list_apps_response r = admin.listApps(status.getValue());
        assertThat(r.getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        return r.getInfos();
    }

    private int create(String name, int partitions, int replicas) throws Exception {
        var r = admin.createApp(name, partitions, replicas, null);
        assertThat(r.getErr().code()).as("create " + name).isEqualTo(ErrorCode.ERR_OK);
        return r.getAppid();
    }

    @Test
    void createListDropAndRecall() throws Exception {
        int id = create("temp", 8, 3);
        query_cfg_response healthy = admin.waitHealthy("temp", Duration.ofSeconds(30));
        assertThat(healthy.getApp_id()).isEqualTo(id);
        assertThat(healthy.getPartition_count()).isEqualTo(8);
        for (partition_configuration p : healthy.getPartitions()) {
            assertThat(p.getBallot()).isEqualTo(1);
            assertThat(p.getMax_replica_count()).isEqualTo(3);
        }
        // every node opened its 8 replicas as told
        waitFor(
                "replicas opened",
                () -> cluster.nodes().stream().allMatch(n -> n.serving(id).size() == 8));
        assertThat(cluster.nodes().stream()
                        .mapToLong(n -> n.primaries(id))
                        .sorted()
                        .toArray())
                .containsExactly(2, 3, 3);
        assertThat(list(app_status.AS_AVAILABLE))
                .extracting(app_info::getApp_name)
                .containsExactly("temp");

        assertThat(admin.dropApp("temp", 600, false).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        // by the time the drop is answered: not found, not available, still listed as dropped
        assertThat(admin.queryConfig("temp").getErr().code()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
        assertThat(list(app_status.AS_AVAILABLE)).isEmpty();
        app_info dropped = list(app_status.AS_INVALID).stream()
                .filter(a -> a.getApp_id() == id)
                .findFirst()
                .orElseThrow();
        assertThat(dropped.getStatus()).isEqualTo(app_status.AS_DROPPED.getValue());
        assertThat(dropped.getExpire_second() - dropped.getDrop_second()).isEqualTo(600);
        // the nodes close the replicas and keep them
        waitFor(
                "replicas closed",
                () -> cluster.nodes().stream().allMatch(n -> n.serving(id).isEmpty()));
        assertThat(cluster.nodes())
                .allSatisfy(n -> assertThat(n.replicas().keySet().stream().filter(p -> p.appId() == id))
                        .hasSize(8));

        recall_app_response recalled = admin.recallApp(id, "");
        assertThat(recalled.getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(recalled.getInfo().getApp_name()).isEqualTo("temp");
        // the kept replicas are reopened: one becomes primary, the others learn again
        query_cfg_response back = admin.waitHealthy("temp", Duration.ofSeconds(30));
        assertThat(back.getApp_id()).isEqualTo(id);
        assertThat(back.getPartitions())
                .allSatisfy(p -> assertThat(p.getBallot()).isGreaterThan(2));
        assertThat(list(app_status.AS_AVAILABLE))
                .extracting(app_info::getApp_id)
                .containsExactly(id);
        // creating it again with the same options is a success with the same id
        assertThat(create("temp", 8, 3)).isEqualTo(id);
    }

    @Test
    void aDroppedTableIsPurgedAfterItsReserveTimeAndTheNodesDeleteIt() throws Exception {
        int id = create("shortlived", 2, 3);
        admin.waitHealthy("shortlived", Duration.ofSeconds(30));
        waitFor(
                "replicas opened",
                () -> cluster.nodes().stream().allMatch(n -> n.serving(id).size() == 2));
        assertThat(admin.dropApp("shortlived", 1, false).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        waitFor("purged", () -> {
            try {
                return list(app_status.AS_INVALID).stream().noneMatch(a -> a.getApp_id() == id);
            } catch (Exception e) {
                return false;
            }
        });
        waitFor(
                "data deleted",
                () -> cluster.nodes().stream()
                        .allMatch(n -> n.replicas().keySet().stream().noneMatch(p -> p.appId() == id)));
        assertThat(admin.recallApp(id, "").getErr().code()).isEqualTo(ErrorCode.ERR_APP_NOT_EXIST);
        // the name is free and ids are never reused
        assertThat(create("shortlived", 2, 3)).isGreaterThan(id);
    }

    @Test
    void badInputsGetClearErrorsAndChangeNothing() throws Exception {
        int id = create("exists", 2, 3);
        List<app_info> before = list(app_status.AS_INVALID);

        assertThat(admin.createApp("zero", 0, 3, null).getErr().code()).isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("negative", -8, 3, null).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("noreplica", 4, 0, null).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("toomany", 4, 4, null).getErr().code())
                .as("replica count above the 3 live nodes")
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThatThrownBy(() -> admin.waitAliveNodes(4, Duration.ofMillis(500)))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("4 ReplicaServers not alive")
                .hasMessageContaining("3 alive");
        assertThat(admin.createApp("", 4, 3, null).getErr().code()).isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("n".repeat(129), 4, 3, null).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("bad name!", 4, 3, null).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(admin.createApp("exists", 4, 3, null).getErr().code())
                .as("same name, other partition count")
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        configuration_create_app_request dup = new configuration_create_app_request(
                "exists", Nodes.options(2, 3).setSuccess_if_exist(false));
        assertThat(admin.createApp(dup).getErr().code()).isEqualTo(ErrorCode.ERR_APP_EXIST);
        assertThat(admin.dropApp("unknown", 0, false).getErr().code()).isEqualTo(ErrorCode.ERR_APP_NOT_EXIST);
        assertThat(admin.dropApp("unknown", 0, true).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(admin.recallApp(id, "").getErr().code()).as("not dropped").isEqualTo(ErrorCode.ERR_APP_EXIST);
        assertThat(admin.recallApp(999, "").getErr().code()).isEqualTo(ErrorCode.ERR_APP_NOT_EXIST);
        assertThat(admin.queryConfig("unknown").getErr().code()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);

        assertThat(list(app_status.AS_INVALID)).isEqualTo(before);
        // no table id was used up by the refusals
        assertThat(create("next", 1, 1)).isEqualTo(id + 1);
    }

    @Test
    void aFreezedMetaLevelRefusesCreateAndDrop() throws Exception {
        create("t", 1, 1);
        var set = admin.controlMeta(meta_level.ML_FREEZED.getValue());
        assertThat(set.getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(set.getOld_level()).isEqualTo(meta_level.ML_STEADY.getValue());
        assertThat(admin.createApp("u", 1, 1, null).getErr().code()).isEqualTo(ErrorCode.ERR_STATE_FREEZED);
        assertThat(admin.dropApp("t", 0, false).getErr().code()).isEqualTo(ErrorCode.ERR_STATE_FREEZED);
        assertThat(admin.controlMeta(meta_level.ML_INVALID.getValue()).getLevel())
                .isEqualTo(meta_level.ML_FREEZED.getValue());
        admin.controlMeta(meta_level.ML_STEADY.getValue());
        assertThat(admin.createApp("u", 1, 1, null).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
    }

    @Test
    void envsAreStoredExactlyAsGiven() throws Exception {
        Map<String, String> envs = new HashMap<>(Map.of("default_ttl", "3600", "anything", "goes"));
        assertThat(admin.createApp("withenvs", 1, 1, envs).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(list(app_status.AS_AVAILABLE).stream()
                        .filter(a -> a.getApp_name().equals("withenvs"))
                        .findFirst()
                        .orElseThrow()
                        .getEnvs())
                .isEqualTo(envs);
        // the same create again, envs identical: ok; different: refused
        assertThat(admin.createApp("withenvs", 1, 1, envs).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(admin.createApp("withenvs", 1, 1, Map.of()).getErr().code())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        // nodes receive the table's envs with its configurations
        FakeReplicaNode any = cluster.nodes().get(0);
        assertThat(any.address()).isNotEqualTo(rpc_address.fromValue(0));
    }
}
