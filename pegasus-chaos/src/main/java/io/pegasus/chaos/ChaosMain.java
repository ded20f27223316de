package io.pegasus.chaos;

import io.pegasus.chaos.check.Percentiles;
import io.pegasus.chaos.cluster.ClusterSpec;
import io.pegasus.chaos.nemesis.FaultPlanner;
import io.pegasus.chaos.net.Networks;
import io.pegasus.chaos.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The long version of the fault schedules: many seeds, each a fresh cluster with random faults for a set time, one
 * after the other; a summary per run and the figures over all runs (time for writes to resume after a primary kill,
 * time to full health after the last fault), appended to {@code <root>/report.txt}. Exits 1 if any run failed.
 * {@code pegasus-chaos/bin/chaos --help}; docs/chaos.md.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Runs random fault schedules on a real Pegasus cluster and checks what the clients saw.")
public final class ChaosMain implements Callable<Integer> {
    /** Issue 9: with the test timeouts, writes resume within this after a primary kill (p99 over all runs). */
    static final double RESUME_P99_LIMIT_SECONDS = 10;

    @Option(names = "--schedules", defaultValue = "50", description = "how many schedules (default ${DEFAULT-VALUE})")
    int schedules;

    @Option(names = "--minutes", defaultValue = "10", description = "faults per schedule (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--max-ops", defaultValue = "0", description = "or stop a schedule's faults after this many ops")
    long maxOps;

    @Option(names = "--first-seed", defaultValue = "1000", description = "seed of the first schedule")
    long firstSeed;

    @Option(names = "--metas", defaultValue = "3", description = "MetaServers (default ${DEFAULT-VALUE})")
    int metas;

    @Option(names = "--replicas", defaultValue = "3", description = "ReplicaServers (default ${DEFAULT-VALUE})")
    int replicas;

    @Option(
            names = "--partitions",
            defaultValue = "8",
            description = "partitions of the table (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--clients", defaultValue = "6", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--keys", defaultValue = "16", description = "keys in use at a time (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--key-generation-seconds", defaultValue = "30", description = "keys change this often")
    int generationSeconds;

    @Option(names = "--pause-ms", defaultValue = "10", description = "pause between a client's operations")
    int pauseMillis;

    @Option(names = "--max-replica-faults", defaultValue = "1", description = "faults touching ReplicaServers at once")
    int maxReplicaFaults;

    @Option(names = "--max-meta-faults", defaultValue = "1", description = "faults touching MetaServers at once")
    int maxMetaFaults;

    @Option(names = "--no-zookeeper-faults", description = "never kill, pause or isolate ZooKeeper")
    boolean noZookeeperFaults;

    @Option(names = "--min-gap-seconds", defaultValue = "2", description = "shortest wait between two nemesis steps")
    double minGap;

    @Option(names = "--max-gap-seconds", defaultValue = "10", description = "longest wait between two nemesis steps")
    double maxGap;

    @Option(
            names = "--faults",
            split = ",",
            description = "only these kinds of fault (default: all): kill-replica, pause-replica, isolate-replica,"
                    + " kill-meta, pause-meta, isolate-meta, kill-zk, pause-zk, isolate-zk, cut-link, split")
    List<String> faultKinds = new ArrayList<>();

    @Option(names = "--network", defaultValue = "auto", description = "auto, netns or loopback (no partitions)")
    String network;

    @Option(names = "--root", defaultValue = "target/chaos-long", description = "data, logs and report.txt")
    Path root;

    @Option(names = "--keep-data", description = "keep the data of runs that passed")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        System.setProperty(Networks.PROPERTY, network);
        Files.createDirectories(root);
        Path report = root.resolve("report.txt");
        List<Double> lone = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        List<Double> healthy = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        long ops = 0;
        long unknown = 0;
        int faults = 0;
        append(
                report,
                String.format(
                        Locale.ROOT,
                        "# %s: %d schedules of %.1f min from seed %d",
                        java.time.Instant.now(),
                        schedules,
                        minutes,
                        firstSeed));
        for (int i = 0; i < schedules; i++) {
            long seed = firstSeed + i;
            RunReport r;
            try {
                r = new ChaosRun(options(seed)).run();
            } catch (Exception e) {
                failed.add(seed);
                append(report, "seed " + seed + ": ERROR " + e);
                e.printStackTrace(System.err);
                continue;
            }
            append(report, r.summary());
            r.primaryKills().forEach(l -> append(report, "    " + l));
            if (!r.passed()) {
                failed.add(seed);
                r.faultLog().forEach(l -> append(report, "    " + l));
            }
            lone.addAll(r.resumeAfterLonePrimaryKill());
            other.addAll(r.resumeAfterOtherPrimaryKill());
            if (r.healthySeconds() >= 0) {
                healthy.add(r.healthySeconds());
            }
            ops += r.operations();
            unknown += r.unknown();
            faults += r.faults();
        }
        String total = String.format(
                Locale.ROOT,
                "TOTAL %d schedules, %d failed %s; %d operations (%d unknown), %d faults%n"
                        + "  writes resumed after a lone primary kill: %s%n"
                        + "  writes resumed after a primary kill with other faults active: %s%n"
                        + "  healthy after the last fault: %s",
                schedules,
                failed.size(),
                failed,
                ops,
                unknown,
                faults,
                Percentiles.summary(lone, " s"),
                Percentiles.summary(other, " s"),
                Percentiles.summary(healthy, " s"));
        append(report, total);
        // issue 9's pass criteria over all runs; each run already failed on a lost write, a history that is not
        // linearizable, or a cluster not healthy within 60 s of its last fault
        boolean resumeOk = lone.isEmpty() || Percentiles.of(lone, 99) <= RESUME_P99_LIMIT_SECONDS;
        String verdict = String.format(
                Locale.ROOT,
                "VERDICT %s: every run passed its checks: %s; writes resumed after a lone primary kill within %.0f s"
                        + " (p99): %s",
                failed.isEmpty() && resumeOk ? "PASS" : "FAIL",
                failed.isEmpty() ? "yes" : "no",
                RESUME_P99_LIMIT_SECONDS,
                lone.isEmpty() ? "no such kill" : resumeOk ? "yes" : "no");
        append(report, verdict);
        return failed.isEmpty() && resumeOk ? 0 : 1;
    }

    ChaosOptions options(long seed) {
        return new ChaosOptions(
                seed,
                ClusterSpec.testTimeouts(metas, replicas),
                partitions,
                new Workload.Options(clients, keys, generationSeconds * 1000L, pauseMillis, seed),
                new FaultPlanner.Limits(
                        maxReplicaFaults,
                        maxMetaFaults,
                        !noZookeeperFaults,
                        true,
                        (long) (minGap * 1000),
                        (long) (maxGap * 1000),
                        Set.copyOf(faultKinds)),
                Duration.ofMillis((long) (minutes * 60_000)),
                maxOps,
                Duration.ofSeconds(60),
                3000,
                root,
                keepData);
    }

    private static void append(Path file, String line) {
        System.out.println(line);
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosMain()).execute(args));
    }
}
