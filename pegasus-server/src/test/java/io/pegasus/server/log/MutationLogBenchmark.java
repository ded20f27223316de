package io.pegasus.server.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Appends per second and append latency (p50/p99/p999) of one mutation log, for each flush policy at several numbers
 * of concurrent appenders. Each appender waits for its append before making the next, as a replica with that many
 * writes in flight would. A benchmark command, not a test: see docs/mutation-log.md for how to run it.
 *
 * <p>Arguments (all optional): {@code seconds=5 warmup=1 payload=1024 concurrency=1,16,64
 * policies=FSYNC_EACH_BATCH,WRITE_EACH_BATCH,NONE threads=2 preallocate=1048576 dir=/tmp}; {@code threads} is the
 * size of the log's
 * executor (a node shares one between its partitions; with one thread a background fsync delays the next write).
 */
public final class MutationLogBenchmark {
    private MutationLogBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = 5;
        int warmup = 1;
        int payload = 1024;
        int[] concurrency = {1, 16, 64};
        List<FlushPolicy> policies = List.of(FlushPolicy.values());
        Path base = Paths.get(System.getProperty("java.io.tmpdir"));
        int executorThreads = 2;
        long preallocate = LogOptions.DEFAULT_PREALLOCATE_BYTES;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "payload" -> payload = Integer.parseInt(kv[1]);
                case "concurrency" ->
                    concurrency = Arrays.stream(kv[1].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "policies" ->
                    policies = Arrays.stream(kv[1].split(","))
                            .map(FlushPolicy::valueOf)
                            .toList();
                case "dir" -> base = Paths.get(kv[1]);
                case "threads" -> executorThreads = Integer.parseInt(kv[1]);
                case "preallocate" -> preallocate = Long.parseLong(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-17s %5s %12s %10s %10s %10s %10s %8s%n",
                "policy",
                "conc",
                "appends/s",
                "MB/s",
                "p50 us",
                "p99 us",
                "p999 us",
                "batch");
        for (FlushPolicy policy : policies) {
            for (int c : concurrency) {
                Path dir = Files.createTempDirectory(base, "mlog-bench-");
                try {
                    run(dir, policy, c, payload, warmup, seconds, executorThreads, preallocate);
                } finally {
                    deleteTree(dir);
                }
            }
        }
    }

    private static void run(
            Path dir,
            FlushPolicy policy,
            int threads,
            int payloadBytes,
            int warmup,
            int seconds,
            int executorThreads,
            long preallocate)
            throws Exception {
        ScheduledExecutorService executor = MutationLog.newExecutor(executorThreads, "bench-log");
        LogOptions options = LogOptions.builder()
                .flushPolicy(policy)
                .executor(executor)
                .preallocateBytes(preallocate)
                .build();
        byte[] payload = new byte[payloadBytes];
        new Random(1).nextBytes(payload);
        try (MutationLog log = MutationLog.open(dir, options)) {
            ReentrantLock primary = new ReentrantLock();
            long[] nextDecree = {1};
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            long[][] latencies = new long[threads][];
            int[] counts = new int[threads];
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                latencies[id] = new long[1 << 16];
                Thread th = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            long start = System.nanoTime();
                            var future = appendNext(log, primary, nextDecree, payload);
                            future.get();
                            long took = System.nanoTime() - start;
                            if (measuring.get()) {
                                if (counts[id] == latencies[id].length) {
                                    latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
                                }
                                latencies[id][counts[id]++] = took;
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
                th.setDaemon(true);
                th.start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            LogStats before = log.stats();
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            LogStats after = log.stats();
            stop.set(true);
            done.await();

            int total = 0;
            for (int c : counts) {
                total += c;
            }
            long[] all = new long[total];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(all);
            double perSecond = total / (elapsed / 1e9);
            double batch =
                    (double) (after.records() - before.records()) / Math.max(1, after.batches() - before.batches());
            System.out.printf(
                    Locale.ROOT,
                    "%-17s %5d %12.0f %10.1f %10.0f %10.0f %10.0f %8.1f%n",
                    policy,
                    threads,
                    perSecond,
                    perSecond * (payloadBytes + LogFormat.RECORD_HEADER_BYTES) / (1 << 20),
                    percentile(all, 0.50) / 1e3,
                    percentile(all, 0.99) / 1e3,
                    percentile(all, 0.999) / 1e3,
                    batch);
        } finally {
            executor.shutdown();
        }
    }

    private static java.util.concurrent.CompletableFuture<Void> appendNext(
            MutationLog log, ReentrantLock primary, long[] nextDecree, byte[] payload) {
        primary.lock();
        try {
            long decree = nextDecree[0]++;
            return log.append(new LogRecord(1, decree, decree, payload));
        } finally {
            primary.unlock();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
