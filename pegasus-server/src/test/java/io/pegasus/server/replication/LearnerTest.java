package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.replication.sim.Envelope;
import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** PacificA learning: a replica added to the configuration copies state and log from the primary first. */
class LearnerTest {

    /** n3 crashes, is removed, {@code writes} writes happen without it, then it restarts. */
    private static SimCluster withN3BehindBy(int writes, ReplicaOptions.Builder replica, boolean gcLogs) {
        SimCluster c = SimCluster.start(Scenario.options(replica));
        Scenario.writeAcknowledged(c, "first", "0");
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        for (int i = 0; i < writes; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v" + i);
        }
        if (gcLogs) {
            c.node(N1).log().gc(c.node(N1).storage().lastApplied());
            c.node(N2).log().gc(c.node(N2).storage().lastApplied());
        }
        c.restart(N3);
        return c;
    }

    private static void assertN3HasEverything(SimCluster c, int writes) {
        assertThat(c.node(N3).storage().data()).containsEntry("first", "0");
        for (int i = 0; i < writes; i++) {
            assertThat(c.node(N3).storage().get("k" + i)).isEqualTo("v" + i);
        }
    }

    @Test
    void learnerCloseBehindCatchesUpFromThePrimarysMemoryAndIsUpgraded() {
        SimCluster c = withN3BehindBy(5, Scenario.replicaOptions(), false);
        assertHeals(c);
        assertThat(c.network().postedCount(ReplicaMessage.LearnCatchUp.class)).isPositive();
        assertThat(c.network().postedCount(ReplicaMessage.LearnCopy.class)).isZero();
        assertThat(c.node(N3).installCount()).isZero();
        assertThat(c.config()).isEqualTo(new PartitionConfig(3, N1, List.of(N2, N3), List.of()));
        assertN3HasEverything(c, 5);
    }

    @Test
    void learnerFarBehindCopiesLogMutationsWhileThePrimarysLogCoversTheGap() {
        SimCluster c = withN3BehindBy(20, Scenario.replicaOptions().mutationCacheSize(4), false);
        assertHeals(c);
        assertThat(c.node(N3).installCount()).isEqualTo(1);
        assertThat(c.node(N3).checkpointInstallCount()).isZero();
        assertN3HasEverything(c, 20);
    }

    @Test
    void learnerCopiesACheckpointWhenThePrimarysLogNoLongerCoversTheGap() {
        SimCluster c = withN3BehindBy(20, Scenario.replicaOptions().mutationCacheSize(4), true);
        assertHeals(c);
        assertThat(c.node(N3).checkpointInstallCount()).isEqualTo(1);
        assertN3HasEverything(c, 20);
    }

