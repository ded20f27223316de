package io.pegasus.server.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.zk.ZooKeeperExtension;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three MetaServers in one JVM on a real ZooKeeper: followers forward to the leader; the leader killed while tables
 * are being created loses nothing and leaves nothing half-made, and a follower takes over within seconds with the
 * same state; ZooKeeper restarted under running MetaServers.
 */
class MetaServerFailoverTest {
    @RegisterExtension
    final ZooKeeperExtension zk = new ZooKeeperExtension();

    private MiniCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new MiniCluster(zk.connectString(), MiniCluster.FAST);
        for (int i = 0; i < 3; i++) {
            cluster.startMeta();
        }
        cluster.awaitLeader(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            cluster.startNode();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static <T extends org.apache.thrift.TBase<?, ?>> T call(
            RpcClient client, rpc_address to, String name, org.apache.thrift.TBase<?, ?> arg, T result)
            throws Exception {
        RpcResponse r = client.connection(to.toSocketAddress())
                .call(name, RequestMeta.forMeta(2000), Args.struct(arg), 2000)
                .get(5, TimeUnit.SECONDS);
        assertThat(r.error()).as("meta RPCs answer RPC-level ERR_OK").isEqualTo(ErrorCode.ERR_OK);
        return r.readResult(result);
    }

    @Test
    void followersForwardToTheLeader() throws Exception {
        MetaServer leader = cluster.awaitLeader(Duration.ofSeconds(5));
        List<MetaServer> followers =
                cluster.metas().stream().filter(m -> m != leader).toList();
        assertThat(followers).hasSize(2);
        try (RpcClient client = new RpcClient()) {
            for (MetaServer f : followers) {
                // followers learn the leader's address in the background
                MiniClusterWait.until(
                        "follower knows the leader", () -> leader.address().equals(f.leader()));
                query_cfg_response q = call(
                        client,
                        f.address(),
                        RpcNames.QUERY_CONFIG,
                        new query_cfg_request("t", new ArrayList<>()),
                        new query_cfg_response());
                assertThat(q.getErr().code()).isEqualTo(ErrorCode.ERR_FORWARD_TO_OTHERS);
                assertThat(q.getPartitions()).hasSize(1);
                assertThat(q.getPartitions().get(0).getPrimary()).isEqualTo(leader.address());

                configuration_list_apps_request l = new configuration_list_apps_request();
                assertThat(call(client, f.address(), RpcNames.LIST_APPS, l, new configuration_list_apps_response())
                                .getErr()
                                .code())
                        .isEqualTo(ErrorCode.ERR_FORWARD_TO_OTHERS);
                configuration_create_app_response c = call(
                        client,
                        f.address(),
                        RpcNames.CREATE_APP,
                        new io.pegasus.thrift.configuration_create_app_request("t", Nodes.options(1, 1)),
                        new configuration_create_app_response());
                assertThat(c.getErr().code()).isEqualTo(ErrorCode.ERR_FORWARD_TO_OTHERS);
            }
        }
        // a client pointed at a follower first still gets its table created by the leader
        List<rpc_address> order = new ArrayList<>();
        followers.forEach(f -> order.add(f.address()));
        order.add(leader.address());
        try (MetaAdminClient admin = new MetaAdminClient(order, 1000, Duration.ofSeconds(20))) {
            assertThat(admin.createApp("viafollower", 2, 3, null).getErr().code())
                    .isEqualTo(ErrorCode.ERR_OK);
            admin.waitHealthy("viafollower", Duration.ofSeconds(30));
        }
    }

    @Test
    void leaderKilledWhileCreatingTablesLosesNothingAndASuccessorTakesOverWithinSeconds() throws Exception {
        MetaServer leader = cluster.awaitLeader(Duration.ofSeconds(5));
        MetaAdminClient admin = cluster.admin();
        int tables = 24;
        Map<String, Integer> created = new ConcurrentHashMap<>();
        CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < tables; i++) {
                String name = "t" + i;
                try {
                    configuration_create_app_response r = admin.createApp(name, 4, 3, null);
                    assertThat(r.getErr().code()).as("create " + name).isEqualTo(ErrorCode.ERR_OK);
                    created.put(name, r.getAppid());
                } catch (Exception e) {
                    throw new AssertionError("create " + name + " failed", e);
                }
            }
        });
        MiniClusterWait.until("a few tables created", () -> created.size() >= 6);
        Map<String, query_cfg_response> before = new java.util.HashMap<>();
        for (String name : List.of("t0", "t1", "t2")) {
            before.put(name, admin.waitHealthy(name, Duration.ofSeconds(30)));
        }

        long killedAt = System.nanoTime();
        cluster.haltMeta(leader); // as if killed: its ZooKeeper session is left to expire
        MetaServer successor = cluster.awaitLeader(Duration.ofSeconds(20));
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(successor).isNotSameAs(leader);
        // ZooKeeper notices the dead session after its timeout (3 s here), then the election is immediate
        assertThat(takeoverMs).as("takeover time").isLessThan(8_000);

        creator.get(60, TimeUnit.SECONDS);
        assertThat(created).hasSize(tables);
        // the successor serves the same state: every table, every partition, same ids and configurations
        configuration_list_apps_response list = admin.listApps(app_status.AS_AVAILABLE.getValue());
        assertThat(list.getInfos())
                .extracting(app_info::getApp_name)
                .containsExactlyInAnyOrderElementsOf(created.keySet());
        for (app_info a : list.getInfos()) {
            assertThat(a.getApp_id()).isEqualTo(created.get(a.getApp_name()));
        }
        for (String name : created.keySet()) {
            query_cfg_response q = admin.waitHealthy(name, Duration.ofSeconds(30));
            assertThat(q.getApp_id()).isEqualTo(created.get(name));
            assertThat(q.getPartitions()).hasSize(4);
        }
        for (var e : before.entrySet()) {
            assertThat(admin.queryConfig(e.getKey()).getPartitions())
                    .as("configurations of " + e.getKey() + " unchanged by the failover")
                    .isEqualTo(e.getValue().getPartitions());
        }
        // and in ZooKeeper: no table without all its partitions
        try (CuratorFramework c = CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100))) {
            c.start();
            List<String> ids = c.getChildren().forPath("/pegasus/test/apps");
            assertThat(ids).hasSize(tables + 0);
            for (String id : ids) {
                assertThat(c.getChildren().forPath("/pegasus/test/apps/" + id))
                        .as("partitions of table " + id)
                        .hasSize(4);
            }
        }
    }

    @Test
    void zooKeeperRestartedUnderRunningMetaServersKeepsTheState() throws Exception {
        MetaAdminClient admin = cluster.admin();
        for (int i = 0; i < 3; i++) {
            assertThat(admin.createApp("z" + i, 4, 3, null).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        }
        Map<String, query_cfg_response> before = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            before.put("z" + i, admin.waitHealthy("z" + i, Duration.ofSeconds(30)));
        }

        zk.server().stop();
        // without ZooKeeper no MetaServer may act as leader
        MiniClusterWait.until(
                "every MetaServer stepped down", () -> cluster.metas().stream().noneMatch(MetaServer::isLeader));
        Thread.sleep(1000);
        zk.server().start();

        MetaServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
        assertThat(leader).isNotNull();
        for (var e : before.entrySet()) {
            query_cfg_response q = admin.waitHealthy(e.getKey(), Duration.ofSeconds(30));
            assertThat(q.getApp_id()).isEqualTo(e.getValue().getApp_id());
            assertThat(q.getPartitions()).isEqualTo(e.getValue().getPartitions());
        }
        assertThat(admin.createApp("after", 2, 3, null).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(admin.listApps(0).getInfos()).hasSize(4);
    }
}
