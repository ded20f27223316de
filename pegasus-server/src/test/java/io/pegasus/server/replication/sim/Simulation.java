package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.Role;
import io.pegasus.verify.CheckResult;
import io.pegasus.verify.LinearizabilityChecker;
import io.pegasus.verify.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One seeded run of the deterministic simulation of issue 9: a partition on 3 or 4 simulated ReplicaServers, the real
 * MetaServer decisions with lagging reports, clients recording a history of get / set / del / incr / check-and-set,
 * and random faults ({@link FaultSchedule}) while the clients work. The invariant checker runs after every step.
 * Then every fault is healed, the partition must become healthy, every key is read once more, and the history must
 * be linearizable with no acknowledged write missing.
 *
 * <p>Everything follows from the seed: a failing seed replays exactly, with a trace.
 */
public final class Simulation {
    /** The shape of a run. */
    public record Settings(int operations, int clients, int keys, long clientTimeoutMillis, Duration checkBudget) {
        /** The build's runs: 2,000 operations of 5 clients over 6 keys. */
        public static Settings standard() {
            return new Settings(2_000, 5, 6, 200, Duration.ofSeconds(30));
        }
    }

    /** What a passing run did. */
    public record Report(
            long seed,
            int nodes,
            long simulatedMillis,
            int operations,
            int unknown,
            int failed,
            int metaLeaderChanges,
            long checkNanos,
            FaultSchedule.Counts faults) {}

    /** Ticks a run may take to issue its operations before it is declared stuck. */
    private static final int MAX_TICKS = 30_000;

    private Simulation() {}

    /** Runs seed {@code seed}; throws {@link AssertionError} (with the seed in the message) when a property fails. */
    public static Report run(long seed, Settings settings, Consumer<String> trace) {
        Random random = new Random(seed);
        SimCluster.Options options = new SimCluster.Options().nodes(3 + random.nextInt(2));
        options.freshReports = false;
        options.configSyncMillis = 100 + 50L * random.nextInt(5);
        options.replica = options.replica.toBuilder()
                .mutationCacheSize(4 + random.nextInt(60))
                .maxInFlightMutations(1 + random.nextInt(8))
                .build();
        SimCluster c = SimCluster.start(options);
        c.trace(trace);
        c.network().shuffle(new Random(seed * 31 + 7));
        SimClients clients = new SimClients(
                c,
                new Random(seed * 131 + 3),
                new SimClients.Workload(
                        settings.clients(),
                        settings.keys(),
                        settings.operations(),
                        settings.clientTimeoutMillis(),
                        0.6));
        FaultSchedule faults = new FaultSchedule(c, new Random(seed * 17 + 11));
        int ticks = 0;
        while (!clients.done()) {
            if (++ticks > MAX_TICKS) {
                throw new AssertionError("seed " + seed + ": the clients issued only " + clients.issued()
                        + " operations in " + MAX_TICKS + " ticks: " + c.describe());
            }
            if (clients.issued() < settings.operations()) {
                faults.strike();
            }
            c.tick();
        }
        clients.stop();
        faults.healEverything();
        if (!c.runUntilHealthy(30_000)) {
            throw new AssertionError("seed " + seed + ": the partition did not heal after the faults: " + c.describe());
        }
        c.assertNoAcknowledgedWriteLost();
        clients.readEveryKey();
        if (!c.runUntil(clients::idle, 5_000)) {
            throw new AssertionError("seed " + seed + ": final reads unanswered: " + c.describe());
        }
        List<Op> history = clients.history(appliedRequests(seed, c)::contains);
        CheckResult check = new LinearizabilityChecker().check(history, settings.checkBudget());
        if (!check.linearizable()) {
            throw new AssertionError("seed " + seed + ": " + check.describe());
        }
        int unknown = 0;
        int failed = 0;
        for (Op op : history) {
            unknown += op.status() == io.pegasus.verify.OpStatus.UNKNOWN ? 1 : 0;
            failed += op.status() == io.pegasus.verify.OpStatus.FAILED ? 1 : 0;
        }
        return new Report(
                seed,
                c.nodes().size(),
                c.now(),
                history.size(),
                unknown,
                failed,
                c.meta().leaderChanges(),
                check.elapsedNanos(),
                faults.counts());
    }

    /**
     * The requests the healthy partition applied, from its primary's storage; a request applied under two decrees is
     * a failure (a write executed twice: a double incr).
     */
    static java.util.Set<Long> appliedRequests(long seed, SimCluster c) {
        SimStorage primary = c.node(c.meta().config().primary()).storage();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (List<io.pegasus.server.replication.WriteRequest> writes : primary.history()) {
            for (io.pegasus.server.replication.WriteRequest w : writes) {
                if (!ids.add(w.requestId())) {
                    throw new AssertionError("seed " + seed + ": request " + w.requestId() + " applied twice");
                }
            }
        }
        return ids;
    }

    /**
     * Runs a seed and, if it fails, runs it again with a trace and returns the failure with the trace's last lines
     * attached (the run is deterministic, so the second run fails the same way).
     */
    public static Report runOrExplain(long seed, Settings settings) {
        try {
            return run(seed, settings, line -> {});
        } catch (AssertionError | RuntimeException first) {
            int keep = Integer.getInteger("pegasus.sim.traceLines", 400);
            java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
            try {
                run(seed, settings, line -> {
                    tail.addLast(line);
                    if (tail.size() > keep) {
                        tail.removeFirst();
                    }
                });
            } catch (AssertionError | RuntimeException again) {
                // expected: the same failure
            }
            AssertionError e = new AssertionError(
                    "simulation seed " + seed + " failed (replay it with "
                            + "-Dpegasus.sim.trace=" + seed + "): " + first.getMessage() + "\n--- last " + tail.size()
                            + " trace lines ---\n" + String.join("\n", tail),
                    first);
            throw e;
        }
    }

    /** Nodes in a random order (for isolating them one by one and healing them in another order). */
    static List<NodeId> shuffled(SimCluster c, Random random) {
        List<NodeId> ids = new ArrayList<>(c.nodes().stream().map(SimNode::id).toList());
        Collections.shuffle(ids, random);
        return ids;
    }

    static boolean inError(SimNode n) {
        return n.isUp() && n.role() == Role.ERROR;
    }
}
