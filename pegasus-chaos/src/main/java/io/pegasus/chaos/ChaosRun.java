package io.pegasus.chaos;

import io.pegasus.chaos.check.ResumeTimes;
import io.pegasus.chaos.cluster.NodeProcess;
import io.pegasus.chaos.cluster.ProcessCluster;
import io.pegasus.chaos.nemesis.Fault;
import io.pegasus.chaos.nemesis.FaultPlanner;
import io.pegasus.chaos.nemesis.Nemesis;
import io.pegasus.chaos.nemesis.NemesisStep;
import io.pegasus.chaos.net.Network;
import io.pegasus.chaos.net.Networks;
import io.pegasus.chaos.workload.Workload;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.verify.CheckResult;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault schedule on a real cluster: start the cluster and the clients, inflict random faults for the set time
 * (or operation count), heal everything, then check: every partition healthy again within the limit, the final value
 * of every key explained by the history (no acknowledged write lost), the history itself, and identical replicas.
 */
public final class ChaosRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final long WARM_UP_MILLIS = 2_000;
    /** How long the clients keep going once the cluster is healthy again, before the final reads. */
    private static final long COOL_DOWN_MILLIS = 3_000;

    /**
     * A kill is "lone" (its resume time counts for the pass criterion) if it struck a healthy cluster with no other
     * fault active and no other fault started within this after it: 10 s, the criterion's own limit, so a slow
     * failover is never excused by a later fault, and a failover is not blamed for, say, ZooKeeper killed 4 s later.
     */
    static final long LONE_WINDOW_NANOS = 10_000_000_000L;

    private final ChaosOptions o;

    public ChaosRun(ChaosOptions options) {
        this.o = options;
    }

    public RunReport run() throws Exception {
        Path dir = o.root().resolve("seed-" + o.seed());
        ProcessCluster.deleteTree(dir);
        Files.createDirectories(dir);
        Network network = Networks.create(new Random(o.seed()));
        String networkName = network.toString();
        List<String> failures = new ArrayList<>();
        RunReport report;
        try (ClusterSession s = ClusterSession.start(o.cluster(), network, dir, o.partitions(), o.clientTimeoutMs())) {
            report = run(s, networkName, dir, failures);
        }
        if (report.passed() && !o.keepData()) {
            ProcessCluster.deleteTree(dir);
        }
        LOG.info("{}", report.summary());
        return report;
    }

    private RunReport run(ClusterSession s, String networkName, Path dir, List<String> failures) throws Exception {
        ProcessCluster cluster = s.cluster();
        boolean partitions = o.limits().partitions() && cluster.network().supportsPartitions();
        FaultPlanner.Limits limits = new FaultPlanner.Limits(
                o.limits().maxReplicaFaults(),
                o.limits().maxMetaFaults(),
                o.limits().zookeeper(),
                partitions,
                o.limits().minGapMillis(),
                o.limits().maxGapMillis(),
                o.limits().kinds());
        FaultPlanner planner = new FaultPlanner(
                o.seed(),
                cluster.zookeeper().name(),
                cluster.metas().stream().map(NodeProcess::name).toList(),
                cluster.replicas().stream().map(NodeProcess::name).toList(),
                limits);
        Nemesis nemesis = new Nemesis(cluster, ClusterSession.TABLE, s.history()::now);
        Workload workload = s.workload(o.workload());
        workload.start();
        Thread.sleep(WARM_UP_MILLIS);

        Set<Fault> active = new HashSet<>();
        long end = System.nanoTime() + o.faultTime().toNanos();
        while (System.nanoTime() < end && (o.maxOps() <= 0 || workload.completed() < o.maxOps())) {
            NemesisStep step = planner.next(Set.copyOf(active));
            long wait = Math.min(step.delayMillis(), Math.max(0, (end - System.nanoTime()) / 1_000_000));
            Thread.sleep(wait);
            if (System.nanoTime() >= end) {
                break;
            }
            if (step instanceof NemesisStep.Start st) {
                active.add(nemesis.start(st, Set.copyOf(active)));
            } else if (step instanceof NemesisStep.Heal h) {
                nemesis.heal(h.fault());
                active.remove(h.fault());
            }
        }
        for (Fault f : List.copyOf(active)) {
            nemesis.heal(f);
        }
        cluster.healAll();
        long healed = s.history().now();
        double healthySeconds = awaitHealthy(s, healed, failures);
        Thread.sleep(COOL_DOWN_MILLIS);
        workload.stop();

        Map<String, String> finals = s.finalReads(workload.keysUsed(), failures);
        CheckResult lin = s.checkHistory(finals, failures);
        if (healthySeconds >= 0) {
            // also after a failed history check: whether the replicas agree is part of what a failure report needs
            s.stopAndCompareReplicas(failures);
        }

        List<Op> history = s.history().snapshot();
        List<Double> lone = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        List<String> faultLog = new ArrayList<>();
        List<String> primaryKills = new ArrayList<>();
        int faults = 0;
        for (Nemesis.Event e : nemesis.events()) {
            faultLog.add(String.format(
                    java.util.Locale.ROOT,
                    "%8.3f s %s %s",
                    (e.nanos() - history.get(0).invokeNanos()) / 1e9,
                    e.start() ? "start" : "heal ",
                    e.fault()));
            if (!e.start()) {
                continue;
            }
            faults++;
            if (e.fault() instanceof Fault.Kill
                    && e.primaryOf() != null
                    && !e.primaryOf().isEmpty()) {
                OptionalLong t =
                        ResumeTimes.slowest(ResumeTimes.afterFault(history, s::partitionOf, e.nanos(), e.primaryOf()));
                boolean undisturbed = e.alone() && !faultStartedWithin(nemesis.events(), e, LONE_WINDOW_NANOS);
                if (t.isPresent()) {
                    (undisturbed ? lone : other).add(t.getAsLong() / 1e9);
                } else if (undisturbed) {
                    failures.add("partitions " + e.primaryOf() + " accepted no write after " + e.fault());
                }
                primaryKills.add(String.format(
                        java.util.Locale.ROOT,
                        "%8.3f s %s, primary of %s: %s; %s",
                        (e.nanos() - history.get(0).invokeNanos()) / 1e9,
                        e.fault(),
                        e.primaryOf(),
                        t.isPresent()
                                ? String.format(
                                        java.util.Locale.ROOT, "writes resumed %.1f s later", t.getAsLong() / 1e9)
                                : "no write accepted afterwards",
                        undisturbed
                                ? "lone"
                                : "other faults: " + faultsAround(nemesis.events(), e, LONE_WINDOW_NANOS)));
            }
        }
        long unknown =
                history.stream().filter(op -> op.status() == OpStatus.UNKNOWN).count();
        return new RunReport(
                o.seed(),
                networkName,
                history.size(),
                unknown,
                faults,
                faultLog,
                primaryKills,
                lone,
                other,
                healthySeconds,
                lin.outcome() + " (" + lin.keys() + " keys, " + lin.elapsedNanos() / 1_000_000 + " ms)",
                List.copyOf(failures),
                dir);
    }

    /**
     * The other faults that make {@code kill} not a lone one: those active when it struck (started, not yet healed) and
     * those started within {@code windowNanos} after it, each with its start relative to the kill.
     */
    static List<String> faultsAround(List<Nemesis.Event> events, Nemesis.Event kill, long windowNanos) {
        Map<Fault, Long> active = new java.util.LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Nemesis.Event e : events) {
            if (e == kill) {
                continue;
            }
            if (e.nanos() <= kill.nanos()) {
                if (e.start()) {
                    active.put(e.fault(), e.nanos());
                } else {
                    active.remove(e.fault());
                }
            } else if (e.start() && e.nanos() - kill.nanos() <= windowNanos) {
                active.put(e.fault(), e.nanos());
            }
        }
        active.forEach((f, at) ->
                out.add(String.format(java.util.Locale.ROOT, "%s at %+.1f s", f, (at - kill.nanos()) / 1e9)));
        return out;
    }

    /** Whether another fault started within {@code windowNanos} after {@code kill}. */
    static boolean faultStartedWithin(List<Nemesis.Event> events, Nemesis.Event kill, long windowNanos) {
        for (Nemesis.Event e : events) {
            if (e != kill && e.start() && e.nanos() >= kill.nanos() && e.nanos() - kill.nanos() <= windowNanos) {
                return true;
            }
        }
        return false;
    }

    /**
     * Seconds from {@code healedNanos} until the MetaServer shows every partition with all its replicas and every
     * partition acknowledged a write invoked after the heal; -1 (and a failure) if not within the limit.
     */
    private double awaitHealthy(ClusterSession s, long healedNanos, List<String> failures) throws InterruptedException {
        long deadline = healedNanos + o.healthyWithin().toNanos();
        boolean configHealthy = false;
        Set<Integer> all = new HashSet<>();
        IntStream.range(0, s.partitions()).forEach(all::add);
        while (s.history().now() < deadline) {
            if (!configHealthy) {
                try {
                    configHealthy = MetaAdminClient.isHealthy(s.cluster().queryConfig(ClusterSession.TABLE));
                } catch (Exception e) {
                    // the MetaServers are still electing or catching up
                }
            }
            if (configHealthy) {
                Map<Integer, OptionalLong> resumed =
                        ResumeTimes.afterFault(s.history().snapshot(), s::partitionOf, healedNanos, all);
                if (resumed.values().stream().allMatch(OptionalLong::isPresent)) {
                    double seconds = (s.history().now() - healedNanos) / 1e9;
                    LOG.info("healthy {} s after the last fault was healed", String.format("%.1f", seconds));
                    return seconds;
                }
            }
            Thread.sleep(200);
        }
        failures.add("not healthy within " + o.healthyWithin() + " of the last fault (configuration "
                + (configHealthy ? "complete" : "incomplete") + ")");
        return -1;
    }
}
