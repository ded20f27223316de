package io.pegasus.client.it;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusTable;
import io.pegasus.server.testing.MiniCluster;
import java.nio.charset.StandardCharsets;

/** A started MiniCluster, a client on it and a table; shared by the client integration tests. */
final class ClusterFixture implements AutoCloseable {
    final MiniCluster cluster;
    final PegasusClient client;
    final PegasusTable table;
    final String tableName;

    private ClusterFixture(MiniCluster cluster, PegasusClient client, PegasusTable table, String tableName) {
        this.cluster = cluster;
        this.client = client;
        this.table = table;
        this.tableName = tableName;
    }

    /** 1 MetaServer, 3 ReplicaServers, a table of 8 partitions x 3 replicas. */
    static ClusterFixture start(String tableName) throws Exception {
        return start(1, 3, tableName, 8, 3);
    }

    static ClusterFixture start(int metas, int replicas, String tableName, int partitions, int replicaCount)
            throws Exception {
        MiniCluster cluster = MiniCluster.builder()
                .metaServers(metas)
                .replicaServers(replicas)
                .start();
        try {
            cluster.createTable(tableName, partitions, replicaCount);
            PegasusClient client = PegasusClient.create(ClientOptions.builder()
                    .metaServers(cluster.metaServerList())
                    .build());
            return new ClusterFixture(cluster, client, client.openTable(tableName), tableName);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        client.close();
        cluster.close();
    }
}
