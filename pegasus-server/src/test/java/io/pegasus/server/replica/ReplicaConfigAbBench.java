package io.pegasus.server.replica;

import io.pegasus.rpc.client.RpcClient;
import io.pegasus.server.config.NettyLeakDetection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Two ReplicaServer configurations side by side in one JVM: two clusters of three ReplicaServers (8 partitions each
 * unless a setting says otherwise),
 * each configured like the onebox (the {@code replica.} keys of docs/configuration.md, defaults for every key not
 * given), measured in short alternating cells so that this VM's drifting disk latency and other jobs hit both alike.
 * Prints every cell and, per setting and outstanding count, the median puts/s, the median CPU of this process per put
 * and the share of it spent in the kernel, the median voluntary context switches of this process per put (the idle
 * cluster's share of both is its ticks: negligible), and the median read and write system calls per put. The context switches are thread wake-ups and
 * the system calls are messages and log writes: counts that other jobs on the machine hardly change, so they
 * compare settings even when the machine is too busy for the rates to. So is the last column, the KB the JVM's
 * threads allocated per put (client and both clusters; the idle one allocates next to nothing; 0 when the JVM does
 * not measure allocation).
 *
 * <p>Run: {@code bin/bench-main pegasus-server io.pegasus.server.replica.ReplicaConfigAbBench SETTING_A SETTING_B
 * [rounds] [seconds per cell]}, a setting being {@code key=value[,key=value...]} or {@code defaults}, e.g. {@code
 * replica.log_journal=false replica.log_journal=true 8 4}. A setting may also carry {@code bench.partitions=N}, the
 * partition count of its cluster's table (8 unless given: docs/replication.md point 19 compares them), and {@code
 * -Dbench.outstandings=64,256} in {@code BENCH_JAVA_OPTS} chooses the rows (1, 16 and 64 unless given).
 */
