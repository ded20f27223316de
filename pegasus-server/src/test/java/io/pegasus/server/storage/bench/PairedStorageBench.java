package io.pegasus.server.storage.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The layer/plain pairs of {@link StorageBenchmark}, measured interleaved: each round times a slice of layer
 * operations and a slice of plain ones back to back (alternating which goes first), on the benchmark thread's CPU clock
 * and on the wall clock, and the per-round ratios are summarized by their median.
 *
 * <p>Why besides JMH: JMH runs each benchmark in its own fork, one after another, so on a shared, loaded box the layer
 * and its plain twin meet different load and their ratio swings by ±30 %. Here both sides of a ratio meet the same
 * load within a fraction of a second. Thread CPU time counts the caller's work only (for put: the WAL write and memtable
 * insert happen on the caller; background flushes do not).
 *
 * <p>Run: {@code bin/bench-storage --paired [rounds] [millisPerSlice]} (docs/storage.md, "Benchmark").
 */
public final class PairedStorageBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One side of a pair: runs the operation once. */
    interface Op {
        Object run(StorageBenchmark b, Blackhole bh) throws Exception;
    }

    private record Pair(String name, Op layer, Op plain) {}

    private record Slice(double cpuMicrosPerOp, double wallMicrosPerOp) {}

    private PairedStorageBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long sliceMillis = args.length > 1 ? Long.parseLong(args[1]) : 200;
        List<Pair> pairs = List.of(
                new Pair("get", (b, bh) -> b.layerGet(), (b, bh) -> b.plainGet()),
                new Pair("multi_get(10)", (b, bh) -> b.layerMultiGet(), (b, bh) -> b.plainMultiGet()),
                new Pair("put", (b, bh) -> b.layerPut(), (b, bh) -> {
                    b.plainPut();
                    return null;
                }),
                new Pair("put vs batch+decree", (b, bh) -> b.layerPut(), (b, bh) -> {
                    b.plainPutWithDecree();
                    return null;
                }),
                new Pair("scan(1000)", (b, bh) -> b.layerScan1000(), (b, bh) -> {
                    b.plainScan1000(bh);
                    return null;
                }));
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.printf(
                Locale.ROOT,
                "%-20s %12s %12s %10s %12s %12s %10s%n",
                "pair",
                "layer cpu",
                "plain cpu",
                "cpu ratio",
                "layer wall",
                "plain wall",
                "wall ratio");
        for (Pair p : pairs) {
            StorageBenchmark b = new StorageBenchmark();
            b.setUp();
            try {
                measure(p, b, bh, 5, sliceMillis); // warm-up: JIT, block cache
                List<Slice[]> results = measure(p, b, bh, rounds, sliceMillis);
                report(p.name(), results);
            } finally {
                b.tearDown();
            }
        }
    }

    private static List<Slice[]> measure(Pair p, StorageBenchmark b, Blackhole bh, int rounds, long sliceMillis)
            throws Exception {
        List<Slice[]> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Slice layer;
            Slice plain;
            if (r % 2 == 0) {
                layer = slice(p.layer(), b, bh, sliceMillis);
                plain = slice(p.plain(), b, bh, sliceMillis);
            } else {
                plain = slice(p.plain(), b, bh, sliceMillis);
                layer = slice(p.layer(), b, bh, sliceMillis);
            }
            out.add(new Slice[] {layer, plain});
        }
        return out;
    }

    /** Runs the operation for about {@code millis} of wall time and returns its cost per operation. */
    private static Slice slice(Op op, StorageBenchmark b, Blackhole bh, long millis) throws Exception {
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long deadline = wall0 + millis * 1_000_000;
        long ops = 0;
        long wall;
        do {
            for (int i = 0; i < 16; i++) {
                bh.consume(op.run(b, bh));
            }
            ops += 16;
            wall = System.nanoTime();
        } while (wall < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new Slice(cpu / 1000.0 / ops, (wall - wall0) / 1000.0 / ops);
    }

    private static void report(String name, List<Slice[]> results) {
        List<Double> layerCpu = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> layerWall = new ArrayList<>();
        List<Double> plainWall = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        List<Double> wallRatio = new ArrayList<>();
        for (Slice[] s : results) {
            layerCpu.add(s[0].cpuMicrosPerOp());
            plainCpu.add(s[1].cpuMicrosPerOp());
            layerWall.add(s[0].wallMicrosPerOp());
            plainWall.add(s[1].wallMicrosPerOp());
            cpuRatio.add(s[0].cpuMicrosPerOp() / s[1].cpuMicrosPerOp());
            wallRatio.add(s[0].wallMicrosPerOp() / s[1].wallMicrosPerOp());
        }
        System.out.printf(
                Locale.ROOT,
                "%-20s %9.2f us %9.2f us %9.2fx %9.2f us %9.2f us %9.2fx   (medians of %d rounds; cpu ratio p25-p75 %.2f-%.2f)%n",
                name,
                median(layerCpu),
                median(plainCpu),
                median(cpuRatio),
                median(layerWall),
                median(plainWall),
                median(wallRatio),
                results.size(),
                quantile(cpuRatio, 0.25),
                quantile(cpuRatio, 0.75));
    }

    private static double median(List<Double> v) {
        return quantile(v, 0.5);
    }

    private static double quantile(List<Double> v, double q) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get((int) Math.round(q * (s.size() - 1)));
    }
}
