package io.pegasus.chaos.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.chaos.ChaosOptions;
import io.pegasus.chaos.ChaosRun;
import io.pegasus.chaos.RunReport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short random fault schedules on a real cluster (2 MetaServers, 3 ReplicaServers, ZooKeeper, each a process in a
 * network namespace of its own): kills, pauses, isolations, cut links and splits for 40 s while four clients record a
 * history; then everything is healed and the run must pass every check (docs/chaos.md). The long version is
 * {@code ChaosMain}.
 */
class ChaosScheduleIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosScheduleIT.class);

    private static RunReport run(long seed) throws Exception {
        ChaosOptions o = ChaosOptions.shortSchedule(seed, Duration.ofSeconds(40), true, ClusterTests.dir("schedules"));
        RunReport r = new ChaosRun(o).run();
        LOG.info("FIGURE {}", r.summary());
        r.faultLog().forEach(l -> LOG.info("  {}", l));
        return r;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void scheduleSeed1() throws Exception {
        RunReport r = run(1);
        assertThat(r.failures()).isEmpty();
        assertThat(r.faults()).isPositive();
    }
}
