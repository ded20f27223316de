package io.pegasus.chaos;

import io.pegasus.chaos.cluster.ClusterSpec;
import io.pegasus.chaos.nemesis.FaultPlanner;
import io.pegasus.chaos.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One schedule: the cluster, the workload, the faults, and how long.
 *
 * @param faultTime how long faults are inflicted (after a short warm-up)
 * @param maxOps stop the faults early once the clients completed this many operations (0: no limit)
 * @param healthyWithin after the last fault is healed, every partition must be healthy again within this
 * @param clientTimeoutMs the clients' operation timeout
 * @param root where the cluster's data and logs go (a folder per run beneath it)
 * @param keepData keep the data of a run that passed (a failed run's is always kept)
 */
public record ChaosOptions(
        long seed,
        ClusterSpec cluster,
        int partitions,
        Workload.Options workload,
        FaultPlanner.Limits limits,
        Duration faultTime,
        long maxOps,
        Duration healthyWithin,
        int clientTimeoutMs,
        Path root,
        boolean keepData) {

    /**
     * The short schedule the build runs: 2 MetaServers, 3 ReplicaServers, a table of 4 partitions, 4 clients, faults
     * every 2-6 s, one ReplicaServer and one MetaServer impaired at most.
     */
    public static ChaosOptions shortSchedule(long seed, Duration faultTime, boolean partitions, Path root) {
        return new ChaosOptions(
                seed,
                ClusterSpec.testTimeouts(2, 3),
                4,
                new Workload.Options(4, 12, 20_000, 10, seed),
                new FaultPlanner.Limits(1, 1, true, partitions, 2_000, 6_000),
                faultTime,
                0,
                Duration.ofSeconds(60),
                3000,
                root,
                false);
    }

    public ChaosOptions withSeed(long s) {
        return new ChaosOptions(
                s,
                cluster,
                partitions,
                new Workload.Options(
                        workload.clients(),
                        workload.keysPerGeneration(),
                        workload.generationMillis(),
                        workload.pauseMillis(),
                        s),
                limits,
                faultTime,
                maxOps,
                healthyWithin,
                clientTimeoutMs,
                root,
                keepData);
    }
}
