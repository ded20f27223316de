package io.pegasus.chaos;

import io.pegasus.chaos.check.Percentiles;
import java.nio.file.Path;
import java.util.List;

/**
 * What one schedule found.
 *
 * @param operations client operations recorded (final reads included)
 * @param unknown operations of unknown outcome
 * @param faults faults inflicted
 * @param faultLog every fault's start and heal, seconds from the first operation
 * @param primaryKills every kill of a primary's node: when, which partitions, how long until they took writes again
 *     and, unless it was a lone kill, the other faults around it
 * @param resumeAfterLonePrimaryKill seconds until the partitions of a killed ReplicaServer accepted writes again, for
 *     kills of a healthy cluster with no other fault active then or in the 10 s after (the figure with a pass
 *     criterion; ChaosRun.LONE_WINDOW_NANOS)
 * @param resumeAfterOtherPrimaryKill the same for kills while other faults were active
 * @param healthySeconds from healing the last fault until every partition had all its replicas and accepted a write;
 *     negative if that did not happen within the limit
 * @param linearizability the checker's verdict on the history (LINEARIZABLE, VIOLATION or TIMEOUT) and its cost
 * @param failures what went wrong; empty if the run passed
 * @param dataDir the run's data and logs (deleted when it passed, unless kept)
 */
public record RunReport(
        long seed,
        String network,
        long operations,
        long unknown,
        int faults,
        List<String> faultLog,
        List<String> primaryKills,
        List<Double> resumeAfterLonePrimaryKill,
        List<Double> resumeAfterOtherPrimaryKill,
        double healthySeconds,
        String linearizability,
        List<String> failures,
        Path dataDir) {

    public boolean passed() {
        return failures.isEmpty();
    }

    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "seed %d on %s: %s; %d operations (%d unknown), %d faults; writes resumed after a lone primary kill: %s;"
                        + " with other faults active: %s; healthy %.1f s after the last fault; history %s%s",
                seed,
                network,
                passed() ? "PASSED" : "FAILED",
                operations,
                unknown,
                faults,
                Percentiles.summary(resumeAfterLonePrimaryKill, " s"),
                Percentiles.summary(resumeAfterOtherPrimaryKill, " s"),
                healthySeconds,
                linearizability,
                passed() ? "" : "\n  " + String.join("\n  ", failures) + "\n  data and logs: " + dataDir);
    }
}
