package io.pegasus.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.chaos.nemesis.Fault;
import io.pegasus.chaos.nemesis.Nemesis;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which primary kills count for the failover criterion: none whose window another fault's start falls into. */
class LoneKillTest {
    private static final long S = 1_000_000_000L;

    private static Nemesis.Event start(long seconds, Fault f) {
        return new Nemesis.Event(seconds * S, true, f, Set.of(0), true);
    }

    private static Nemesis.Event heal(long seconds, Fault f) {
        return new Nemesis.Event(seconds * S, false, f, null, false);
    }

    @Test
    void anotherFaultStartingSoonAfterTheKillDisturbsIt() {
        Fault kill = new Fault.Kill("replica1");
        Nemesis.Event k = start(100, kill);
        Nemesis.Event zk = start(104, new Fault.Kill("zk"));
        assertThat(ChaosRun.faultStartedWithin(List.of(k, zk), k, ChaosRun.LONE_WINDOW_NANOS))
                .isTrue();
    }

    @Test
    void healsEarlierFaultsAndLaterFaultsDoNot() {
        Fault kill = new Fault.Kill("replica1");
        Fault pause = new Fault.Pause("meta1");
        Nemesis.Event before = start(90, pause);
        Nemesis.Event k = start(100, kill);
        List<Nemesis.Event> events =
                List.of(before, heal(95, pause), k, heal(105, kill), start(111, new Fault.Kill("replica2")));
        assertThat(ChaosRun.faultStartedWithin(events, k, ChaosRun.LONE_WINDOW_NANOS))
                .isFalse();
    }

    @Test
    void theFaultsAroundAKillAreThoseStillActiveAndThoseStartingWithinTheWindow() {
        Fault kill = new Fault.Kill("replica1");
        Fault healedBefore = new Fault.Pause("meta1");
        Fault stillActive = new Fault.Pause("zk");
        Fault soonAfter = new Fault.Kill("meta2");
        Fault tooLate = new Fault.Kill("replica2");
        Nemesis.Event k = start(100, kill);
        List<Nemesis.Event> events = List.of(
                start(80, healedBefore),
                start(90, stillActive),
                heal(95, healedBefore),
                k,
                start(104, soonAfter),
                heal(106, stillActive),
                start(111, tooLate));
        assertThat(ChaosRun.faultsAround(events, k, ChaosRun.LONE_WINDOW_NANOS))
                .containsExactly(stillActive + " at -10.0 s", soonAfter + " at +4.0 s");
    }
}
