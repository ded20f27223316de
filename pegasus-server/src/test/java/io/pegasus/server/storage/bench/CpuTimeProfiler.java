package io.pegasus.server.storage.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's JVM per operation ({@code -prof io.pegasus.server.storage.bench.CpuTimeProfiler}).
 *
 * <p>Why: on a shared 2-core box wall time per operation mostly measures how long the thread waited for a core, so
 * two runs of the same code differ by 2x. CPU time counts only work done: the benchmark thread plus whatever it causes
 * in the process (RocksDB flushes and compactions, GC, and some JIT), which is the cost a node pays per operation. It
 * is not immune to contention (shared caches), but far less sensitive than wall time.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startNanos;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : cpuNanos / 1000.0 / ops;
        return List.of(new ScalarResult("cpu.per.op", perOp, "us/op", AggregationPolicy.AVG));
    }
}
