package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.client.RefreshGate.Action;
import org.junit.jupiter.api.Test;

/** Routing refresh throttling (spec 7.3): one in flight, one per interval, none for stale requests. */
class RefreshGateTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstRequestStartsAtOnce() {
        RefreshGate g = new RefreshGate(100 * MS);
        assertThat(g.request(true, 5 * MS)).isEqualTo(Action.START);
        assertThat(g.inFlight()).isTrue();
    }

    @Test
    void onlyOneInFlight() {
        RefreshGate g = new RefreshGate(100 * MS);
        assertThat(g.request(true, 0)).isEqualTo(Action.START);
        assertThat(g.request(true, 500 * MS)).isEqualTo(Action.NONE);
        g.finished();
        assertThat(g.request(true, 500 * MS)).isEqualTo(Action.START);
    }

    @Test
    void aRequestForAlreadyReplacedRoutingDoesNothing() {
        RefreshGate g = new RefreshGate(100 * MS);
        assertThat(g.request(false, 0)).isEqualTo(Action.NONE);
        assertThat(g.inFlight()).isFalse();
    }

    @Test
    void requestsInsideTheWindowScheduleOneRefreshAtItsEnd() {
        RefreshGate g = new RefreshGate(100 * MS);
        assertThat(g.request(true, 1000 * MS)).isEqualTo(Action.START);
        g.finished();
        Action a = g.request(true, 1030 * MS);
        assertThat(a.kind()).isEqualTo(Action.Kind.SCHEDULE);
        assertThat(a.delayNanos()).isEqualTo(70 * MS);
        // further requests while one is scheduled are absorbed
        assertThat(g.request(true, 1050 * MS)).isEqualTo(Action.NONE);
        assertThat(g.scheduledDue(1100 * MS)).isEqualTo(Action.START);
        assertThat(g.request(true, 1150 * MS)).isEqualTo(Action.NONE); // in flight
        g.finished();
        assertThat(g.request(true, 1150 * MS).kind()).isEqualTo(Action.Kind.SCHEDULE);
    }

    @Test
    void intervalIsAThirdOfTheOperationTimeoutAtLeastOneMs() {
        RefreshGate g = RefreshGate.forOperationTimeout(1000);
        g.request(true, 0);
        g.finished();
        assertThat(g.request(true, 0).delayNanos()).isEqualTo(333 * MS);
        RefreshGate tiny = RefreshGate.forOperationTimeout(1);
        tiny.request(true, 0);
        tiny.finished();
        assertThat(tiny.request(true, 0).delayNanos()).isEqualTo(MS);
    }
}
