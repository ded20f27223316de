package io.pegasus.server.tools;

import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.TableInfo;
import io.pegasus.rpc.RpcException;
import io.pegasus.server.agent.MetaAgentConfig;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code bin/pegasus onebox start} runs once the processes are up, to show the cluster working: creates the
 * table through the Java client (or finds it), prints its routing table, then writes, reads back and deletes a record.
 * Exits non-zero if any step fails.
 *
 * <p>Usage: {@code OneboxCheck <meta list> <table> <partitions> <replicas>}
 */
public final class OneboxCheck {
    public static void main(String[] args) throws Exception {
        String metas = args[0];
        String table = args[1];
        int partitions = Integer.parseInt(args[2]);
        int replicas = Integer.parseInt(args[3]);
        long t0 = System.nanoTime();
        // one admin client for the whole check: the wait for live nodes and the routing printout
        try (MetaAdminClient admin =
                new MetaAdminClient(MetaAgentConfig.parseAddresses(metas), 5000, Duration.ofSeconds(30))) {
            try {
                // the servers listen, but a create is refused until the leader has a beacon from as many as it needs
                admin.waitAliveNodes(replicas, Duration.ofSeconds(60));
            } catch (RpcException e) {
                System.err.println("onebox check failed: " + e.getMessage());
                System.exit(1);
            }
            check(admin, metas, table, partitions, replicas, t0);
        }
    }

    private static void check(MetaAdminClient admin, String metas, String table, int partitions, int replicas, long t0)
            throws Exception {
        try (PegasusClient client = PegasusClient.create(metas)) {
            boolean exists = client.listTables().stream().map(TableInfo::name).anyMatch(table::equals);
            // also for a table that exists: a cluster that restarts may still be bringing partitions back to
            // their replica count, and createTable waits until every partition is whole again
            client.createTable(table, partitions, replicas, Map.of(), Duration.ofSeconds(120));
            System.out.printf(
                    "table %s %s, healthy after %.1f s%n",
                    table, exists ? "found" : "created", (System.nanoTime() - t0) / 1e9);
            printRouting(admin, table);
            PegasusTable t = client.openTable(table);
            byte[] hk = bytes("onebox");
            byte[] sk = bytes("check");
            String value = "hello at " + java.time.Instant.now();
            t.set(hk, sk, bytes(value));
            String back = new String(t.get(hk, sk), StandardCharsets.UTF_8);
            t.del(hk, sk);
            boolean gone = t.get(hk, sk) == null;
            System.out.printf(
                    "set/get/del onebox:check through the Java client -> \"%s\"%s%n",
                    back, gone ? " (deleted again)" : "");
            if (!back.equals(value) || !gone) {
                System.err.println("the record did not come back as written");
                System.exit(1);
            }
        } catch (PegasusException e) {
            System.err.println("onebox check failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void printRouting(MetaAdminClient admin, String table) throws Exception {
        query_cfg_response cfg = admin.queryConfig(table);
        System.out.printf("  %-4s %-7s %-18s %s%n", "pidx", "ballot", "primary", "secondaries");
        for (partition_configuration pc : cfg.getPartitions()) {
            System.out.printf(
                    "  %-4d %-7d %-18s %s%n",
                    pc.getPid().partitionIndex(), pc.getBallot(), pc.getPrimary(), pc.getSecondaries());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private OneboxCheck() {}
}
