package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.assertAcknowledged;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import org.junit.jupiter.api.Test;

/**
 * A primary or a secondary crashes at each step of a write: before its prepares leave, after the secondaries logged
 * it, after the client got its answer; then restarts. Acknowledged writes survive every one of them.
 */
class CrashDuringWriteTest {

    private static boolean newPrimaryServes(SimCluster c, NodeId old) {
        return c.config().hasPrimary()
                && !old.equals(c.config().primary())
                && c.primaryNode().status().serving();
    }

    @Test
    void primaryCrashBeforeItsPreparesLeftLosesOnlyThatUnacknowledgedWrite() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.network().always(Msg.net(ReplicaMessage.Prepare.class), SimNetwork.Fault.DROP);
        long w = c.write("b", "2");
        c.runUntilQuiet();
        c.crash(N1);
        c.network().clearRules();
        c.runUntil(() -> newPrimaryServes(c, N1), 2_000);
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING); // never answered
        long after = Scenario.writeAcknowledged(c, "c", "3");
        assertThat(c.op(after).decree()).isEqualTo(2); // decree 2 reused under the new ballot

        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N1).storage().data()).doesNotContainKey("b").containsEntry("c", "3");
    }

    @Test
    void primaryCrashAfterEverySecondaryLoggedTheWriteLetsTheNewPrimaryCommitIt() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.DROP);
        long w = c.write("b", "2");
        c.runUntilQuiet();
        c.crash(N1);
        c.network().clearRules();
        c.runUntil(() -> newPrimaryServes(c, N1), 2_000);
        assertThat(c.primaryNode().storage().get("b")).isEqualTo("2"); // reconciliation committed it
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N1).storage().get("b")).isEqualTo("2");
    }

    @Test
    void primaryCrashRightAfterReplyingKeepsTheAcknowledgedWrite() {
        SimCluster c = SimCluster.start();
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        assertThat(c.node(N2).status().committedDecree()).isZero(); // the commit had not reached them yet
        c.crash(N1);
        c.runUntil(() -> newPrimaryServes(c, N1), 2_000);
        long r = c.read("k");
        assertAcknowledged(c, r);
        assertThat(c.op(r).readValue()).isEqualTo("v");
        c.assertNoAcknowledgedWriteLost();
    }

    @Test
    void primaryCrashWhenOnlyOneSecondaryLoggedPromotesTheOneThatHasIt() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.prepare(1, N2), SimNetwork.Fault.DROP);
        c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.node(N3).status().preparedDecree()).isEqualTo(1);
        c.crash(N1);
        c.network().clearRules();
        c.runUntil(() -> newPrimaryServes(c, N1), 2_000);
        assertThat(c.config().primary()).isEqualTo(N3);
        c.advance(200);
        assertThat(c.node(N2).storage().get("k")).isEqualTo("v");
    }

    @Test
    void secondaryCrashBeforeLoggingBlocksCommitUntilItIsRemoved() {
        SimCluster c = SimCluster.start();
        c.holdLog(N3);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.crash(N3);
        c.advance(50);
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertAcknowledged(c, w);
        assertThat(c.config().isMember(N3)).isFalse();
        c.restart(N3);
        assertHeals(c);
    }

    @Test
    void secondaryCrashAfterItsAcknowledgementLeftStillLetsTheWriteCommit() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class, N3, N1), SimNetwork.Fault.HOLD);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.crash(N3);
        c.network().clearRules();
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        assertThat(c.config().ballot()).isEqualTo(1); // committed by the full configuration
        c.restart(N3);
        assertHeals(c);
    }

    @Test
    void restartedSecondaryRejoinsAsALearnerAndCatchesUp() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.crash(N3);
        for (int i = 0; i < 5; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v" + i);
        }
        c.restart(N3);
        assertThat(c.node(N3).role()).isEqualTo(Role.INACTIVE);
        assertHeals(c);
        assertThat(c.node(N3).storage().data()).containsEntry("a", "1").containsEntry("k4", "v4");
        assertThat(c.node(N3).roleChanges())
                .extracting(ReplicaAction.RoleChanged::to)
                .containsSubsequence(Role.POTENTIAL_SECONDARY, Role.SECONDARY);
    }

    @Test
    void restartedPrimaryComesBackOnlyUnderANewBallot() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.crash(N1);
        c.restart(N1); // faster than the MetaServer's grace period
        assertThat(c.node(N1).role()).isEqualTo(Role.INACTIVE);
        long refused = c.write("b", "2");
        c.runUntilQuiet();
        assertThat(c.op(refused).status()).isEqualTo(History.Status.FAILED);
        c.runUntil(() -> c.config().ballot() > 1 && c.primaryNode().status().serving(), 2_000);
        assertThat(c.config().ballot()).isEqualTo(2);
        assertHeals(c);
        Scenario.writeAcknowledged(c, "b", "2");
    }

    @Test
    void wholePartitionCrashRecoversFromTheLastReplicaToLeave() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.crash(N2);
        c.runUntil(() -> !c.config().isMember(N2), 2_000);
        Scenario.writeAcknowledged(c, "c", "3"); // only n1 and n3 have it
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        c.crash(N1);
        c.runUntil(() -> !c.config().hasPrimary(), 2_000);
        assertThat(c.config().latestDrop()).isEqualTo(N1);

        c.restart(N2);
        c.restart(N3);
        c.advance(1_000);
        // n2 missed write c: the MetaServer waits for n1, the last member, instead of losing it.
        assertThat(c.config().hasPrimary()).isFalse();

        c.restart(N1);
        assertHeals(c);
        assertThat(c.node(N2).storage().data()).containsEntry("a", "1").containsEntry("c", "3");
    }

    @Test
    void newPrimaryCrashDuringReconciliationHandsOverToTheNextOne() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.crash(N1);
        c.network().clearRules();
        c.network().always(Msg.net(ReplicaMessage.Prepare.class, N2, N3), SimNetwork.Fault.DROP);
        c.runUntil(() -> c.node(N2).role() == Role.PRIMARY, 2_000);
        assertThat(c.node(N2).status().serving()).isFalse(); // still reconciling decree 1
        c.crash(N2);
        c.network().clearRules();
        c.runUntil(() -> N3.equals(c.config().primary()) && c.node(N3).status().serving(), 3_000);
        assertThat(c.config().ballot()).isEqualTo(3);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
        c.restart(N1);
        c.restart(N2);
        assertHeals(c);
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertThat(c.node(N1).storage().get("k")).isEqualTo("v");
    }
}
