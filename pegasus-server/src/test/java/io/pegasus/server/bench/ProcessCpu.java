package io.pegasus.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process and of the onebox's server processes (read from {@code /proc/<pid>/stat} through the
 * onebox's pid files), so a benchmark can say how much of the work the client itself costs.
 */
final class ProcessCpu {
    /** Linux reports utime and stime in clock ticks; 100 per second on every common configuration. */
    private static final long TICKS_PER_SECOND = 100;

    private final Path oneboxDir;

    private ProcessCpu(Path oneboxDir) {
        this.oneboxDir = oneboxDir;
    }

    /** The server processes of the onebox in {@code oneboxDir} (none found: server CPU reads as 0). */
    static ProcessCpu ofOnebox(Path oneboxDir) {
        return new ProcessCpu(oneboxDir);
    }

    /** The pids in the onebox's pid files now (a node restarted since has a new one). */
    private static List<Long> pidsOf(Path oneboxDir) {
        List<Long> pids = new ArrayList<>();
        if (Files.isDirectory(oneboxDir)) {
            try (Stream<Path> nodes = Files.list(oneboxDir)) {
                for (Path node : (Iterable<Path>) nodes::iterator) {
                    Path pidFile = node.resolve("pid");
                    if (Files.isRegularFile(pidFile)) {
                        pids.add(Long.parseLong(Files.readString(pidFile).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                pids.clear();
            }
        }
        return pids;
    }

    int serverCount() {
        return pidsOf(oneboxDir).size();
    }

    /** CPU time of this JVM so far, in nanoseconds. */
    static long clientNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU ticks of each onebox server process running now, by pid; the pid files are read again, so a node restarted
     * since {@link #ofOnebox} is there under its new pid, and one that is down is missing.
     */
    Map<Long, Long> serverTicks() {
        Map<Long, Long> ticks = new TreeMap<>();
        for (long pid : pidsOf(oneboxDir)) {
            try {
                ticks.put(pid, ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
            } catch (IOException | RuntimeException e) {
                // the process ended (or never started): not in the sample
            }
        }
        return ticks;
    }

    /**
     * Cores the server processes kept busy between two {@link #serverTicks} samples, NaN if a process ended or started
     * between them: its CPU time in that interval cannot be known (summing only what is there gave negative figures
     * in a row during which a node was killed).
     */
    static double serverCores(Map<Long, Long> before, Map<Long, Long> after, long elapsedNanos) {
        if (!before.keySet().equals(after.keySet())) {
            return Double.NaN;
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ticks += e.getValue() - before.get(e.getKey());
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND) / (double) elapsedNanos;
    }

    /**
     * CPU time of the JIT compiler threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}) of this JVM and of
     * the onebox's server processes so far, in nanoseconds: while it grows, a row measures the compiler as much as the
     * code (a fresh client JVM compiles for 20-25 s after its first puts, docs/replication.md point 19).
     */
    long compilerNanos() {
        long ticks = compilerTicks(Path.of("/proc/self"));
        for (long pid : pidsOf(oneboxDir)) {
            ticks += compilerTicks(Path.of("/proc", Long.toString(pid)));
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** utime + stime of the compiler threads under {@code proc} (a {@code /proc/<pid>} folder); 0 if it is gone. */
    static long compilerTicks(Path proc) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        ticks += ticksOf(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile (HotSpot adds and removes compiler threads as the queue grows)
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** utime + stime from a {@code stat} line (fields 14 and 15, counted after the parenthesised command name). */
    static long ticksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * The machine's steal time and all its CPU time so far, in clock ticks, from the first line of /proc/stat: the share
     * the hypervisor gave to other guests. On the shared VMs these benchmarks run on it comes in bursts of up to 30 %
     * that halve a run's throughput (docs/benchmarks.md, "Steal time"). pegasus-bench's {@code CpuSteal} does the same
     * for the YCSB workers, which cannot load this module.
     */
    record StealSample(long steal, long total) {
        /** The counters now, or null where /proc/stat cannot be read. */
        static StealSample now() {
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i <= 8; i++) { // user nice system idle iowait irq softirq steal; guest is inside user
                    total += Long.parseLong(f[i]);
                }
                return new StealSample(Long.parseLong(f[8]), total);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Steal as a percentage of all CPU time between two samples; NaN if either is missing or no time passed. */
        static double percent(StealSample from, StealSample to) {
            return from != null && to != null && to.total > from.total
                    ? 100.0 * (to.steal - from.steal) / (to.total - from.total)
                    : Double.NaN;
        }
    }
}
