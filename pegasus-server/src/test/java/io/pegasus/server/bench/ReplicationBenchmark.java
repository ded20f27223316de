package io.pegasus.server.bench;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusTable;
import io.pegasus.metrics.LatencyHistogram;
import io.pegasus.server.config.NettyLeakDetection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * The replication benchmark of issue 5: replicated puts and gets of 1 KB values through the Java client against a
 * running cluster (the onebox) at 1, 16 and 64 concurrent requests, and, in the same run, plain rocksdbjni puts of the
 * same values in this process as the yardstick (default options, WAL on without sync: the cheapest durable-ish put a
 * single process can do).
 *
 * <p>Each client row also says how many cores the client process and the onebox's server processes kept busy (the
 * issue asks for the client's own CPU share: one client process must be able to saturate the onebox).
 *
 * <p>Run (with a onebox up): {@code bin/pegasus bench-replication [seconds] [metas] [table]}; the onebox's pid files
 * are found under {@code $PEGASUS_ONEBOX_DIR} (default {@code onebox/}).
 */
public final class ReplicationBenchmark {
    private static final int VALUE_BYTES = 1024;
    private static final int KEY_SPACE = 100_000;

    public static void main(String[] args) throws Exception {
        // as in the servers: Netty's leak detector records a stack trace for sampled buffers, a few percent of the
        // client's CPU (-Dio.netty.leakDetection.level=... turns it back on)
        NettyLeakDetection.offUnlessConfigured();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String metas = args.length > 1 ? args[1] : "127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603";
        String tableName = args.length > 2 ? args[2] : "temp";
        byte[] value = new byte[VALUE_BYTES];
        new Random(1).nextBytes(value);

        System.out.printf(
                "replication benchmark: 1 KB values, %d s per row, table %s on %s%n", seconds, tableName, metas);
        Path onebox = Path.of(System.getenv().getOrDefault("PEGASUS_ONEBOX_DIR", "onebox"));
        ProcessCpu cpu = ProcessCpu.ofOnebox(onebox);
        System.out.printf(
                "CPU columns: cores busy during the row (client = this process; servers = the %d onebox processes"
                        + " under %s; n/a when one of them stopped or started during the row)%n",
                cpu.serverCount(), onebox);
        System.out.println(loadGeneratorDescription());
        System.out.printf(
                "%-26s %6s %10s %9s %9s %9s %8s %8s %7s %6s%n",
                "system / operation",
                "conc",
                "ops/s",
                "p50 us",
                "p99 us",
                "p999 us",
                "client",
                "servers",
                "client%",
                "steal%");
        // PEGASUS_BENCH_PUTS_ONLY=1: only the replicated puts, for quick side-by-side runs of server settings
        boolean putsOnly = System.getenv("PEGASUS_BENCH_PUTS_ONLY") != null;
        double yardstick = putsOnly ? 0 : yardstick(seconds, value);
        double bestPut = 0;
        ClientOptions.Builder options = loadGeneratorOptions(metas);
        try (PegasusClient client = PegasusClient.create(options.build())) {
            PegasusTable table = client.openTable(tableName);
            // servers just started run interpreted code: without a warm-up the first rows measure the JIT compiler
            Result warm = runAsync(cpu, 16, seconds, i -> table.setAsync(hashKey(i), SORT_KEY, value));
            System.out.printf("(warm-up: %.0f puts/s at 16 outstanding, not counted)%n", warm.opsPerSecond);
            // ...and the client's JIT is still compiling after it (a fresh JVM); so are the servers' after a restart
            warmUntilCompilersQuiet(cpu, i -> table.setAsync(hashKey(i), SORT_KEY, value));
            for (int conc : CONCURRENCIES) {
                Result r = runAsync(cpu, conc, seconds, i -> table.setAsync(hashKey(i), SORT_KEY, value));
                print("pegasus put (3 replicas)", conc, r);
                bestPut = Math.max(bestPut, r.opsPerSecond);
            }
            for (int conc : putsOnly ? new int[0] : CONCURRENCIES) {
                Result r = runAsync(cpu, conc, seconds, i -> table.getAsync(hashKey(i), SORT_KEY));
                print("pegasus get", conc, r);
            }
        }
        if (!putsOnly) {
            System.out.printf(
                    "%nbest replicated put / best rocksdbjni put = %.0f / %.0f = %.1f%% (goal >= 25%%)%n",
                    bestPut, yardstick, 100 * bestPut / yardstick);
        }
    }

