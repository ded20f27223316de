package io.pegasus.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.thrift.rpc_address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's lease on an explicit clock, and how the node follows the MetaServer leader. */
class LeaseTrackerTest {
    @Test
    void theLeaseCountsFromTheSendTimeOfTheLastAckedBeacon() {
        LeaseTracker lease = new LeaseTracker(3000);
        assertThat(lease.isValid(0)).isFalse();
        assertThat(lease.check(0)).isEqualTo(LeaseTracker.Transition.NONE);
        lease.acked(1000); // acked late, at say 1900: still counts from 1000
        assertThat(lease.check(1900)).isEqualTo(LeaseTracker.Transition.RENEWED);
        assertThat(lease.isValid(3999)).isTrue();
        assertThat(lease.isValid(4000)).isFalse();
        assertThat(lease.check(3999)).isEqualTo(LeaseTracker.Transition.NONE);
        assertThat(lease.check(4000)).isEqualTo(LeaseTracker.Transition.EXPIRED);
        assertThat(lease.check(4500)).isEqualTo(LeaseTracker.Transition.NONE);
    }

    @Test
    void anOlderAckNeverShortensTheLease() {
        LeaseTracker lease = new LeaseTracker(3000);
        lease.acked(2000);
        lease.acked(1000);
        assertThat(lease.expiryMs()).isEqualTo(5000);
    }

    @Test
    void leaseExpiresBeforeTheMetaGracePeriodEnds() {
        // the meta's grace runs from the beacon's arrival, which is no earlier than its send time
        long lease = 3000;
        long grace = 4000;
        long sent = 10_000;
        long arrived = 10_007;
        LeaseTracker t = new LeaseTracker(lease);
        t.acked(sent);
        assertThat(t.expiryMs()).isLessThan(arrived + grace);
    }

    private static rpc_address m(int i) {
        return rpc_address.fromIpPort("127.0.0.1", 34600 + i);
    }

    @Test
    void theLeaderTrackerFollowsForwardsAndMovesOnFailures() {
        MetaLeaderTracker t = new MetaLeaderTracker(List.of(m(1), m(2), m(3)));
        assertThat(t.current()).isEqualTo(m(1));
        t.forwarded(m(1), m(3));
        assertThat(t.current()).isEqualTo(m(3));
        t.failed(m(3));
        assertThat(t.current()).isEqualTo(m(1));
        // a stale failure of a meta we already left does not move us
        t.failed(m(3));
        assertThat(t.current()).isEqualTo(m(1));
        // a forward without a leader moves on
        t.forwarded(m(1), rpc_address.fromValue(0));
        assertThat(t.current()).isEqualTo(m(2));
        // a leader we were not configured with is learned
        t.forwarded(m(2), m(9));
        assertThat(t.current()).isEqualTo(m(9));
        t.failed(m(9));
        assertThat(t.current()).isEqualTo(m(1));
    }
}
