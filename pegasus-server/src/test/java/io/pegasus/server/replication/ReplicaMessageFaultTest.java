package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.assertAcknowledged;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static io.pegasus.server.replication.Scenario.assertReplica;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.sim.Envelope;
import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Lost, duplicated and reordered messages between replicas. */
class ReplicaMessageFaultTest {

    @Test
    void lostPrepareGetsTheSecondaryRemovedThroughTheMetaServerAndRelearned() {
        SimCluster c = SimCluster.start();
        c.network().times(1, Msg.prepare(1, N3), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);

        // Prepare timeout: the primary proposes removal; the smaller configuration commits the write.
        assertAcknowledged(c, w);
        assertThat(c.meta().history().get(1)).isEqualTo(new PartitionConfig(2, N1, List.of(N2), List.of(N3)));
        assertHeals(c);
        assertThat(c.config().ballot()).isEqualTo(3);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
    }

    /**
     * Found by the simulation (seed 19): the learner sent {@link ReplicaMessage.LearnCompleted} once; when it was
     * lost, the learner waited for its upgrade and the primary for its completion, for ever.
     */
    @Test
    void lostLearnCompletedIsSentAgainAndTheLearnerIsUpgraded() {
        SimCluster c = SimCluster.start();
        c.network().times(1, Msg.prepare(1, N3), SimNetwork.Fault.DROP);
        c.network().times(1, Msg.net(ReplicaMessage.LearnCompleted.class), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        assertAcknowledged(c, w);
        assertHeals(c);
        assertThat(c.config().secondaries()).contains(N3);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
    }

    @Test
    void lostAcknowledgementIsHandledLikeALostPrepare() {
        SimCluster c = SimCluster.start();
        c.network().times(1, Msg.ack(1, N2), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertAcknowledged(c, w);
        assertThat(c.meta().history().get(1).secondaries()).containsExactly(N3);
        assertHeals(c);
    }

    @Test
    void duplicatedPreparesAreLoggedOnce() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.Prepare.class), SimNetwork.Fault.DUPLICATE);
        for (int i = 0; i < 10; i++) {
            c.write("k" + i, "v");
        }
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(10);
        List<Long> oneToTen = LongStream.rangeClosed(1, 10).boxed().toList();
        assertThat(c.node(N2).log().appendedDecrees()).isEqualTo(oneToTen);
        assertThat(c.node(N3).log().appendedDecrees()).isEqualTo(oneToTen);
        assertHeals(c);
        assertThat(c.config().ballot()).isEqualTo(1);
    }

    @Test
    void duplicatedAcknowledgementsDoNotStandInForAnotherMember() {
        SimCluster c = SimCluster.start();
        c.holdLog(N3);
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class, N2, N1), SimNetwork.Fault.DUPLICATE);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 1);
        c.releaseLog(N3);
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
    }

    @Test
    void preparesArrivingBeforeTheGapIsFilledWaitAndAreLoggedInDecreeOrder() {
        SimCluster c = SimCluster.start();
        c.network().times(1, Msg.prepare(1, N2), SimNetwork.Fault.HOLD);
        c.write("a", "1");
        c.write("b", "2");
        c.write("c", "3");
        c.runUntilQuiet();
        // Decrees 2 and 3 reached n2 first: held back, neither logged nor acknowledged.
        assertThat(c.node(N2).status().preparedDecree()).isZero();
        assertThat(c.node(N2).log().appendedDecrees()).isEmpty();
        assertThat(c.history().ackedWrites()).isEmpty();

        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.node(N2).log().appendedDecrees()).containsExactly(1L, 2L, 3L);
        assertThat(c.history().ackedWrites()).hasSize(3);
        assertHeals(c);
    }

    @Test
    void prepareUnderAnOlderBallotIsRefused() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "k", "v");
        c.crash(N3);
        c.runUntil(() -> c.node(N2).status().ballot() == 2, 5_000);
        assertThat(c.config().ballot()).isEqualTo(2);

        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class, N2, N1), SimNetwork.Fault.HOLD);
        Mutation stale = new Mutation(
                1, 2, 0, List.of(new WriteRequest(999, new io.pegasus.server.replication.sim.KvWrite("x", "y"))));
        PartitionConfig old = PartitionConfig.of(1, N1, N2, N3);
        c.inject(new Envelope.Net(N1, N2, new ReplicaMessage.Prepare(old, stale, 1, 1)));
        c.runUntilQuiet();

        assertThat(c.network().held())
                .extracting(e -> ((Envelope.Net) e).message())
                .contains(new ReplicaMessage.PrepareAck(2, 1, 2, ErrorCode.ERR_VERSION_OUTDATED));
        assertThat(c.node(N2).status().preparedDecree()).isEqualTo(1);
        assertThat(c.node(N2).log().appendedDecrees()).containsExactly(1L);
    }

    @Test
    void unansweredGroupChecksGetTheSecondaryRemoved() {
        SimCluster c = SimCluster.start();
        SimNetwork.Rule drop =
                c.network().always(Msg.net(ReplicaMessage.GroupCheckReply.class, N3, N1), SimNetwork.Fault.DROP);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        assertThat(c.meta().history().get(1)).isEqualTo(new PartitionConfig(2, N1, List.of(N2), List.of(N3)));
        c.network().remove(drop);
        assertHeals(c);
    }

    /**
     * Found by the simulation (seed 1533): a new primary re-proposes its uncommitted decrees under its ballot; a
     * secondary that received the first re-proposal (same write, new ballot) threw away every decree after it,
     * decrees it had acknowledged to the old primary, which committed and acknowledged them. When the new primary
     * died before re-proposing the rest, that secondary became primary without them: acknowledged writes were lost
     * (and a read served by it was stale). A re-proposal of the same write now replaces only its own decree.
     */
    @Test
    void secondaryKeepsLaterDecreesWhenTheNewPrimaryReproposesAnEntryItHolds() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        Scenario.writeAcknowledged(c, "a", "1");
        c.advance(c.options().replica.groupCheckIntervalMillis()); // everyone commits decree 1
        long w2 = c.write("b", "2");
        long w3 = c.write("c", "3");
        c.runUntilQuiet();
        assertThat(c.op(w2).status()).isEqualTo(History.Status.OK);
        assertThat(c.op(w3).status()).isEqualTo(History.Status.OK);
        assertThat(c.node(N3).status().committedDecree()).isLessThan(3);
        assertThat(c.node(N3).status().preparedDecree()).isEqualTo(3);

        // The primary dies; n2 takes over and re-proposes its uncommitted decrees, but only the first reaches n3.
        c.crash(N1);
        c.network().always(Msg.prepare(3, N3), SimNetwork.Fault.DROP);
        c.meta().forceConfig(new PartitionConfig(2, N2, List.of(N3), List.of(N1)));
        c.runUntilQuiet();
        assertThat(c.node(N3).status().ballot()).isEqualTo(2);
        assertThat(c.node(N3).status().preparedDecree()).isEqualTo(3); // decree 3 (write c, acknowledged) kept

        // n2 dies too before it re-proposed decree 3: n3, the last member, must still hold write c.
        c.crash(N2);
        c.meta().forceConfig(new PartitionConfig(3, N3, List.of(), List.of(N1, N2)));
        c.runUntil(() -> c.node(N3).status().serving(), 2_000);
        c.runUntilQuiet();
        assertThat(c.node(N3).storage().get("c")).isEqualTo("3");
        c.assertNoAcknowledgedWriteLost();
    }

    @Test
    void newPrimarysLogWinsOverAConflictingEntryEvenWhenItsPreparesArriveOutOfOrder() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        Scenario.writeAcknowledged(c, "a", "1");
        Scenario.writeAcknowledged(c, "b", "2");
        c.advance(c.options().replica.groupCheckIntervalMillis()); // everyone commits decrees 1 and 2
        SimNetwork.Rule holdAcks = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        c.network().times(1, Msg.prepare(3, N3), SimNetwork.Fault.DROP);
        long w3 = c.write("c", "3");
        c.runUntilQuiet();
        assertReplica(c, N2, Role.SECONDARY, 1, 2, 3);
        assertReplica(c, N3, Role.SECONDARY, 1, 2, 2);

        // The old primary dies; the MetaServer (from stale reports) promotes n3, which lacks decree 3. n2's
        // uncommitted decree 3 (write c) must give way to the new primary's decree 3.
        c.crash(N1);
        c.network().remove(holdAcks);
        c.meta().forceConfig(new PartitionConfig(2, N3, List.of(N2), List.of(N1)));
        c.runUntil(() -> c.node(N3).status().serving(), 2_000);
        assertReplica(c, N2, Role.SECONDARY, 2, 2, 3); // the stale decree 3 is still there

        c.network().always(Msg.net(ReplicaMessage.Prepare.class, N3, N2), SimNetwork.Fault.HOLD);
        long w4 = c.writeTo(N3, "d", "4");
        long w5 = c.writeTo(N3, "e", "5");
        c.runUntilQuiet();
        c.network().clearRules();
        c.network().releaseHeldReversed(); // decree 4 arrives before decree 3
        c.runUntilQuiet();

        assertThat(c.op(w4).status()).isEqualTo(History.Status.OK);
        assertThat(c.op(w5).status()).isEqualTo(History.Status.OK);
        assertThat(c.op(w3).status()).isNotEqualTo(History.Status.OK);
        c.advance(200);
        assertReplica(c, N2, Role.SECONDARY, 2, 4, 4);
        assertThat(c.node(N2).storage().history())
                .isEqualTo(c.node(N3).storage().history());
        assertThat(c.node(N2).storage().appliedAt(3).writes().get(0).requestId())
                .isEqualTo(w4);
        assertThat(c.node(N2).storage().data()).doesNotContainKey("c");

        c.meta().enableDecisions(true);
        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N1).storage().data()).doesNotContainKey("c").containsEntry("e", "5");
    }
}
