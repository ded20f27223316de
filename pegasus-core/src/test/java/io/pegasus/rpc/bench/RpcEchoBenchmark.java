package io.pegasus.rpc.bench;

import io.pegasus.metrics.LatencyHistogram;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback round trips through the real client and server stacks (framing, Thrift, Netty, TCP): a client keeps N
 * requests outstanding on one connection against an echo handler and reports throughput and latency percentiles for
 * N = 1, 16 and 64.
 *
 * <p>Run: {@code bin/bench-main pegasus-core io.pegasus.rpc.bench.RpcEchoBenchmark [seconds] [valueBytes]}
 */
public final class RpcEchoBenchmark {
    private static final String ECHO = "BENCH_ECHO";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        byte[] payload = new byte[valueBytes];
        try (RpcServer server = new RpcServer(
                                RpcServerOptions.defaults("127.0.0.1", 0).withIoThreads(1))
                        .register(
                                ECHO, call -> call.reply(new read_response(0, new blob(call.readBlobArg()), 1, 0, "")))
                        .start();
                RpcClient client = new RpcClient(RpcClientOptions.defaults().withIoThreads(1))) {
            RpcConnection c = client.connection(server.localAddress());
            System.out.printf("loopback echo, %d-byte payload, one connection, %d s per row%n", valueBytes, seconds);
            System.out.printf("%-12s %12s %10s %10s %10s%n", "outstanding", "ops/s", "p50 us", "p99 us", "p999 us");
            for (int outstanding : new int[] {1, 16, 64}) {
                run(c, outstanding, payload, 1, false); // warm-up
                Result r = run(c, outstanding, payload, seconds, true);
                System.out.printf(
                        "%-12d %12.0f %10.1f %10.1f %10.1f%n",
                        outstanding,
                        r.opsPerSecond,
                        r.histogram.percentile(50) / 1e3,
                        r.histogram.percentile(99) / 1e3,
                        r.histogram.percentile(99.9) / 1e3);
            }
        }
    }

    record Result(double opsPerSecond, LatencyHistogram histogram) {}

    static Result run(RpcConnection c, int outstanding, byte[] payload, int seconds, boolean record)
            throws InterruptedException {
        LatencyHistogram h = new LatencyHistogram();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(outstanding);
        RequestMeta meta = RequestMeta.forPartition(1, 0, 5000, 0);
        // each of the N "slots" issues its next request from the completion of the previous one
        for (int i = 0; i < outstanding; i++) {
            issue(c, meta, payload, h, stop, done, finished);
        }
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        stop.set(true);
        long elapsed = System.nanoTime() - start;
        finished.await(10, TimeUnit.SECONDS);
        return new Result(done.get() * 1e9 / elapsed, h);
    }

    private static void issue(
            RpcConnection c,
            RequestMeta meta,
            byte[] payload,
            LatencyHistogram h,
            AtomicBoolean stop,
            AtomicLong done,
            CountDownLatch finished) {
        if (stop.get()) {
            finished.countDown();
            return;
        }
        long t0 = System.nanoTime();
        c.call(ECHO, meta, Args.blob(payload), 5000).whenComplete((r, e) -> {
            if (e != null) {
                System.err.println("call failed: " + e);
            } else {
                h.record(System.nanoTime() - t0);
                done.incrementAndGet();
            }
            issue(c, meta, payload, h, stop, done, finished);
        });
    }

    private RpcEchoBenchmark() {}
}
