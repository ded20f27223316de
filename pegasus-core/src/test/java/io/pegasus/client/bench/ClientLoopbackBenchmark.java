package io.pegasus.client.bench;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.ClientOptions;
import io.pegasus.client.HistogramMetrics;
import io.pegasus.client.OperationType;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusTable;
import io.pegasus.metrics.LatencyHistogram;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.rpc_address;
import io.pegasus.thrift.update_response;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput and CPU cost of the client end to end over loopback, against a server process that answers every
 * set and get at once (a protocol double: it stores nothing), so the client is the only real work being measured.
 * The client keeps {@code window} asynchronous operations in flight and reports operations per second and the
 * CPU time its own process used per operation.
 *
 * <pre>
 * bin/bench-main pegasus-core io.pegasus.client.bench.ClientLoopbackBenchmark server 39700 &amp;
 * bin/bench-main pegasus-core io.pegasus.client.bench.ClientLoopbackBenchmark client 127.0.0.1:39700 [seconds] [window] [valueBytes] [direct]
 * </pre>
 *
 * <p>With {@code direct}, results complete on the network threads ({@code callbackExecutor(Runnable::run)}) instead
 * of the callback pool, which shows the cost of the thread hand-off.
 */
public final class ClientLoopbackBenchmark {
    private ClientLoopbackBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("server")) {
            serve(Integer.parseInt(args[1]));
        } else if (args.length >= 2 && args[0].equals("client")) {
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
            int window = args.length > 3 ? Integer.parseInt(args[3]) : 256;
            int valueBytes = args.length > 4 ? Integer.parseInt(args[4]) : 100;
            boolean direct = args.length > 5 && args[5].equals("direct");
            drive(args[1], seconds, window, valueBytes, direct);
        } else {
            System.err.println("usage: server <port> | client <host:port> [seconds] [window] [valueBytes]");
            System.exit(2);
        }
    }

    private static void serve(int port) throws Exception {
        int[] self = new int[1];
        byte[] value = new byte[100];
        RpcServer server = new RpcServer(RpcServerOptions.defaults("127.0.0.1", port))
                .register(RpcNames.QUERY_CONFIG, call -> call.reply(config(self[0])))
                .register(
                        RpcNames.PUT,
                        call -> call.reply(new update_response(0, 1, call.meta().partitionIndex(), 1, "")))
                .register(
                        RpcNames.GET,
                        call -> call.reply(new read_response(
                                0, new blob(value), 1, call.meta().partitionIndex(), "")))
                .start();
        self[0] = server.localAddress().getPort();
        System.out.println("bench server on 127.0.0.1:" + self[0]);
        Thread.currentThread().join();
    }

    private static query_cfg_response config(int port) {
        List<partition_configuration> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            partition_configuration pc = new partition_configuration();
            pc.setPid(new gpid(1, i));
            pc.setBallot(1);
            pc.setMax_replica_count(3);
            pc.setPrimary(rpc_address.fromIpPort("127.0.0.1", port));
            pc.setSecondaries(new ArrayList<>());
            pc.setLast_drops(new ArrayList<>());
            parts.add(pc);
        }
        query_cfg_response r = new query_cfg_response();
        r.setErr(new error_code(ErrorCode.ERR_OK));
        r.setApp_id(1);
        r.setPartition_count(8);
        r.setIs_stateful(true);
        r.setPartitions(parts);
        return r;
    }

    private static void drive(String meta, int seconds, int window, int valueBytes, boolean direct) throws Exception {
        ClientOptions.Builder options = ClientOptions.builder().metaServers(meta);
        if (direct) {
            options.callbackExecutor(Runnable::run);
        }
        try (PegasusClient client = PegasusClient.create(options.build())) {
            PegasusTable table = client.openTable("bench");
            byte[] value = new byte[valueBytes];
            byte[] sortKey = "s".getBytes(StandardCharsets.UTF_8);
            run(table, value, sortKey, window, 2); // warm-up
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long ops = run(table, value, sortKey, window, seconds);
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            HistogramMetrics m = (HistogramMetrics) client.metrics();
            LatencyHistogram set = m.histogram("bench", OperationType.SET);
            LatencyHistogram get = m.histogram("bench", OperationType.GET);
            System.out.printf(
                    "window %d, value %d B%s: %.0f ops/s (half set, half get); client CPU %.1f us/op (%.2f cores)%n",
                    window,
                    valueBytes,
                    direct ? ", direct completion" : "",
                    ops * 1e9 / wall,
                    cpu / 1e3 / ops,
                    (double) cpu / wall);
            System.out.printf(
                    "set p50 %.0f us p99 %.0f us; get p50 %.0f us p99 %.0f us (including warm-up)%n",
                    set.percentile(50) / 1e3,
                    set.percentile(99) / 1e3,
                    get.percentile(50) / 1e3,
                    get.percentile(99) / 1e3);
        }
    }

    private static long run(PegasusTable table, byte[] value, byte[] sortKey, int window, int seconds)
            throws InterruptedException {
        Semaphore slots = new Semaphore(window);
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long ops = 0;
        while (System.nanoTime() < end) {
            slots.acquire();
            byte[] hk = ("user" + (ops & 0xFFFF)).getBytes(StandardCharsets.UTF_8);
            var f = (ops & 1) == 0 ? table.setAsync(hk, sortKey, value) : table.getAsync(hk, sortKey);
            var unused = f.whenComplete((v, e) -> {
                if (e != null) {
                    failures.incrementAndGet();
                }
                slots.release();
            });
            ops++;
        }
        slots.acquire(window);
        if (failures.get() > 0) {
            System.out.println(failures.get() + " operations failed");
        }
        return ops;
    }
}
