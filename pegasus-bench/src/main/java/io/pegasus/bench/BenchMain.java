package io.pegasus.bench;

import io.pegasus.bench.ycsb.EtcdDB;
import io.pegasus.bench.ycsb.PegasusDB;
import io.pegasus.bench.ycsb.RedisDB;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The driver behind {@code bin/pegasus bench}: loads every system under test, then runs each workload at each thread
 * count on each system in turn (systems interleaved per cell, so slow drift of a shared machine spreads over all of
 * them), prints the table and writes {@code results.csv}, {@code results.svg} and {@code results.md} to the output
 * folder. It only connects: starting and stopping the systems is the script's job.
 */
@Command(name = "pegasus-bench", mixinStandardHelpOptions = true, description = "YCSB against our store and its peers")
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--systems", split = ",", description = "systems to measure: pegasus, etcd, redis, rocksdb")
    List<String> systems = List.of("pegasus", "etcd", "redis", "rocksdb");

    @Option(names = "--missing", description = "a peer that is not measured and why, e.g. 'etcd: etcd not installed'")
    List<String> missing = new ArrayList<>();

    @Option(names = "--workloads", split = ",", description = "A, B, C (YCSB) and W (write-only)")
    List<String> workloads = Workloads.ALL;

    @Option(names = "--threads", split = ",", description = "client thread counts")
    List<Integer> threads = List.of(1, 4, 16);

    @Option(names = "--records", description = "records loaded before the runs")
    long records = 2_000;

    @Option(names = "--value-bytes", description = "value size")
    int valueBytes = 1024;

    @Option(names = "--seconds", description = "measured seconds per cell and round")
    double seconds = 5;

    @Option(
            names = "--rounds",
            description = "rounds per cell, systems interleaved in each; the table shows each cell's median round, so"
                    + " a burst of the host's steal time during one round moves the range, not the result")
    int rounds = 3;

    @Option(names = "--warmup", description = "unmeasured seconds before each cell")
    double warmup = 2;

    @Option(
            names = "--system-warmup",
            description = "unmeasured seconds of workload A per system after loading, before the first cell: a JVM"
                    + " server (ours) compiles its hot paths for the first minute or two, which would otherwise land"
                    + " in the first cells")
    double systemWarmup = 60;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--pegasus-metas", description = "our MetaServers")
    String pegasusMetas = PegasusDB.ONEBOX_METAS;

    @Option(names = "--etcd-endpoints", description = "etcd client URLs")
    String etcdEndpoints = EtcdDB.BENCH_ENDPOINTS;

    @Option(names = "--redis-port", description = "the Redis primary's port")
    int redisPort = RedisDB.BENCH_PRIMARY_PORT;

    @Option(names = "--etcd-classpath", description = "classpath of the etcd worker (jetcd needs Netty 4.1)")
    String etcdClasspath;

    @Option(names = "--worker-heap", description = "heap of each worker JVM")
    String workerHeap = "512m";

    @Option(
            names = "--perf",
            description = "folder for a perf recording of the whole machine during each measured round, summarized per"
                    + " cell as CPU per operation by process, thread kind and activity (needs perf and root)")
    Path perfDir;

    @Option(names = "--command", description = "the command line to quote in results.md")
    String command = "";

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || seconds <= 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--rounds must be 1 or more and --seconds above 0");
        }
        Files.createDirectories(out);
        Properties base = new Properties();
        base.setProperty("pegasus.meta_servers", pegasusMetas);
        base.setProperty("etcd.endpoints", etcdEndpoints);
        base.setProperty("redis.port", Integer.toString(redisPort));
        base.setProperty("rocksdb.dir", out.resolve("rocksdb").toString());
        List<SystemUnderTest> suts =
                systems.stream().map(SystemUnderTest::byLabel).toList();
        int loadThreads = threads.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (perfDir != null) {
            String why = PerfRecorder.unavailableReason();
            if (why != null) {
                System.out.println("not profiling: " + why);
                perfDir = null;
            } else {
                Files.createDirectories(perfDir);
            }
        }
        Map<String, PerfSummary> profiles = new LinkedHashMap<>();
        Map<SystemUnderTest, Worker> workers = new EnumMap<>(SystemUnderTest.class);
        List<RunResult> loads = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        try {
            for (SystemUnderTest s : suts) {
                String cp = s == SystemUnderTest.ETCD && etcdClasspath != null
                        ? etcdClasspath
                        : System.getProperty("java.class.path");
                workers.put(s, new Worker(s, cp, workerHeap, base, out.resolve("worker-" + s.label + ".log")));
            }
            for (SystemUnderTest s : suts) {
                RunResult load = workers.get(s)
                        .execute("load " + records + " " + valueBytes + " " + loadThreads, "load", loadThreads);
                System.out.printf(
                        "loaded %-8s %d records in %.1f s (%d failed)%n",
                        s.label, load.operations(), load.seconds(), load.failed());
                loads.add(load);
            }
            if (systemWarmup > 0) {
                for (SystemUnderTest s : suts) {
                    String command = String.format(
                            Locale.ROOT, "run A %d %d %d %s %s", records, valueBytes, loadThreads, systemWarmup, 1.0);
                    RunResult warm = workers.get(s).execute(command, "A", loadThreads);
                    System.out.printf(
                            "warmed up %-8s %.0f s of workload A at %d threads (not counted; %d failed)%n",
                            s.label, systemWarmup, loadThreads, warm.failed());
                }
            }
            for (String w : workloads) {
                for (int t : threads) {
                    for (int round = 1; round <= rounds; round++) {
                        for (SystemUnderTest s : suts) {
                            String command = String.format(
                                    Locale.ROOT, "run %s %d %d %d %s %s", w, records, valueBytes, t, warmup, seconds);
                            PerfRecorder.Recording recording = perfDir == null
                                    ? null
                                    : PerfRecorder.start(
                                            perfDir.resolve(s.label + "-" + w + "-" + t + "-r" + round + ".data"),
                                            warmup,
                                            seconds);
                            RunResult r = workers.get(s).execute(command, w, t);
                            if (recording != null) {
                                PerfSummary profile = profiles.computeIfAbsent(r.cell(), c -> new PerfSummary());
                                String error = recording.addTo(profile);
                                if (error != null) {
                                    System.out.println("profile: " + error + " (round left out of the profile)");
                                } else {
                                    profile.addOperations(r.operations());
                                }
                            }
                            System.out.printf(
                                    "%-8s %s %3d threads%s: %8.0f ops/s  p99 %6d us  steal %s  (%d failed)%n",
                                    s.label,
                                    w,
                                    t,
                                    rounds > 1 ? " round " + round : "",
                                    r.opsPerSecond(),
                                    r.p99Micros(),
                                    Double.isNaN(r.stealPercent())
                                            ? "?"
                                            : String.format(Locale.ROOT, "%2.0f%%", r.stealPercent()),
                                    r.failed());
                            results.add(r);
                        }
                    }
                }
            }
        } finally {
            for (Worker worker : workers.values()) {
                worker.close();
            }
        }
        ResultTable table = new ResultTable(results);
        System.out.println();
        System.out.print(table.text());
        List<String> goals = table.goals();
        if (!goals.isEmpty()) {
            System.out.println("\ngoals (issue 8), same threads, same run:");
            goals.forEach(g -> System.out.println("  " + g));
        }
        missing.forEach(m -> System.out.println("not measured: " + m));
        if (!profiles.isEmpty()) {
            StringBuilder text = new StringBuilder();
            profiles.forEach((cell, profile) -> text.append("\n== ")
                    .append(cell)
                    .append(" (perf, all rounds)\n")
                    .append(profile.text(PerfRecorder.FREQUENCY_HZ, 0.5)));
            System.out.print(text);
            write(perfDir.resolve("summary.txt"), text.toString());
            System.out.println("\nwrote " + perfDir.resolve("summary.txt"));
        }

        List<RunResult> all = new ArrayList<>(loads);
        all.addAll(results);
        write(out.resolve("results.csv"), ResultCsv.of(all));
        String title = "YCSB, " + valueBytes + " B values, " + records + " records, " + seconds + " s per cell"
                + (rounds > 1 ? ", median of " + rounds + " rounds" : "");
        write(out.resolve("results.svg"), SvgChart.of(table.medians(), title));
        write(out.resolve("results.md"), report(table, goals, loads, title));
        System.out.println("\nwrote " + out.resolve("results.csv") + ", results.svg, results.md");
        boolean anyFailed = results.stream().anyMatch(r -> r.operations() == 0);
        return anyFailed ? 1 : 0;
    }

    private String report(ResultTable table, List<String> goals, List<RunResult> loads, String title) {
        StringBuilder md = new StringBuilder();
        md.append("Run ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(": ")
                .append(title)
                .append(".\n\n");
        md.append("Machine: ").append(MachineInfo.describe()).append("\n\n");
        if (!command.isEmpty()) {
            md.append("Command: `").append(command).append("`\n\n");
        }
        md.append("Load (")
                .append(records)
                .append(" records, ")
                .append(loads.isEmpty() ? 0 : loads.get(0).threads())
                .append(" threads): ");
        for (RunResult l : loads) {
            md.append(String.format(Locale.ROOT, "%s %.0f ops/s; ", l.system(), l.opsPerSecond()));
        }
        md.append("\n\n").append(table.markdown()).append('\n');
        if (!goals.isEmpty()) {
            md.append("Goals (issue 8), same threads, same run:\n\n");
            goals.forEach(g -> md.append("- ").append(g).append('\n'));
            md.append('\n');
        }
        missing.forEach(m -> md.append("Not measured: ").append(m).append("\n\n"));
        return md.toString();
    }

    private static void write(Path path, String content) throws IOException {
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
