package io.pegasus.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.meta.MetaObserver;
import io.pegasus.server.meta.MiniCluster;
import io.pegasus.server.meta.MiniClusterWait;
import io.pegasus.server.zk.ZooKeeperExtension;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents (fake replicas, real agents and sockets) against a real MetaServer: placement over the nodes, a node cut off
 * from the MetaServer (its lease runs out before the MetaServer declares it dead, then its partitions are
 * reconfigured), learners restoring the replica count, and a restarted node treated as new.
 */
class MetaAgentClusterTest {
    @RegisterExtension
    final ZooKeeperExtension zk = new ZooKeeperExtension();

    private MiniCluster cluster;
    private final Map<rpc_address, Long> declaredDead = new ConcurrentHashMap<>();

    private final MetaObserver observer = new MetaObserver() {
        @Override
        public void nodeDeclaredDead(rpc_address node, long nowMs) {
            declaredDead.putIfAbsent(node, nowMs);
        }
    };

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The timings the brief asks tests to use: beacon 1 s, lease 3 s, grace 4 s. */
    private static Map<String, String> briefTimings() {
        Map<String, String> s = new HashMap<>(MiniCluster.FAST);
        s.put("fd.beacon_interval_ms", "1000");
        s.put("fd.lease_ms", "3000");
        s.put("fd.grace_ms", "4000");
        s.put("agent.meta_rpc_timeout_ms", "1000");
        s.put("meta.guardian_interval_ms", "200");
        s.put("meta.takeover_warmup_ms", "1500");
        return s;
    }

    private MetaAdminClient startCluster(Map<String, String> settings, int nodes) throws Exception {
        cluster = new MiniCluster(zk.connectString(), settings, observer);
        cluster.startMeta();
        cluster.awaitLeader(Duration.ofSeconds(30));
        for (int i = 0; i < nodes; i++) {
            cluster.startNode();
        }
        MiniClusterWait.until(
                "every node holds a lease",
                () -> cluster.nodes().stream().allMatch(n -> n.agent().isLeaseValid()));
        return cluster.admin();
    }