    @Test
    void writesContinueWhileALearnerCopiesAndItLearnsAgainUntilCloseEnough() {
        SimCluster c = withN3BehindBy(20, Scenario.replicaOptions().mutationCacheSize(4), false);
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.LearnCopy.class), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000);
        for (int i = 20; i < 30; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v" + i); // the learner does not hold writes up
        }
        c.network().remove(hold);
        c.network().releaseHeld();
        assertHeals(c);
        assertThat(c.node(N3).installCount())
                .as("a second round for what was written during the first")
                .isEqualTo(2);
        assertN3HasEverything(c, 30);
    }

    @Test
    void learnerReceivesForwardedPreparesButDoesNotCountForCommit() {
        SimCluster c = withN3BehindBy(3, Scenario.replicaOptions(), false);
        SimNetwork.Rule holdCompleted =
                c.network().always(Msg.net(ReplicaMessage.LearnCompleted.class), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000);
        assertThat(c.node(N3).role()).isEqualTo(Role.POTENTIAL_SECONDARY);
        c.holdLog(N3); // the learner cannot acknowledge anything
        long w = c.write("during", "x");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        assertThat(c.node(N3).status().preparedDecree())
                .isEqualTo(c.node(N1).status().preparedDecree());

        c.releaseLog(N3);
        c.network().remove(holdCompleted);
        c.network().releaseHeld();
        assertHeals(c);
        assertThat(c.node(N3).storage().get("during")).isEqualTo("x");
    }

    @Test
    void learnerThatStopsAcknowledgingForwardedPreparesIsDroppedWithoutAConfigurationChange() {
        SimCluster c = withN3BehindBy(3, Scenario.replicaOptions(), false);
        c.network().always(Msg.net(ReplicaMessage.LearnCompleted.class), SimNetwork.Fault.DROP);
        c.runUntil(() -> c.network().postedCount(ReplicaMessage.LearnCompleted.class) > 0, 1_000);
        assertThat(c.node(N1).status().learners()).containsExactly(N3);
        int configs = c.meta().history().size();
        c.network().always(Msg.net(ReplicaMessage.Prepare.class, N1, N3), SimNetwork.Fault.DROP);
        Scenario.writeAcknowledged(c, "k", "v");
        c.advance(c.options().replica.prepareTimeoutMillis() + 20);
        assertThat(c.node(N1).status().learners()).isEmpty();
        assertThat(c.meta().history()).hasSize(configs);

        c.network().clearRules();
        assertHeals(c);
    }

    /**
     * A learner holding a copy does not answer group checks: its driver installs the copy on the replica's event
     * thread (seconds, for a busy partition). Modelled here by holding the copy and the checks sent to it.
     */
    private static SimCluster withN3Installing() {
        SimCluster c = withN3BehindBy(20, Scenario.replicaOptions().mutationCacheSize(4), false);
        c.network().always(Msg.net(ReplicaMessage.LearnCopy.class), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000);
        c.network().always(Msg.net(ReplicaMessage.GroupCheck.class, N1, N3), SimNetwork.Fault.HOLD);
        return c;
    }

    @Test
    void learnerInstallingACopyIsNotDroppedForTheGroupChecksItCannotAnswerMeanwhile() {
        SimCluster c = withN3Installing();
        ReplicaOptions o = c.options().replica;
        assertThat(o.groupCheckIntervalMillis() + o.groupCheckTimeoutMillis()).isLessThan(o.learnTimeoutMillis());
        c.advance(o.groupCheckIntervalMillis() + o.groupCheckTimeoutMillis() + 50);
        assertThat(c.node(N1).status().learners())
                .as("a check went unanswered for longer than the group check timeout")
                .containsExactly(N3);

        c.network().clearRules();
        c.network().releaseHeld();
        assertHeals(c);
        assertThat(c.node(N3).installCount()).isEqualTo(1);
        assertN3HasEverything(c, 20);
    }

    @Test
    void learnerSilentForTheLearnTimeoutAfterItsCopyIsDropped() {
        SimCluster c = withN3Installing();
        c.network().always(Msg.net(ReplicaMessage.LearnRequest.class, N3, N1), SimNetwork.Fault.HOLD);
        ReplicaOptions o = c.options().replica;
        c.advance(o.learnTimeoutMillis() + o.groupCheckIntervalMillis() + o.groupCheckTimeoutMillis() + 50);
        assertThat(c.node(N1).status().learners()).doesNotContain(N3);

        c.network().clearRules();
        c.network().releaseHeld();
        assertHeals(c);
        assertN3HasEverything(c, 20);
    }

    @Test
    void duplicatedLearnMessagesInstallEachStateOnce() {
        SimCluster c =
                SimCluster.start(Scenario.options(Scenario.replicaOptions().mutationCacheSize(4)));
        Predicate<Envelope> learnMessages = e -> e instanceof Envelope.Net n
                && (n.message() instanceof ReplicaMessage.LearnRequest
                        || n.message() instanceof ReplicaMessage.LearnCopy
                        || n.message() instanceof ReplicaMessage.LearnCatchUp
                        || n.message() instanceof ReplicaMessage.LearnCompleted);
        c.network().always(learnMessages, SimNetwork.Fault.DUPLICATE);
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        for (int i = 0; i < 20; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v" + i);
        }
        c.restart(N3);
        assertHeals(c);
        assertThat(c.node(N3).installCount()).isEqualTo(1);
        assertThat(c.meta().history()).hasSize(3);
    }

    @Test
    void learnerDiscardsItsStaleUncommittedTail() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.Prepare.class, N1, N2), SimNetwork.Fault.DROP);
        for (int i = 0; i < 3; i++) {
            c.write("stale" + i, "x"); // logged by n1 and n3 only: never committed
        }
        c.runUntilQuiet();
        assertThat(c.node(N3).status().preparedDecree()).isEqualTo(3);
        c.crash(N1);
        c.crash(N3);
        c.network().clearRules();
        c.runUntil(() -> N2.equals(c.config().primary()) && c.node(N2).status().serving(), 2_000);

        c.restart(N3);
        c.runUntil(() -> c.config().isSecondary(N3) && c.node(N3).role() == Role.SECONDARY, 3_000);
        long w = Scenario.writeAcknowledged(c, "fresh", "y");
        assertThat(c.op(w).decree()).isEqualTo(1);
        c.advance(200);
        assertThat(c.node(N3).storage().history())
                .isEqualTo(c.node(N2).storage().history());
        assertThat(c.node(N3).storage().data()).containsOnlyKeys("fresh");

        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N1).storage().data()).containsOnlyKeys("fresh");
    }

    @Test
    void learnerWhosePrimaryDiesLearnsAgainFromTheNewPrimary() {
        SimCluster c = withN3BehindBy(3, Scenario.replicaOptions(), false);
        c.network().always(Msg.net(ReplicaMessage.LearnCompleted.class), SimNetwork.Fault.DROP);
        c.runUntil(() -> c.network().postedCount(ReplicaMessage.LearnCompleted.class) > 0, 1_000);
        c.network().clearRules();
        c.crash(N1);
        c.runUntil(() -> c.config().isSecondary(N3) && N2.equals(c.config().primary()), 5_000);
        Scenario.writeAcknowledged(c, "after", "z");
        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N3).storage().get("after")).isEqualTo("z");
        assertN3HasEverything(c, 3);
    }

    @Test
    void failedInstallIsRetriedAfterTheLearnRetryInterval() {
        ReplicaOptions.Builder options = Scenario.replicaOptions().mutationCacheSize(4);
        long retry = options.build().learnRetryMillis();
        long timeout = options.build().learnTimeoutMillis();
        SimCluster c = SimCluster.start(Scenario.options(options));
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        for (int i = 0; i < 20; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v" + i);
        }
        c.restart(N3);
        c.node(N3).failNextInstall();
        assertThat(c.runUntil(() -> !c.node(N3).installFailurePending(), 5_000)).isTrue();
        long failedAt = c.now();
        long requests = c.network().postedCount(ReplicaMessage.LearnRequest.class);
        // not at once: what failed (a disk without room for the checkpoint, say) is rarely gone a moment later
        assertThat(c.runUntil(() -> c.network().postedCount(ReplicaMessage.LearnRequest.class) > requests, 3 * retry))
                .isTrue();
        assertThat(c.now() - failedAt).isBetween(retry, timeout - 1);
        assertHeals(c);
        assertThat(c.network().postedCount(ReplicaMessage.LearnCopy.class)).isEqualTo(2);
        assertThat(c.node(N3).installCount()).isEqualTo(1);
    }

    @Test
    void lostUpgradeProposalIsSentAgain() {
        SimCluster c = withN3BehindBy(2, Scenario.replicaOptions(), false);
        c.network().times(1, Msg.toMeta(), SimNetwork.Fault.DROP);
        assertHeals(c);
        assertThat(c.config().ballot()).isEqualTo(3);
    }

    @Test
    void learnerJoinsOnlyOnceItAcknowledgedEveryCommittedDecreeItWasSent() {
        SimCluster c = withN3BehindBy(2, Scenario.replicaOptions(), false);
        SimNetwork.Rule holdCompleted =
                c.network().always(Msg.net(ReplicaMessage.LearnCompleted.class), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000);
        SimNetwork.Rule lose = c.network().always(Msg.net(ReplicaMessage.Prepare.class, N1, N3), SimNetwork.Fault.DROP);
        long w = Scenario.writeAcknowledged(c, "missed", "x"); // committed by n1 and n2; n3 never gets it
        c.network().remove(holdCompleted);
        c.network().releaseHeld(); // "I hold everything you sent me" - but not the write above
        c.advance(c.options().replica.prepareTimeoutMillis() / 2);
        assertThat(c.config().isMember(N3))
                .as("no upgrade while it lacks decree %d", c.op(w).decree())
                .isFalse();

        // Had it joined, losing n1 and n2 now would have left a member without an acknowledged write.
        c.network().remove(lose);
        assertHeals(c);
        assertThat(c.node(N3).storage().get("missed")).isEqualTo("x");
    }

    @Test
    void joiningLearnerCountsForCommitUntilTheMetaServerAnswers() {
        SimCluster c = withN3BehindBy(2, Scenario.replicaOptions(), false);
        SimNetwork.Rule holdUpgrade = c.network().always(Msg.toMeta(), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000); // upgrade proposed, not yet answered
        c.holdLog(N3);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).as("waits for the joining learner").isEqualTo(History.Status.PENDING);
        c.releaseLog(N3);
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        c.network().remove(holdUpgrade);
        c.network().releaseHeld();
        assertHeals(c);
    }

    @Test
    void learnerRestartedWhileJoiningKeepsWhatItAcknowledged() {
        SimCluster c = withN3BehindBy(2, Scenario.replicaOptions(), false);
        SimNetwork.Rule holdUpgrade = c.network().always(Msg.toMeta(), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 1_000);
        Scenario.writeAcknowledged(c, "k", "v"); // committed with the joining learner's acknowledgement
        c.crash(N3);
        c.restart(N3);
        c.advance(150); // the primary's group check makes it a learner again
        c.network().remove(holdUpgrade);
        c.network().releaseHeld();
        c.runUntil(() -> c.config().isSecondary(N3), 1_000);

        // n3 is a member now; if it had dropped its log tail when it restarted learning, this would lose the write.
        c.crash(N1);
        c.crash(N2);
        c.runUntil(() -> N3.equals(c.config().primary()) && c.node(N3).status().serving(), 3_000);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
        c.assertNoAcknowledgedWriteLost();
    }
}
