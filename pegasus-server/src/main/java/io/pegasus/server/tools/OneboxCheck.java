package io.pegasus.server.tools;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.agent.MetaAgentConfig;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_request;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code bin/pegasus onebox start} runs once the processes are up: creates a table (or finds it), waits until
 * every partition has a primary and its secondaries, prints the routing table, and writes and reads back one record
 * through the partition's primary. Exits non-zero if any step fails.
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
        try (MetaAdminClient admin =
                        new MetaAdminClient(MetaAgentConfig.parseAddresses(metas), 5000, Duration.ofSeconds(60));
                RpcClient client = new RpcClient()) {
            if (admin.queryConfig(table).getErr().code() == ErrorCode.ERR_OBJECT_NOT_FOUND) {
                configuration_create_app_response created = admin.createApp(table, partitions, replicas, Map.of());
                if (created.getErr().code() != ErrorCode.ERR_OK) {
                    System.err.println("create table " + table + " failed: " + created.getErr());
                    System.exit(1);
                }
            }
            query_cfg_response cfg = admin.waitHealthy(table, Duration.ofSeconds(90));
            System.out.printf(
                    "table %s (id %d): %d partitions, all healthy after %.1f s%n",
                    table, cfg.getApp_id(), cfg.getPartition_count(), (System.nanoTime() - t0) / 1e9);
            System.out.printf("  %-4s %-7s %-18s %s%n", "pidx", "ballot", "primary", "secondaries");
            for (partition_configuration pc : cfg.getPartitions()) {
                System.out.printf(
                        "  %-4d %-7d %-18s %s%n",
                        pc.getPid().partitionIndex(), pc.getBallot(), pc.getPrimary(), pc.getSecondaries());
            }
            byte[] key = StoredKey.encode(Bytes.utf8("onebox"), Bytes.utf8("check"));
            long hash = PartitionHash.ofStoredKey(key);
            int pidx = PartitionHash.partitionIndex(hash, cfg.getPartition_count());
            partition_configuration pc = cfg.getPartitions().get(pidx);
            RequestMeta meta = RequestMeta.forPartition(cfg.getApp_id(), pidx, 5000, hash);
            byte[] value = Bytes.utf8("hello at " + java.time.Instant.now());
            // the MetaServer reports a table healthy once its configuration is recorded; the replicas open
            // a moment later, so routing errors are retried for a while, as a client would
            RpcResponse put = null;
            RpcResponse get = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                put = client.connection(pc.getPrimary().toSocketAddress())
                        .call(
                                RpcNames.PUT,
                                meta,
                                Args.struct(new update_request(new blob(key), new blob(value), 0)),
                                5000)
                        .get(10, TimeUnit.SECONDS);
                if (put.error() != ErrorCode.ERR_OBJECT_NOT_FOUND && put.error() != ErrorCode.ERR_INVALID_STATE) {
                    break;
                }
                Thread.sleep(100);
            }
            get = client.connection(pc.getPrimary().toSocketAddress())
                    .call(RpcNames.GET, meta, Args.blob(key), 5000)
                    .get(10, TimeUnit.SECONDS);
            if (!put.ok() || !get.ok()) {
                System.err.println(
                        "put/get through " + pc.getPrimary() + " failed: " + put.error() + " / " + get.error());
                System.exit(1);
            }
            read_response r = get.readResult(new read_response());
            System.out.printf(
                    "put/get onebox:check through primary %s of partition %d -> \"%s\"%n",
                    pc.getPrimary(), pidx, new String(r.getValue().data(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private OneboxCheck() {}
}
