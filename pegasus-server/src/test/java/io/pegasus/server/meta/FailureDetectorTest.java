package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Beacons, the grace period, takeover grace and restart detection, on an explicit clock. */
class FailureDetectorTest {
    private final FailureDetector fd = new FailureDetector(4000);

    @Test
    void aNodeIsAliveUntilTheGracePeriodAfterItsLastBeaconThenDeclaredDeadOnce() {
        assertThat(fd.beacon(n(1), 77, 1000)).isEqualTo(FailureDetector.BeaconOutcome.NEW);
        assertThat(fd.isAlive(n(1), 4999)).isTrue();
        assertThat(fd.collectNewlyDead(4999)).isEmpty();
        assertThat(fd.isAlive(n(1), 5000)).isFalse();
        assertThat(fd.collectNewlyDead(5000)).containsExactly(n(1));
        assertThat(fd.collectNewlyDead(6000)).isEmpty();
        assertThat(fd.liveNodes(6000)).isEmpty();
    }

    @Test
    void beaconsExtendTheGracePeriod() {
        fd.beacon(n(1), 77, 1000);
        fd.beacon(n(1), 77, 3000);
        assertThat(fd.isAlive(n(1), 6999)).isTrue();
        assertThat(fd.deadlineMs(n(1))).isEqualTo(7000);
        // a late-processed older beacon does not shorten it
        fd.beacon(n(1), 77, 2000);
        assertThat(fd.deadlineMs(n(1))).isEqualTo(7000);
    }

    @Test
    void aDeadNodeThatBeaconsAgainIsRevived() {
        fd.beacon(n(1), 77, 0);
        fd.collectNewlyDead(4000);
        assertThat(fd.beacon(n(1), 77, 9000)).isEqualTo(FailureDetector.BeaconOutcome.REVIVED);
        assertThat(fd.isAlive(n(1), 9001)).isTrue();
        assertThat(fd.takeRestarted()).isEmpty();
    }

    @Test
    void aNewIncarnationIsReportedAsARestartOnce() {
        fd.beacon(n(1), 77, 0);
        assertThat(fd.beacon(n(1), 78, 100)).isEqualTo(FailureDetector.BeaconOutcome.RESTARTED);
        assertThat(fd.isAlive(n(1), 200)).isTrue();
        assertThat(fd.takeRestarted()).containsExactly(n(1));
        assertThat(fd.takeRestarted()).isEmpty();
        assertThat(fd.beacon(n(1), 78, 200)).isEqualTo(FailureDetector.BeaconOutcome.ALIVE);
    }

    @Test
    void aNewLeaderGivesEveryMemberAFullGracePeriodFromTakeover() {
        // the previous leader last heard of n1 long ago; the new leader takes over at 50_000
        fd.expect(List.of(n(1), n(2)), 50_000);
        assertThat(fd.liveNodes(53_999)).containsExactly(n(1), n(2));
        fd.beacon(n(2), 5, 52_000);
        assertThat(fd.collectNewlyDead(54_000)).containsExactly(n(1));
        assertThat(fd.liveNodes(54_000)).containsExactly(n(2));
        // the first beacon after takeover teaches the incarnation, it is not a restart
        assertThat(fd.takeRestarted()).isEmpty();
    }
}
