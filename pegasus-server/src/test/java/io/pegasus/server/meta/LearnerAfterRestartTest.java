package io.pegasus.server.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node chosen as learner in the seconds between its crash and the MetaServer noticing (it still counts as heard
 * from) cannot learn; once it restarts, it is asked for again at once, not after the learner timeout (seen on the
 * onebox: five partitions of a node killed under load waited the full 120 s before they learned).
 */
class LearnerAfterRestartTest {
    private static final NodeId N1 = NodeId.of("127.0.0.1:34801");
    private static final NodeId N2 = NodeId.of("127.0.0.1:34802");
    private static final NodeId N3 = NodeId.of("127.0.0.1:34803");
    private static final long LEARNER_TIMEOUT_MS = 120_000;

    private static List<SimMetaLeader.AddLearner> learnersAskedFor(List<SimMetaLeader.Action> actions) {
        return actions.stream()
                .filter(a -> a instanceof SimMetaLeader.AddLearner)
                .map(a -> (SimMetaLeader.AddLearner) a)
                .toList();
    }

    private static void beacons(SimMetaLeader leader, long n3Incarnation, long nowMs) {
        leader.beacon(N1, 1, nowMs);
        leader.beacon(N2, 1, nowMs);
        leader.beacon(N3, n3Incarnation, nowMs);
    }

    /**
     * A leader over a partition N3 was just removed from (its primary saw it fail), all three nodes heard from at 0,
     * and its first tick (at 100), which asks N1 to add N3 as learner.
     */
    private static SimMetaLeader leaderThatAskedForN3() {
        SimMetaStore store = new SimMetaStore(List.of(N1, N2, N3), 3, PartitionConfig.of(1, N1, N2));
        SimMetaLeader leader =
                new SimMetaLeader(store, new SimMetaLeader.Settings(10_000, 1_000, LEARNER_TIMEOUT_MS, 1), 0);
        beacons(leader, 1, 0);
        List<SimMetaLeader.AddLearner> first = learnersAskedFor(leader.tick(100));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).learner()).isEqualTo(N3);
        return leader;
    }

    @Test
    void aLearnerWhoseProcessRestartedIsAskedForAgainAtOnce() {
        SimMetaLeader leader = leaderThatAskedForN3();

        // the primary cannot reach it: nothing comes of that request. A tick later the request is still pending
        beacons(leader, 1, 1_000);
        assertThat(learnersAskedFor(leader.tick(1_100))).isEmpty();

        // N3's process starts again (a new incarnation in its beacon). The pass that sees the restart uses the node
        // for nothing (its old memberships count as lost); the one after asks for it again
        beacons(leader, 2, 5_000);
        assertThat(learnersAskedFor(leader.tick(5_100))).isEmpty();
        beacons(leader, 2, 6_000);
        List<SimMetaLeader.AddLearner> again = learnersAskedFor(leader.tick(6_100));
        assertThat(again).as("asked for again long before the learner timeout").hasSize(1);
        assertThat(again.get(0).learner()).isEqualTo(N3);
    }

    @Test
    void aLearnerThatKeepsRunningIsNotAskedForTwiceBeforeTheTimeout() {
        SimMetaLeader leader = leaderThatAskedForN3();
        beacons(leader, 1, 5_000);
        assertThat(learnersAskedFor(leader.tick(5_100))).isEmpty();
    }
}