public final class ReplicaConfigAbBench {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReplicaConfigAbBench SETTING_A SETTING_B [rounds] [seconds per cell]");
            System.exit(2);
        }
        String[] names = {args[0], args[1]};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int[] partitions = {partitions(names[0]), partitions(names[1])};
        // -Dbench.outstandings=64: only those rows (e.g. to profile one of them)
        int[] outstandings = Arrays.stream(
                        System.getProperty("bench.outstandings", "1,16,64").split(","))
                .mapToInt(x -> Integer.parseInt(x.trim()))
                .toArray();
        // as in the servers' and the onebox benchmark's processes: the detector's sampling is not a server cost
        NettyLeakDetection.offUnlessConfigured();
        List<List<ReplicaServer>> clusters = List.of(
                InJvmReplicationBench.startCluster(partitions[0], o -> configured(o, names[0])),
                InJvmReplicationBench.startCluster(partitions[1], o -> configured(o, names[1])));
        double[][][] rate = new double[2][outstandings.length][rounds];
        double[][][] cpu = new double[2][outstandings.length][rounds];
        double[][][] switches = new double[2][outstandings.length][rounds];
        double[][][] reads = new double[2][outstandings.length][rounds];
        double[][][] writes = new double[2][outstandings.length][rounds];
        double[][][] sys = new double[2][outstandings.length][rounds];
        double[][][] alloc = new double[2][outstandings.length][rounds];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] value = new byte[1024];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RpcClient client = new RpcClient()) {
            // warm-up, not counted: every cell once. With one cell at 64 per cluster, the first round's first setting
            // still ran at about half speed in every run, whichever setting that was (2026-11-28)
            for (int c = 0; c < 2; c++) {
                for (int o : outstandings) {
                    InJvmReplicationBench.measure(client, clusters.get(c), partitions[c], value, o, seconds);
                }
            }
            System.out.printf(
                    "%-6s %-32s %6s %10s %12s %6s %10s %8s %8s %8s %8s %8s%n",
                    "round",
                    "setting",
                    "conc",
                    "puts/s",
                    "cpu us/put",
                    "sys%",
                    "cs/put",
                    "rd/put",
                    "wr/put",
                    "KB/put",
                    "p50 us",
                    "p99 us");
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int c = (r + k) % 2; // alternate which setting goes first
                    for (int o = 0; o < outstandings.length; o++) {
                        long cpu0 = os.getProcessCpuTime();
                        Map<String, Long> groups0 = switchesByThreadGroup();
                        long[] io0 = readWriteCalls();
                        long[] t0 = userSystemTicks();
                        long allocated0 = threads.getTotalThreadAllocatedBytes();
                        InJvmReplicationBench.Cell m = InJvmReplicationBench.measure(
                                client, clusters.get(c), partitions[c], value, outstandings[o], seconds);
                        long[] io1 = readWriteCalls();
                        long[] t1 = userSystemTicks();
                        long allocated1 = threads.getTotalThreadAllocatedBytes();
                        double cpuNanos = os.getProcessCpuTime() - cpu0;
                        double puts = m.opsPerSecond() * seconds;
                        rate[c][o][r] = m.opsPerSecond();
                        cpu[c][o][r] = cpuNanos / 1e3 / puts;
                        Map<String, Long> groups1 = switchesByThreadGroup();
                        switches[c][o][r] = (sum(groups1) - sum(groups0)) / puts;
                        reads[c][o][r] = (io1[0] - io0[0]) / puts;
                        writes[c][o][r] = (io1[1] - io0[1]) / puts;
                        long ticks = (t1[0] - t0[0]) + (t1[1] - t0[1]);
                        sys[c][o][r] = ticks == 0 ? 0 : 100.0 * (t1[1] - t0[1]) / ticks;
                        // HotSpot's total counts threads that ended too; the JVM answers -1 when it does not measure
                        // allocation, so the column reads 0 then (HotSpot measures it unless told not to)
                        alloc[c][o][r] = (allocated1 - allocated0) / 1024.0 / puts;
                        System.out.printf(
                                "%-6d %-32s %6d %10.0f %12.0f %6.0f %10.2f %8.2f %8.2f %8.1f %8.0f %8.0f%n",
                                r + 1,
                                names[c],
                                outstandings[o],
                                m.opsPerSecond(),
                                cpu[c][o][r],
                                sys[c][o][r],
                                switches[c][o][r],
                                reads[c][o][r],
                                writes[c][o][r],
                                alloc[c][o][r],
                                m.p50Micros(),
                                m.p99Micros());
                        if (BY_THREAD) {
                            printByThread(groups0, groups1, puts);
                        }
                    }
                }
            }
        }
        System.out.printf("%nmedians of %d rounds, %d s cells%n", rounds, seconds);
        System.out.printf(
                "%-32s %6s %10s %12s %6s %10s %8s %8s %8s%n",
                "setting", "conc", "puts/s", "cpu us/put", "sys%", "cs/put", "rd/put", "wr/put", "KB/put");
        for (int o = 0; o < outstandings.length; o++) {
            for (int c = 0; c < 2; c++) {
                System.out.printf(
                        "%-32s %6d %10.0f %12.0f %6.0f %10.2f %8.2f %8.2f %8.1f%n",
                        names[c],
                        outstandings[o],
                        median(rate[c][o]),
                        median(cpu[c][o]),
                        median(sys[c][o]),
                        median(switches[c][o]),
                        median(reads[c][o]),
                        median(writes[c][o]),
                        median(alloc[c][o]));
            }
        }
        clusters.forEach(cl -> cl.forEach(ReplicaServer::close));
    }

    /** The options the configuration file would give with {@code setting}, for the folder and port of {@code o}. */
    private static ReplicaServerOptions configured(ReplicaServerOptions o, String setting) {
        Map<String, String> values = values(setting);
        values.remove(PARTITIONS_KEY);
        values.put(ReplicaServerConfig.HOST, o.host());
        values.put(ReplicaServerConfig.PORT, Integer.toString(o.port()));
        values.put(ReplicaServerConfig.DATA_DIR, o.dataDir().toString());
        return ReplicaServerConfig.fromMap(values);
    }

    /** A setting's pseudo-key for the table's partition count (8 unless given): not a server key. */
    private static final String PARTITIONS_KEY = "bench.partitions";

    private static int partitions(String setting) {
        String n = values(setting).get(PARTITIONS_KEY);
        return n == null ? 8 : Integer.parseInt(n);
    }

    /** The {@code key=value} pairs of {@code setting}; none for {@code defaults}. */
    private static Map<String, String> values(String setting) {
        Map<String, String> values = new HashMap<>();
        if (!setting.equals("defaults")) {
            for (String kv : setting.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not key=value: " + kv);
                }
                values.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /** {@code -Dbench.byThread=true}: after each cell, the context switches per put of each thread group. */
    private static final boolean BY_THREAD = Boolean.getBoolean("bench.byThread");

    private static void printByThread(Map<String, Long> before, Map<String, Long> after, double puts) {
        StringBuilder b = new StringBuilder("       switches per put:");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() / puts >= 0.05)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> b.append(String.format(" %s %.2f", e.getKey(), e.getValue() / puts)));
        System.out.println(b);
    }

    private static long sum(Map<String, Long> switches) {
        return switches.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Voluntary context switches so far per thread name with its trailing numbers dropped ("mutation-log-1" and
     * "mutation-log-2" count together), from /proc/self/task (Linux; empty elsewhere).
     */
    static Map<String, Long> switchesByThreadGroup() {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String group =
                            Files.readString(t.resolve("comm")).trim().replaceAll("[-#]?[0-9]+([-#][0-9]+)*$", "");
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            out.merge(
                                    group,
                                    Long.parseLong(line.substring(line.indexOf(':') + 1)
                                            .trim()),
                                    Long::sum);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out; // not Linux
        }
        return out;
    }

    /**
     * Read-like and write-like system calls of this process so far ({@code syscr}, {@code syscw} of /proc/self/io:
     * read, readv, write, writev and the like, on sockets and files alike; not fdatasync, epoll or futex), or zeros
     * where there is no /proc.
     */
    static long[] readWriteCalls() {
        long[] out = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("syscr:")) {
                    out[0] = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    out[1] = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return out;
    }

    /**
     * User and system CPU of this process so far, in clock ticks ({@code utime}, {@code stime} of /proc/self/stat),
     * or zeros where there is no /proc: how much of a put's CPU is the kernel's (socket calls, fdatasync, wake-ups).
     */
    static long[] userSystemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private ReplicaConfigAbBench() {}
}
