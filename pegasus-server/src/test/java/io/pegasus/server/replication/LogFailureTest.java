package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.N4;
import static io.pegasus.server.replication.Scenario.assertAcknowledged;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static io.pegasus.server.replication.Scenario.assertReplica;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import org.junit.jupiter.api.Test;

/** Mutation log IO: durability before acknowledgement, failures, and the unflushed tail lost in a crash. */
class LogFailureTest {

    @Test
    void primaryLogFailureMovesItToErrorAndTheBestSecondaryTakesOver() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.node(N1).log().failNextAppend();
        long w = c.write("b", "2");
        c.runUntilQuiet();
        assertThat(c.node(N1).role()).isEqualTo(Role.ERROR);
        // The prepares went out before the failure: the outcome is unknown to the client, never an error.
        assertThat(c.op(w).status()).isEqualTo(History.Status.UNKNOWN);

        c.runUntil(
                () -> c.primaryNode() != c.node(N1) && c.primaryNode().status().serving(), 2_000);
        assertThat(c.config().primary()).isEqualTo(N2);
        assertThat(c.config().secondaries()).containsExactly(N3);
        assertThat(c.node(N2).storage().get("b")).isEqualTo("2"); // reconciled: the logged decree commits
        Scenario.writeAcknowledged(c, "c", "3");
        assertThat(c.node(N1).role()).isEqualTo(Role.ERROR);
        c.assertNoAcknowledgedWriteLost();
    }

    @Test
    void secondaryLogFailureGetsItReplacedByAnotherNode() {
        SimCluster c = SimCluster.start(Scenario.options().nodes(4));
        c.node(N3).log().failNextAppend();
        long w = c.write("k", "v");
        assertAcknowledged(c, w);
        assertThat(c.node(N3).role()).isEqualTo(Role.ERROR);
        assertThat(c.config().isMember(N3)).isFalse();
        assertHeals(c);
        assertThat(c.config().secondaries()).containsExactlyInAnyOrder(N2, N4);
        assertThat(c.node(N4).storage().get("k")).isEqualTo("v");
    }

    @Test
    void secondaryAcknowledgesOnlyOnceItsLogIsDurable() {
        SimCluster c = SimCluster.start();
        c.holdLog(N2);
        SimNetwork.Rule holdAcks =
                c.network().always(Msg.net(ReplicaMessage.PrepareAck.class, N2, N1), SimNetwork.Fault.HOLD);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.network().held()).isEmpty();
        assertThat(c.node(N2).log().unflushedCount()).isEqualTo(1);

        c.releaseLog(N2);
        c.runUntilQuiet();
        assertThat(c.network().held()).hasSize(1);
        c.network().remove(holdAcks);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
    }

    @Test
    void unflushedTailLostInACrashWasNeverAcknowledged() {
        SimCluster c = SimCluster.start();
        c.holdLog(N2);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.crash(N2);
        assertAcknowledged(c, w); // committed by n1 and n3 once n2 is removed
        assertThat(c.config().isMember(N2)).isFalse();

        c.restart(N2);
        assertReplica(c, N2, Role.INACTIVE, 1, 0, 0); // decree 1 never reached its disk
        assertHeals(c);
        assertThat(c.node(N2).storage().get("k")).isEqualTo("v");
    }

    @Test
    void logFailureOnALearnerLeavesThePartitionServing() {
        SimCluster c = SimCluster.start();
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        for (int i = 0; i < 3; i++) {
            Scenario.writeAcknowledged(c, "k" + i, "v");
        }
        c.restart(N3);
        c.node(N3).log().failNextAppend();
        c.advance(1_000);
        assertThat(c.node(N3).role()).isEqualTo(Role.ERROR);
        assertThat(c.config().isMember(N3)).isFalse();
        Scenario.writeAcknowledged(c, "after", "v");
    }

    @Test
    void logFailureDuringReconciliationMakesTheNewPrimaryGiveWay() {
        SimCluster c = SimCluster.start();
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.network().clearRules();
        c.node(N2).log().failNextAppend(); // n2 will be promoted and fail re-logging decree 1
        c.crash(N1);
        c.runUntil(() -> N3.equals(c.config().primary()) && c.node(N3).status().serving(), 3_000);
        assertThat(c.node(N2).role()).isEqualTo(Role.ERROR);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
        assertThat(c.op(w).status()).isNotEqualTo(History.Status.OK);

        long refused = c.write("x", "y");
        c.runUntilQuiet();
        assertThat(c.op(refused).error()).isEqualTo(ErrorCode.ERR_NOT_ENOUGH_MEMBER);
        c.restart(N1);
        c.runUntil(() -> c.config().memberCount() == 2 && c.node(N1).role() == Role.SECONDARY, 5_000);
        Scenario.writeAcknowledged(c, "x", "y");
        c.assertNoAcknowledgedWriteLost();
    }
}
