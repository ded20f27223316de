package io.pegasus.server.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.server.testing.MiniCluster;
import io.pegasus.server.thrift.list_nodes_response;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.node_info;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The load balancer and node maintenance on a real cluster (ZooKeeper, MetaServer, ReplicaServers with RocksDB and
 * PacificA): a node that joins a lively cluster gets its fair share, a draining node is emptied without any partition
 * losing a replica, and the freezed level stops both. Writes run throughout; every acknowledged one is read back.
 */
class BalancerIT {
    private static final int PARTITIONS = 8;
    private static final int REPLICAS = 3;

    /** Writes distinct keys until stopped (each key once, so a read tells whether an acknowledged write was lost). */
    private static final class Writer extends Thread {
        final PegasusTable table;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();

        Writer(PegasusTable table) {
            super("balancer-it-writer");
            this.table = table;
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                String key = "key" + i;
                String value = "value" + i;
                try {
                    table.set(bytes(key), bytes("s"), bytes(value));
                    acknowledged.put(key, value);
                } catch (PegasusException e) {
                    failures.incrementAndGet(); // outcome unknown or refused: not counted as acknowledged
                }
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            join(30_000);
        }

        void assertNothingLost() throws PegasusException {
            assertThat(acknowledged).isNotEmpty();
            for (var e : acknowledged.entrySet()) {
                byte[] v = table.get(bytes(e.getKey()), bytes("s"));
                assertThat(v == null ? null : new String(v, StandardCharsets.UTF_8))
                        .as("acknowledged write of %s", e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MiniCluster start(int replicaServers) throws Exception {
        return MiniCluster.builder()
                .replicaServers(replicaServers)
                .set(MetaServerConfig.BALANCER_MAX_CONCURRENT_MOVES, "2")
                .set(MetaServerConfig.BALANCER_MOVE_TIMEOUT_MS, "20000")
                .start();
    }

    private static PegasusClient client(MiniCluster c) {
        return PegasusClient.create(ClientOptions.builder()
                .metaServers(c.metaServerList())
                .operationTimeoutMs(5000)
                .build());
    }

    private static rpc_address addressOf(MiniCluster c, int index) {
        return rpc_address.fromIpPort("127.0.0.1", c.replicaServer(index).port());
    }

    private static void setLevel(MetaAdminClient admin, meta_level level) throws Exception {
        assertThat(admin.controlMeta(level.getValue()).getErr().code()).isEqualTo(ErrorCode.ERR_OK);
    }

    private static List<partition_configuration> partitions(MetaAdminClient admin, String table) throws Exception {
        query_cfg_response r = admin.queryConfig(table);
        assertThat(error_code.codeOf(r.getErr())).isEqualTo(ErrorCode.ERR_OK);
        return r.getPartitions();
    }

    private static List<Long> ballots(MetaAdminClient admin, String table) throws Exception {
        List<Long> out = new ArrayList<>();
        for (partition_configuration p : partitions(admin, table)) {
            out.add(p.getBallot());
        }
        return out;
    }

    /** Every partition has its primary and all its secondaries: no replica is missing. */
    private static void assertNoPartitionUnderReplicated(MetaAdminClient admin, String table) throws Exception {
        for (partition_configuration p : partitions(admin, table)) {
            assertThat(p.getPrimary().isInvalid())
                    .as("primary of %s", p.getPid())
                    .isFalse();
            assertThat(p.getSecondaries()).as("secondaries of %s", p.getPid()).hasSize(REPLICAS - 1);
        }
    }

    private static boolean fairShare(list_nodes_response r, int nodes) {
        int replicas = PARTITIONS * REPLICAS;
        if (r.getNodes().size() != nodes || r.getMoves_in_flight() != 0) {
            return false;
        }
        for (node_info n : r.getNodes()) {
            int total = n.getPrimary_count() + n.getSecondary_count();
            if (!n.isAlive()
                    || total < replicas / nodes
                    || total > (replicas + nodes - 1) / nodes
                    || n.getPrimary_count() < PARTITIONS / nodes
                    || n.getPrimary_count() > (PARTITIONS + nodes - 1) / nodes) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aFourthNodeJoiningALivelyClusterGetsItsFairShareAndNoWriteIsLost() throws Exception {
        try (MiniCluster c = start(3);
                MetaAdminClient admin = c.admin()) {
            c.createTable("grow", PARTITIONS, REPLICAS);
            setLevel(admin, meta_level.ML_LIVELY);
            try (PegasusClient client = client(c)) {
                Writer w = new Writer(client.openTable("grow"));
                w.start();
                Thread.sleep(500);
                int added = c.startReplicaServer();
                c.awaitRegistered(Duration.ofSeconds(30));
                rpc_address newcomer = addressOf(c, added);
                MiniClusterWait.until(
                        "the new node holds its fair share",
                        Duration.ofSeconds(90),
                        () -> fairShare(listNodes(admin), 4));
                int ackedWhileBalancing = w.acknowledged.size();
                w.finish();
                assertThat(ackedWhileBalancing).isPositive();
                assertNoPartitionUnderReplicated(admin, "grow");
                node_info joined = listNodes(admin).getNodes().stream()
                        .filter(n -> n.getNode().equals(newcomer))
                        .findFirst()
                        .orElseThrow();
                assertThat(joined.getPrimary_count()).isEqualTo(PARTITIONS / 4);
                assertThat(joined.getPrimary_count() + joined.getSecondary_count())
                        .isEqualTo(PARTITIONS * REPLICAS / 4);
                w.assertNothingLost();
                // balanced: the balancer proposes nothing more
                assertThat(admin.balance(true).getProposed()).isEmpty();
            }
        }
    }

    @Test
    void freezedBlocksMovesAndADrainedNodeStopsWithoutAnyPartitionLosingAReplica() throws Exception {
        try (MiniCluster c = start(4);
                MetaAdminClient admin = c.admin()) {
            c.createTable("drain", PARTITIONS, REPLICAS);
            rpc_address leaving = addressOf(c, 3);
            try (PegasusClient client = client(c)) {
                Writer w = new Writer(client.openTable("drain"));
                w.start();

                // freezed: the drain is recorded but nothing moves, by itself or by hand
                setLevel(admin, meta_level.ML_FREEZED);
                List<Long> before = ballots(admin, "drain");
                assertThat(admin.setNodeDrain(leaving, true).getReplica_count()).isPositive();
                Thread.sleep(2000); // twenty guardian ticks
                assertThat(ballots(admin, "drain")).isEqualTo(before);
                assertThat(error_code.codeOf(admin.balance(false).getErr())).isEqualTo(ErrorCode.ERR_STATE_FREEZED);
                assertThat(ballots(admin, "drain")).isEqualTo(before);

                // steady: the draining node is emptied, and no partition is ever short of a replica
                setLevel(admin, meta_level.ML_STEADY);
                MiniClusterWait.until("the draining node holds nothing", Duration.ofSeconds(90), () -> {
                    try {
                        assertNoPartitionUnderReplicated(admin, "drain");
                        return nodeInfo(admin, leaving).getPrimary_count()
                                        + nodeInfo(admin, leaving).getSecondary_count()
                                == 0;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(nodeInfo(admin, leaving).isDraining()).isTrue();
                for (partition_configuration p : partitions(admin, "drain")) {
                    assertThat(p.getPrimary()).isNotEqualTo(leaving);
                    assertThat(p.getSecondaries()).doesNotContain(leaving);
                }

                // it stops: no partition notices
                List<Long> drained = ballots(admin, "drain");
                c.killReplicaServer(3);
                Thread.sleep(3000); // past the 1.2 s grace period: the node is dead to the MetaServer
                // (on a loaded machine the MetaServer's guardian may notice a little later: wait for it)
                MiniClusterWait.until(
                        "the stopped node is dead to the MetaServer",
                        Duration.ofSeconds(30),
                        () -> !nodeInfo(admin, leaving).isAlive());
                assertThat(ballots(admin, "drain")).isEqualTo(drained);
                assertNoPartitionUnderReplicated(admin, "drain");
                w.finish();
                w.assertNothingLost();
            }
        }
    }

    private static list_nodes_response listNodes(MetaAdminClient admin) {
        try {
            return admin.listNodes(true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static node_info nodeInfo(MetaAdminClient admin, rpc_address node) {
        return listNodes(admin).getNodes().stream()
                .filter(n -> n.getNode().equals(node))
                .findFirst()
                .orElseThrow(() -> new AssertionError("node " + node + " not listed"));
    }
}
