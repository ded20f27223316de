package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import io.pegasus.server.replication.sim.SimNode;
import org.junit.jupiter.api.Test;

/**
 * PacificA's lease rule: a primary serves and commits only while its lease from the MetaServer is valid, and the
 * lease is shorter than the MetaServer's grace period, so a cut-off primary stops before a new one can exist.
 */
class LeaseTest {

    private static boolean anotherPrimaryServes(SimCluster c) {
        for (SimNode n : c.nodes()) {
            if (!n.id().equals(N1) && n.isRunning() && n.status().serving()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void primaryWithAnExpiredLeaseRefusesReadsAndWrites() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.meta().enableDecisions(false);
        c.cutFromMeta(N1);
        c.advance(c.options().leaseMillis + c.options().tickMillis);
        assertThat(c.node(N1).status().leaseValid()).isFalse();
        assertThat(c.node(N1).role()).isEqualTo(Role.PRIMARY);
        long w = c.writeTo(N1, "b", "2");
        long r = c.readFrom(N1, "a");
        c.runUntilQuiet();
        assertThat(c.op(w).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(c.op(r).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
    }

    @Test
    void primaryStopsCommittingWhenItsLeaseExpires() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        c.cutFromMeta(N1);
        c.advance(c.options().leaseMillis + c.options().tickMillis);
        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertThat(c.node(N1).status().committedDecree()).isZero();
        assertThat(c.node(N1).storage().lastApplied()).isZero();

        // The MetaServer replaces it; the new primary commits the write it inherited.
        c.meta().enableDecisions(true);
        c.runUntil(() -> anotherPrimaryServes(c), 2_000);
        assertThat(c.primaryNode().storage().get("k")).isEqualTo("v");
        c.reconnectToMeta(N1);
        assertHeals(c);
        assertThat(c.op(w).status()).isEqualTo(History.Status.UNKNOWN); // abandoned by n1 when it lost the role
    }

    @Test
    void renewedLeaseIsNotEnoughToResumeServingWithoutTheMetaServersWord() {
        SimCluster c = SimCluster.start();
        c.cutFromMeta(N1);
        c.advance(c.options().leaseMillis + 50); // past the lease, within the grace period
        assertThat(c.node(N1).status().serving()).isFalse();
        SimNetwork.Rule holdQueries = c.network().always(Msg.configQuery(), SimNetwork.Fault.HOLD);
        c.reconnectToMeta(N1);
        c.advance(c.options().tickMillis * 2);
        assertThat(c.node(N1).status().leaseValid()).isTrue();
        assertThat(c.node(N1).status().serving())
                .as("waits for the MetaServer's confirmation")
                .isFalse();
        assertThat(c.network().held()).hasSize(1);

        // Its query asked after the lease came back: the answer (still ballot 1, still primary) is proof enough.
        c.network().remove(holdQueries);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.node(N1).status().serving()).isTrue();
        assertThat(c.config().ballot()).isEqualTo(1);
        Scenario.writeAcknowledged(c, "k", "v");
    }

    @Test
    void configurationThatWaitedInAQueueDoesNotRestoreAPrimaryThatLostItsLease() {
        SimCluster c = SimCluster.start();
        SimNetwork.Rule holdSync =
                c.network().always(Msg.fromMeta(ReplicaEvent.ConfigUpdate.class, N1), SimNetwork.Fault.HOLD);
        c.runUntil(() -> !c.network().held().isEmpty(), 2_000); // a configuration sync (ballot 1) waits in a queue
        c.network().remove(holdSync);
        c.network().isolate(N1);
        c.runUntil(() -> anotherPrimaryServes(c), 2_000);
        c.meta().enableDecisions(false); // no invitation to learn: n1 hears only the stale message and its answer
        SimNetwork.Rule holdQueries = c.network().always(Msg.configQuery(), SimNetwork.Fault.HOLD);
        c.network().heal(N1);
        c.advance(c.options().tickMillis); // lease renewed, query on its way
        assertThat(c.node(N1).status().leaseValid()).isTrue();
        c.network().remove(holdQueries);
        c.network().releaseHeldReversed(); // the old "you are primary of ballot 1" arrives first
        c.runUntilQuiet(); // the invariant checker fails here if n1 served again
        assertThat(c.node(N1).status().serving()).isFalse();
        assertThat(c.node(N1).role()).isEqualTo(Role.INACTIVE);
        c.meta().enableDecisions(true);
        assertHeals(c);
    }

    @Test
    void isolatedPrimaryStopsServingBeforeTheNewPrimaryServes() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.network().isolate(N1);
        long n1StoppedAt = -1;
        long otherStartedAt = -1;
        for (int i = 0; i < 200 && otherStartedAt < 0; i++) {
            c.tick();
            if (n1StoppedAt < 0 && !c.node(N1).status().serving()) {
                n1StoppedAt = c.now();
            }
            if (anotherPrimaryServes(c)) {
                otherStartedAt = c.now();
            }
        }
        assertThat(n1StoppedAt).isPositive();
        assertThat(otherStartedAt).isGreaterThan(n1StoppedAt);
        assertThat(otherStartedAt - n1StoppedAt)
                .isGreaterThanOrEqualTo(c.options().graceMillis - c.options().leaseMillis - c.options().tickMillis);
    }

    @Test
    void pausedPrimaryNeitherServesNorCommitsAfterANewPrimaryExists() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.pause(N1);
        long r = c.readFrom(N1, "a");
        long w = c.writeTo(N1, "b", "2");
        c.runUntil(() -> anotherPrimaryServes(c), 2_000);
        Scenario.writeAcknowledged(c, "a", "new");

        // SIGCONT: the old primary first notices its lease expired, then sees the requests that queued up.
        c.resume(N1);
        c.runUntilQuiet();
        assertThat(c.op(r).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(c.op(w).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(c.node(N1).storage().get("b")).isNull();
        assertHeals(c);
        assertThat(c.node(N1).storage().get("a")).isEqualTo("new");
    }

    @Test
    void oldPrimaryRejoinsAsALearnerOnceThePartitionHeals() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.network().isolate(N1);
        c.runUntil(() -> anotherPrimaryServes(c), 2_000);
        Scenario.writeAcknowledged(c, "b", "2");
        c.network().heal(N1);
        assertHeals(c);
        assertThat(c.config().isSecondary(N1)).isTrue();
        assertThat(c.node(N1).storage().get("b")).isEqualTo("2");
        assertThat(c.node(N1).roleChanges())
                .extracting(ReplicaAction.RoleChanged::to)
                .containsSubsequence(Role.PRIMARY, Role.POTENTIAL_SECONDARY, Role.SECONDARY)
                .endsWith(Role.SECONDARY);
    }
}
