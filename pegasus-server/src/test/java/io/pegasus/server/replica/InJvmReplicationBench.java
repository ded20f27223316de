package io.pegasus.server.replica;

import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.metrics.LatencyHistogram;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.bench.ClosedLoop;
import io.pegasus.server.log.FlushPolicy;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.update_request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A quick look at the replicated write path without MetaServer or client library: three ReplicaServers in this JVM,
 * 8 partitions, puts of 1 KB values at N outstanding requests over raw RPC. Not the benchmark (that one runs
 * on the onebox through the client); a development probe.
 *
 * <p>Run: {@code bin/bench-main pegasus-server io.pegasus.server.replica.InJvmReplicationBench [seconds] [policy] [max in-flight mutations]}
 */
public final class InJvmReplicationBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        FlushPolicy policy = args.length > 1 ? FlushPolicy.valueOf(args[1]) : FlushPolicy.WRITE_EACH_BATCH;
        int maxInFlight = args.length > 2
                ? Integer.parseInt(args[2])
                : io.pegasus.server.replication.ReplicaOptions.defaults().maxInFlightMutations();
        int partitions = 8;
        List<ReplicaServer> servers = startCluster(
                partitions,
                o -> o.withLog(LogOptions.builder().flushPolicy(policy).build())
                        .withReplica(o.replica().toBuilder()
                                .maxInFlightMutations(maxInFlight)
                                .build()));
        byte[] value = new byte[1024];
        try (RpcClient client = new RpcClient()) {
            System.out.printf(
                    "policy %s, %d partitions, 1 KB values, at most %d mutations in flight%n",
                    policy, partitions, maxInFlight);
            System.out.printf("%-12s %10s %10s %10s %10s%n", "outstanding", "ops/s", "p50 us", "p99 us", "p999 us");
            for (int outstanding : new int[] {1, 16, 64}) {
                Cell c = measure(client, servers, partitions, value, outstanding, seconds);
                System.out.printf(
                        "%-12d %10.0f %10.1f %10.1f %10.1f   errors %d%n",
                        outstanding, c.opsPerSecond(), c.p50Micros(), c.p99Micros(), c.p999Micros(), c.errors());
            }
        }
        servers.forEach(ReplicaServer::close);
    }

    /** Three ReplicaServers in this JVM ({@code tune} adjusts their options) hosting one table of {@code partitions}. */
    static List<ReplicaServer> startCluster(int partitions, UnaryOperator<ReplicaServerOptions> tune) throws Exception {
        Path tmp = Files.createTempDirectory("repl-bench");
        // a run writes gigabytes of logs and data: leftovers of a few runs once filled this machine's disk
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LearnSupport.deleteTree(tmp);
            } catch (java.io.IOException e) {
                System.err.println("could not delete " + tmp + ": " + e);
            }
        }));
        TestConfigManager meta = new TestConfigManager(new TableInfo("bench", partitions, Map.of()));
        List<ReplicaServer> servers = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            ReplicaServer s = ReplicaServer.start(
                    tune.apply(ReplicaServerOptions.defaults("127.0.0.1", 0, tmp.resolve(n))), meta, Clock.systemUTC());
            servers.add(s);
            meta.register(s);
        }
        for (int p = 0; p < partitions; p++) {
            meta.assign(
                    new gpid(1, p),
                    PartitionConfig.of(
                            1,
                            servers.get(p % 3).self(),
                            servers.get((p + 1) % 3).self(),
                            servers.get((p + 2) % 3).self()));
        }
        Thread.sleep(2000);
        return servers;
    }

    /** One measured cell. */
    record Cell(double opsPerSecond, double p50Micros, double p99Micros, double p999Micros, long errors) {}

    /** Keeps {@code outstanding} puts in flight for {@code seconds} ({@link ClosedLoop}) and measures them. */
    static Cell measure(
            RpcClient client, List<ReplicaServer> servers, int partitions, byte[] value, int outstanding, int seconds)
            throws InterruptedException {
        AtomicLong printed = new AtomicLong();
        ClosedLoop.Outcome o =
                ClosedLoop.run(outstanding, seconds, i -> put(client, servers, partitions, value, i), e -> {
                    if (printed.incrementAndGet() < 5) {
                        System.out.println("error: " + e);
                    }
                });
        LatencyHistogram h = o.latency();
        return new Cell(
                o.opsPerSecond(), h.percentile(50) / 1e3, h.percentile(99) / 1e3, h.percentile(99.9) / 1e3, o.errors());
    }

    /** A put of key "user{i}" to the primary of its partition; fails unless the reply is OK. */
    private static CompletableFuture<?> put(
            RpcClient client, List<ReplicaServer> servers, int partitions, byte[] value, long i) {
        byte[] key = StoredKey.encode(("user" + i).getBytes(), "f".getBytes());
        long hash = PartitionHash.ofStoredKey(key);
        int p = PartitionHash.partitionIndex(hash, partitions);
        RpcConnection c = client.connection(
                NettyReplicaTransport.address(servers.get(p % 3).self()));
        return c.call(
                        RpcNames.PUT,
                        RequestMeta.forPartition(1, p, 5000, hash),
                        Args.struct(new update_request(new blob(key), new blob(value), 0)),
                        5000)
                .thenApply(r -> {
                    if (!r.ok()) {
                        throw new IllegalStateException("put failed: " + r.error());
                    }
                    return r;
                });
    }

    private InJvmReplicationBench() {}
}