    /** A 2-second slice whose compilers used less than this much CPU counts as quiet: 2 % of one core. */
    private static final long QUIET_COMPILER_NANOS_PER_SLICE = 40_000_000L;

    /**
     * On a freshly started onebox the servers' compilers stay busy for about a minute of load (2026-11-28: 2.8-4.9 s of
     * compile CPU per 10 s per server from 10 to 50 s in, under 0.2 s after 70 s), so 30 s was too short for the first
     * run on a new onebox.
     */
    private static final int MAX_EXTRA_WARM_UP_SECONDS = 90;

    /**
     * Keeps putting at the largest concurrency of the run, in 2-second slices, until the JIT compilers of this JVM and
     * of the onebox's servers used less than 2 % of a core in a slice, for at most {@link #MAX_EXTRA_WARM_UP_SECONDS},
     * and says how long it took. Not measured.
     */
    private static void warmUntilCompilersQuiet(ProcessCpu cpu, ClosedLoop.AsyncOp op) throws InterruptedException {
        int concurrency = Arrays.stream(CONCURRENCIES).max().orElse(64);
        int slice = 2;
        for (int spent = slice; spent <= MAX_EXTRA_WARM_UP_SECONDS; spent += slice) {
            long before = cpu.compilerNanos();
            runAsync(cpu, concurrency, slice, op);
            long compiling = cpu.compilerNanos() - before;
            if (compiling < QUIET_COMPILER_NANOS_PER_SLICE) {
                System.out.printf(
                        "(warm-up: %d s more at %d outstanding, until the JIT compilers went quiet)%n",
                        spent, concurrency);
                return;
            }
        }
        System.out.printf(
                "(warm-up: %d s more at %d outstanding; the JIT compilers were still busy: the first rows may measure"
                        + " them)%n",
                MAX_EXTRA_WARM_UP_SECONDS, concurrency);
    }

    /**
     * The load generator runs on the onebox's two cores, so every microsecond of client CPU per put is taken from the
     * servers. By default it uses the client's cheapest documented configuration: results complete on its network
     * thread ({@code callbackExecutor(Runnable::run)}, docs/client.md, so the closed loop's next put is written by the
     * thread that read the previous answer, with no hand-off) and one network thread (all three connections on it).
     * {@code PEGASUS_BENCH_CALLBACKS=pool} and {@code PEGASUS_BENCH_CLIENT_IO_THREADS=N} measure other settings, e.g.
     * the library's defaults (a callback pool, {@code min(4, cores)} network threads).
     */
    static ClientOptions.Builder loadGeneratorOptions(String metas) {
        ClientOptions.Builder options = ClientOptions.builder().metaServers(metas);
        if (!callbacksOnPool()) {
            options.callbackExecutor(Runnable::run);
        }
        options.ioThreads(clientIoThreads());
        return options;
    }

    private static boolean callbacksOnPool() {
        String callbacks = System.getenv("PEGASUS_BENCH_CALLBACKS");
        if (callbacks != null && !callbacks.equals("pool") && !callbacks.equals("network")) {
            throw new IllegalArgumentException(
                    "PEGASUS_BENCH_CALLBACKS must be 'pool' or 'network' (the default), not '" + callbacks + "'");
        }
        return "pool".equals(callbacks);
    }

    private static int clientIoThreads() {
        String n = System.getenv("PEGASUS_BENCH_CLIENT_IO_THREADS");
        if (n == null) {
            return 1;
        }
        try {
            int threads = Integer.parseInt(n.trim());
            if (threads > 0) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "PEGASUS_BENCH_CLIENT_IO_THREADS must be a positive number of threads, not '" + n + "'");
    }

    static String loadGeneratorDescription() {
        boolean pool = callbacksOnPool();
        return String.format(
                "client: %d network thread(s), results complete %s (PEGASUS_BENCH_CALLBACKS=pool,"
                        + " PEGASUS_BENCH_CLIENT_IO_THREADS=N for other settings)",
                clientIoThreads(), pool ? "on the client's callback pool" : "on its network thread");
    }

    private static final byte[] SORT_KEY = "v".getBytes();
    // PEGASUS_BENCH_CONCURRENCIES=1,16,64,256: other rows, e.g. to see whether puts are bound by CPU or by waiting
    private static final int[] CONCURRENCIES = java.util.Arrays.stream(System.getenv()
                    .getOrDefault("PEGASUS_BENCH_CONCURRENCIES", "1,16,64")
                    .split(","))
            .mapToInt(c -> Integer.parseInt(c.trim()))
            .toArray();