    private static int create(MetaAdminClient admin, String name, int partitions, int replicas) throws Exception {
        var r = admin.createApp(name, partitions, replicas, null);
        assertThat(r.getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        admin.waitHealthy(name, Duration.ofSeconds(30));
        return r.getAppid();
    }

    @Test
    void aNewTablesReplicasArePlacedEvenlyOverThreeAgentsAtBallotOne() throws Exception {
        MetaAdminClient admin = startCluster(briefTimings(), 3);
        int id = create(admin, "temp", 8, 3);
        MiniClusterWait.until(
                "each node serves 8 replicas",
                () -> cluster.nodes().stream().allMatch(n -> n.serving(id).size() == 8));
        assertThat(cluster.nodes().stream()
                        .mapToLong(n -> n.primaries(id))
                        .sorted()
                        .toArray())
                .containsExactly(2, 3, 3);
        for (FakeReplicaNode n : cluster.nodes()) {
            assertThat(n.serving(id)).allSatisfy(r -> assertThat(r.ballot()).isEqualTo(1));
        }
        // exactly one primary per partition, and every node's sync agrees with what was pushed
        for (int p = 0; p < 8; p++) {
            int index = p;
            assertThat(cluster.nodes().stream()
                            .flatMap(n -> n.serving(id).stream())
                            .filter(r -> r.pid().partitionIndex() == index)
                            .filter(r -> r.status() == partition_status.PS_PRIMARY.getValue())
                            .count())
                    .isEqualTo(1);
        }
        MiniClusterWait.until(
                "a config sync came back",
                () -> cluster.nodes().stream()
                        .allMatch(n -> n.events().stream()
                                .anyMatch(e ->
                                        e.kind().equals("sync") && e.detail().startsWith("8 "))));
    }

    @Test
    void aCutOffNodeLosesItsLeaseBeforeTheMetaServerDeclaresItDeadThenItsPartitionsMove() throws Exception {
        Map<String, String> timings = briefTimings();
        MetaAdminClient admin = startCluster(timings, 3);
        int id = create(admin, "temp", 8, 3);
        awaitServing(id, 24);
        query_cfg_response before = admin.queryConfig("temp");
        FakeReplicaNode victim = cluster.nodes().stream()
                .filter(n -> n.primaries(id) == 3)
                .findFirst()
                .orElseThrow();
        rpc_address gone = victim.address();

        long cutAt = FakeReplicaNode.now();
        victim.cutOff(true);
        MiniClusterWait.until(
                "the victim is declared dead", Duration.ofSeconds(10), () -> declaredDead.containsKey(gone));
        long deadAt = declaredDead.get(gone);
        MiniClusterWait.until("the victim noticed its lease expiry", () -> victim.leaseExpiredAtMs() > 0);
        long expiredAt = victim.leaseExpiredAtMs();

        // the lease ran out first: the node had stopped serving before its replicas were given away
        assertThat(expiredAt).as("lease expiry noticed before the death").isLessThan(deadAt);
        long leaseEnd = victim.agent().leaseExpiryMs();
        assertThat(leaseEnd - cutAt).as("lease end after the cut").isLessThanOrEqualTo(3000);
        assertThat(victim.agent().isLeaseValid()).isFalse();
        assertThat(deadAt - leaseEnd).as("grace - lease margin").isGreaterThanOrEqualTo(900);
        assertThat(deadAt - cutAt)
                .as("noticed within the grace period (+ a beacon in flight and a tick)")
                .isLessThan(4000 + 1000 + 1000);
        MiniClusterWait.until("every partition reconfigured", () -> {
            try {
                return admin.queryConfig("temp").getPartitions().stream()
                        .noneMatch(p -> p.getPrimary().equals(gone)
                                || p.getSecondaries().contains(gone));
            } catch (Exception e) {
                return false;
            }
        });
        query_cfg_response after = admin.queryConfig("temp");
        for (int p = 0; p < 8; p++) {
            partition_configuration old = before.getPartitions().get(p);
            partition_configuration now = after.getPartitions().get(p);
            assertThat(now.getBallot()).as("ballot + 1").isEqualTo(old.getBallot() + 1);
            assertThat(now.getLast_drops()).contains(gone);
            if (old.getPrimary().equals(gone)) {
                assertThat(old.getSecondaries()).as("a secondary took over").contains(now.getPrimary());
            } else {
                assertThat(now.getPrimary()).isEqualTo(old.getPrimary());
            }
            assertThat(now.getSecondaries()).hasSize(1);
        }
        // the surviving nodes were told: each serves its 8 replicas at the new ballot, with one primary each time
        MiniClusterWait.until(
                "survivors applied the new configurations",
                () -> cluster.nodes().stream()
                        .filter(n -> n != victim)
                        .allMatch(n -> n.serving(id).size() == 8
                                && n.serving(id).stream().allMatch(r -> r.ballot() == 2)));
        assertThat(cluster.nodes().stream()
                        .filter(n -> n != victim)
                        .mapToLong(n -> n.primaries(id))
                        .sum())
                .isEqualTo(8);
    }

    @Test
    void learnersRestoreTheReplicaCountOnAFourthNode() throws Exception {
        MetaAdminClient admin = startCluster(MiniCluster.FAST, 4);
        int id = create(admin, "t", 8, 3);
        awaitServing(id, 24);
        FakeReplicaNode victim = cluster.nodes().stream()
                .filter(n -> !n.serving(id).isEmpty())
                .findFirst()
                .orElseThrow();
        rpc_address gone = victim.address();
        int lost = victim.serving(id).size();
        assertThat(lost).isPositive();
        cluster.killNode(victim);

        MiniClusterWait.until("the table is whole again without the dead node", () -> {
            try {
                query_cfg_response q = admin.queryConfig("t");
                return MetaAdminClient.isHealthy(q)
                        && q.getPartitions().stream()
                                .noneMatch(p -> p.getPrimary().equals(gone)
                                        || p.getSecondaries().contains(gone));
            } catch (Exception e) {
                return false;
            }
        });
        // the learners came through the primaries (add-learner, then the primary's upgrade proposal)
        long learnersAsked = cluster.nodes().stream()
                .flatMap(n -> n.events().stream())
                .filter(e -> e.kind().equals("add-learner"))
                .count();
        assertThat(learnersAsked).isGreaterThanOrEqualTo(lost);
        // pushes are asynchronous: the nodes catch up with the meta's view shortly after
        awaitServing(id, 24);
    }

    /** Pushes are asynchronous: waits until the nodes together serve {@code replicas} replicas of the table. */
    private void awaitServing(int id, int replicas) throws InterruptedException {
        MiniClusterWait.until(
                replicas + " replicas served",
                () -> cluster.nodes().stream()
                                .mapToInt(n -> n.serving(id).size())
                                .sum()
                        == replicas);
    }

    @Test
    void aRestartedNodeIsTreatedAsLostThenLearnsItsReplicasAgain() throws Exception {
        // the restart must come well within the grace period: with FAST's 1.2 s a pause of this JVM between the kill
        // and the new node's first beacon could get the address declared dead, which is not what this test is about
        Map<String, String> timings = new HashMap<>(MiniCluster.FAST);
        timings.put("fd.grace_ms", "4000");
        MetaAdminClient admin = startCluster(timings, 3);
        int id = create(admin, "t", 4, 3);
        awaitServing(id, 12);
        FakeReplicaNode old = cluster.nodes().stream()
                .filter(n -> n.primaries(id) > 0)
                .findFirst()
                .orElseThrow();
        rpc_address addr = old.address();
        cluster.killNode(old);
        // back at once, well within the grace period, but as a new process (new incarnation, no replicas)
        FakeReplicaNode fresh = cluster.startNode(addr.port(), System.nanoTime() + 1);
        MiniClusterWait.until("the restarted node is a secondary of every partition again", () -> {
            try {
                query_cfg_response q = admin.queryConfig("t");
                return MetaAdminClient.isHealthy(q)
                        && q.getPartitions().stream()
                                .allMatch(p -> p.getSecondaries().contains(addr));
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(declaredDead).doesNotContainKey(addr);
        for (partition_configuration p : admin.queryConfig("t").getPartitions()) {
            assertThat(p.getPrimary()).isNotEqualTo(addr);
            assertThat(p.getBallot()).as("removed, then added back").isGreaterThanOrEqualTo(3);
        }
        MiniClusterWait.until(
                "the fresh node serves them", () -> fresh.serving(id).size() == 4);
    }
}
