package io.pegasus.chaos.it;

import io.pegasus.chaos.ClusterSession;
import io.pegasus.chaos.check.ResumeTimes;
import io.pegasus.chaos.cluster.ClusterSpec;
import io.pegasus.chaos.net.Networks;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/** What the cluster tests share: where their data goes, how they start a cluster, how they wait for writes. */
final class ClusterTests {
    private ClusterTests() {}

    /** target/chaos-it/NAME under the module (kept after a failure, for its logs). */
    static Path dir(String name) {
        return Path.of("target", "chaos-it", name).toAbsolutePath();
    }

    static ClusterSession start(String name, int metas, int partitions, long seed) throws Exception {
        Path dir = dir(name);
        io.pegasus.chaos.cluster.ProcessCluster.deleteTree(dir);
        return ClusterSession.start(
                ClusterSpec.testTimeouts(metas, 3), Networks.create(new Random(seed)), dir, partitions, 3000);
    }

    /**
     * Waits until each of {@code partitions} acknowledged a write invoked after {@code sinceNanos}; returns the
     * slowest one's delay in seconds, or -1 after {@code timeoutSeconds}.
     */
    static double awaitWritesResume(ClusterSession s, long sinceNanos, Set<Integer> partitions, int timeoutSeconds)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Map<Integer, OptionalLong> r =
                    ResumeTimes.afterFault(s.history().snapshot(), s::partitionOf, sinceNanos, partitions);
            OptionalLong slowest = ResumeTimes.slowest(r);
            if (slowest.isPresent()) {
                return slowest.getAsLong() / 1e9;
            }
            Thread.sleep(100);
        }
        return -1;
    }
}