    /** Plain rocksdbjni puts in this process, in a temporary database: the best ops/s over the concurrencies. */
    static double yardstick(int seconds, byte[] value) throws Exception {
        double best = 0;
        Path dir = Files.createTempDirectory("rocksdb-yardstick");
        RocksDB.loadLibrary();
        try (Options o = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(o, dir.toString());
                WriteOptions wo = new WriteOptions()) {
            for (int conc : CONCURRENCIES) {
                Result r = runThreads(conc, seconds, i -> db.put(wo, key(i), value));
                print("rocksdbjni put (1 process)", conc, r);
                best = Math.max(best, r.opsPerSecond);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return best;
    }

    private static byte[] hashKey(long i) {
        return ("user" + (i % KEY_SPACE)).getBytes();
    }

    static byte[] key(long i) {
        return ("user" + (i % KEY_SPACE) + "v").getBytes();
    }

    /** One row; CPU figures in cores busy on average over the row (NaN for the yardstick, which has no servers). */
    record Result(
            double opsPerSecond,
            LatencyHistogram latency,
            long errors,
            double clientCores,
            double serverCores,
            double stealPercent) {
        Result(double opsPerSecond, LatencyHistogram latency, long errors, double stealPercent) {
            this(opsPerSecond, latency, errors, Double.NaN, Double.NaN, stealPercent);
        }
    }

    private static void print(String what, int conc, Result r) {
        System.out.printf(
                "%-26s %6d %10.0f %9.0f %9.0f %9.0f %8s %8s %7s %6s%s%n",
                what,
                conc,
                r.opsPerSecond,
                r.latency.percentile(50) / 1e3,
                r.latency.percentile(99) / 1e3,
                r.latency.percentile(99.9) / 1e3,
                Double.isNaN(r.clientCores) ? "" : String.format("%.2f", r.clientCores),
                Double.isNaN(r.clientCores)
                        ? ""
                        : Double.isNaN(r.serverCores) ? "n/a" : String.format("%.2f", r.serverCores),
                Double.isNaN(r.clientCores) || Double.isNaN(r.serverCores)
                        ? ""
                        : String.format("%.0f%%", 100 * r.clientCores / (r.clientCores + r.serverCores)),
                Double.isNaN(r.stealPercent) ? "" : String.format("%.0f%%", r.stealPercent),
                r.errors == 0 ? "" : "   errors " + r.errors);
    }

    @FunctionalInterface
    interface SyncOp {
        void run(long i) throws Exception;
    }

    /** {@code threads} threads each doing one operation at a time (the yardstick). */
    private static Result runThreads(int threads, int seconds, SyncOp op) throws InterruptedException {
        LatencyHistogram h = new LatencyHistogram();
        AtomicLong counter = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                while (!stop.get()) {
                    long i = counter.incrementAndGet();
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                        h.record(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            ts[t].start();
        }
        long start = System.nanoTime();
        ProcessCpu.StealSample steal0 = ProcessCpu.StealSample.now();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long elapsed = System.nanoTime() - start;
        double steal = ProcessCpu.StealSample.percent(steal0, ProcessCpu.StealSample.now());
        for (Thread t : ts) {
            t.join();
        }
        return new Result(h.count() * 1e9 / elapsed, h, errors.get(), steal);
    }

    /** {@code concurrency} operations kept outstanding ({@link ClosedLoop}), with the CPU of client and servers. */
    private static Result runAsync(ProcessCpu cpu, int concurrency, int seconds, ClosedLoop.AsyncOp op)
            throws InterruptedException {
        long client0 = ProcessCpu.clientNanos();
        Map<Long, Long> servers0 = cpu.serverTicks();
        ProcessCpu.StealSample steal0 = ProcessCpu.StealSample.now();
        List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
        ClosedLoop.Outcome o = ClosedLoop.run(concurrency, seconds, op, e -> {
            if (firstErrors.size() < 3) {
                firstErrors.add(String.valueOf(e));
            }
        });
        // a failed put is counted in the row; its message says which key, table or node
        firstErrors.forEach(e -> System.out.println("  error at " + concurrency + " outstanding: " + e));
        double clientCores = (ProcessCpu.clientNanos() - client0) / (double) o.elapsedNanos();
        double serverCores = ProcessCpu.serverCores(servers0, cpu.serverTicks(), o.elapsedNanos());
        double steal = ProcessCpu.StealSample.percent(steal0, ProcessCpu.StealSample.now());
        return new Result(o.opsPerSecond(), o.latency(), o.errors(), clientCores, serverCores, steal);
    }

    private ReplicationBenchmark() {}
}
