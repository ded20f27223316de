package io.pegasus.chaos.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.chaos.ClusterSession;
import io.pegasus.chaos.cluster.NodeProcess;
import io.pegasus.chaos.cluster.ProcessCluster;
import io.pegasus.chaos.workload.Workload;
import io.pegasus.thrift.partition_configuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5 on real processes (test timeouts: beacon 1 s, lease 3 s, grace 4 s): with writers running, kill -9 the
 * primary of a partition, then a secondary of it, then restart both. Every acknowledged write is readable afterwards,
 * the partitions accept writes again (the times are logged), and the replicas of every partition end up identical.
 */
class PrimaryKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryKillIT.class);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killPrimaryThenSecondaryThenRestartBoth() throws Exception {
        List<String> failures = new ArrayList<>();
        try (ClusterSession s = ClusterTests.start("primary-kill", 1, 4, 5)) {
            ProcessCluster c = s.cluster();
            Set<Integer> all = IntStream.range(0, s.partitions()).boxed().collect(Collectors.toSet());
            Workload w = s.workload(new Workload.Options(4, 12, 0, 5, 5));
            w.start();
            Thread.sleep(3000);

            NodeProcess primary = c.primaryOf(ClusterSession.TABLE, 0).orElseThrow();
            Set<Integer> itsPartitions = primaryPartitions(s, primary);
            long killedPrimary = s.history().now();
            primary.kill();
            double resumed = ClusterTests.awaitWritesResume(s, killedPrimary, itsPartitions, 30);
            LOG.info(
                    "FIGURE primary kill: partitions {} accepted writes again {} s after kill -9 of {}",
                    itsPartitions,
                    resumed,
                    primary.name());
            assertThat(resumed).as("writes resume after the primary's kill").isBetween(0.0, 10.0);

            partition_configuration p0 =
                    c.queryConfig(ClusterSession.TABLE).getPartitions().get(0);
            assertThat(p0.getSecondaries())
                    .as("partition 0 after the primary's removal")
                    .hasSize(1);
            NodeProcess secondary =
                    c.byAddress(p0.getSecondaries().get(0).toString()).orElseThrow();
            secondary.kill();
            LOG.info("killed secondary {} of partition 0; one replica per partition is left", secondary.name());
            // below the minimum replica count (2) writes are refused; the clients keep trying
            Thread.sleep(6000);

            long restarted = s.history().now();
            c.restart(primary);
            c.restart(secondary);
            double accepting = ClusterTests.awaitWritesResume(s, restarted, all, 60);
            LOG.info("FIGURE restart: every partition accepted writes again {} s after both were restarted", accepting);
            assertThat(accepting).as("writes resume after the restarts").isBetween(0.0, 60.0);
            c.awaitHealthy(ClusterSession.TABLE, Duration.ofSeconds(60));
            double healthy = (s.history().now() - restarted) / 1e9;
            LOG.info("FIGURE restart: every partition had its 3 replicas again {} s after the restarts", healthy);
            Thread.sleep(2000);
            w.stop();

            Map<String, String> finals = s.finalReads(w.keysUsed(), failures);
            s.checkHistory(finals, failures);
            assertThat(failures).isEmpty();
            s.stopAndCompareReplicas(failures);
            assertThat(failures).isEmpty();
        }
        ProcessCluster.deleteTree(ClusterTests.dir("primary-kill"));
    }

    private static Set<Integer> primaryPartitions(ClusterSession s, NodeProcess node) throws Exception {
        Set<Integer> ps = new TreeSet<>();
        List<partition_configuration> configs =
                s.cluster().queryConfig(ClusterSession.TABLE).getPartitions();
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).getPrimary().toString().equals(node.address())) {
                ps.add(i);
            }
        }
        return ps;
    }
}
