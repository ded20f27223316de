package io.pegasus.client.bench;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusTable;
import io.pegasus.metrics.LatencyHistogram;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Synchronous operations against a running cluster with {@link ClientOptions#callerThreadIo()} on and off, side by
 * side in one process: two clients, their rounds alternating, so that the machine's noise falls on both. Each thread
 * runs synchronous gets and sets of 1 KB values over 10,000 keys (the write share given), one at a time, as YCSB's
 * threads do.
 *
 * <pre>
 * bin/bench-main pegasus-core io.pegasus.client.bench.CallerThreadIoBenchmark META_LIST [table] [seconds] [rounds] [writeShare] [threads...]
 * e.g. ... 127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603 temp 5 3 0.05 1 4 16
 * </pre>
 *
 * Prints, per thread count and setting, the median round's operations per second with its p50 / p99 (us) and the
 * client process's CPU per operation.
 */
public final class CallerThreadIoBenchmark {
    private static final int KEYS = 10_000;

    private CallerThreadIoBenchmark() {}

    record Round(double opsPerSec, long p50Us, long p99Us, double cpuUsPerOp) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: CallerThreadIoBenchmark META_LIST [table] [seconds] [rounds] [writeShare] [threads...]");
            System.exit(2);
        }
        String metas = args[0];
        String tableName = args.length > 1 ? args[1] : "temp";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        double writeShare = args.length > 4 ? Double.parseDouble(args[4]) : 0.05;
        List<Integer> threadCounts = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            threadCounts.add(Integer.parseInt(args[i]));
        }
        if (threadCounts.isEmpty()) {
            threadCounts = List.of(1, 4, 16);
        }
        try (PegasusClient callerIo = client(metas, true);
                PegasusClient shared = client(metas, false)) {
            PegasusTable[] tables = {callerIo.openTable(tableName), shared.openTable(tableName)};
            String[] names = {"caller-thread IO", "network threads"};
            byte[] value = new byte[1000];
            System.out.printf("loading %d keys of %d bytes into %s%n", KEYS, value.length, tableName);
            for (int i = 0; i < KEYS; i++) {
                tables[1].set(key(i), new byte[0], value);
            }
            // warm-up, not counted: both paths compiled before the first counted round
            for (PegasusTable t : tables) {
                run(t, 4, 3, writeShare, value);
            }
            System.out.printf(
                    "synchronous ops, %.0f %% sets, 1 KB values, %d s per round, %d rounds alternating; median round%n",
                    writeShare * 100, seconds, rounds);
            System.out.printf(
                    "%-18s %7s %10s %8s %8s %14s   rounds (ops/s)%n",
                    "setting", "threads", "ops/s", "p50 us", "p99 us", "client us/op");
            for (int threads : threadCounts) {
                List<List<Round>> results = List.of(new ArrayList<>(), new ArrayList<>());
                for (int r = 0; r < rounds; r++) {
                    for (int s = 0; s < 2; s++) {
                        // alternate which setting goes first, so neither always follows the other
                        int which = (r % 2 == 0) ? s : 1 - s;
                        results.get(which).add(run(tables[which], threads, seconds, writeShare, value));
                    }
                }
                for (int s = 0; s < 2; s++) {
                    List<Round> rs = new ArrayList<>(results.get(s));
                    StringBuilder each = new StringBuilder();
                    rs.forEach(x -> each.append(String.format(" %.0f", x.opsPerSec())));
                    rs.sort((a, b) -> Double.compare(a.opsPerSec(), b.opsPerSec()));
                    Round m = rs.get(rs.size() / 2);
                    System.out.printf(
                            "%-18s %7d %10.0f %8d %8d %14.1f  %s%n",
                            names[s], threads, m.opsPerSec(), m.p50Us(), m.p99Us(), m.cpuUsPerOp(), each);
                }
            }
        }
    }

    private static PegasusClient client(String metas, boolean callerThreadIo) {
        return PegasusClient.create(ClientOptions.builder()
                .metaServers(metas)
                .operationTimeoutMs(5000)
                .callerThreadIo(callerThreadIo)
                .build());
    }

    private static byte[] key(int i) {
        return ("ctio" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static Round run(PegasusTable table, int threads, int seconds, double writeShare, byte[] value)
            throws InterruptedException {
        LatencyHistogram latency = new LatencyHistogram();
        AtomicLong ops = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                try {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        byte[] k = key(rnd.nextInt(KEYS));
                        if (rnd.nextDouble() < writeShare) {
                            table.set(k, new byte[0], value);
                        } else {
                            table.get(k, new byte[0]);
                        }
                        latency.record(System.nanoTime() - now);
                        n++;
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
                ops.addAndGet(n);
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long wall = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpu0;
        if (failed.get() != null) {
            throw new IllegalStateException("an operation failed", failed.get());
        }
        long n = Math.max(1, ops.get());
        return new Round(n * 1e9 / wall, latency.percentile(50) / 1000, latency.percentile(99) / 1000, cpu / 1e3 / n);
    }
}
