package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.assertAcknowledged;
import static io.pegasus.server.replication.Scenario.assertHeals;
import static io.pegasus.server.replication.Scenario.assertReplica;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.Msg;
import io.pegasus.server.replication.sim.SimCluster;
import io.pegasus.server.replication.sim.SimNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PacificA in the absence of faults: primary/backup, commit = every member, ordering, pipelining, batching. */
class NormalOperationTest {

    @Test
    void newPrimaryServesOnlyAfterEverySecondaryConfirmedItsBallotAndQueuesWritesMeanwhile() {
        SimCluster c = SimCluster.create(Scenario.options());
        SimNetwork.Rule hold =
                c.network().always(Msg.net(ReplicaMessage.GroupCheckReply.class, N3, N1), SimNetwork.Fault.HOLD);
        c.advance(50);
        assertThat(c.node(N1).role()).isEqualTo(Role.PRIMARY);
        assertThat(c.node(N1).status().serving()).as(c.describe()).isFalse();
        long queued = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(queued).status())
                .as("queued, not proposed, while reconciling")
                .isEqualTo(History.Status.PENDING);
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 0);

        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.node(N1).status().serving()).as(c.describe()).isTrue();
        assertThat(c.op(queued).status()).isEqualTo(History.Status.OK);
        assertReplica(c, N1, Role.PRIMARY, 1, 1, 1);
        // secondaries learn that decree 1 committed from the primary's next prepare or group check
        assertReplica(c, N2, Role.SECONDARY, 1, 0, 1);
        assertReplica(c, N3, Role.SECONDARY, 1, 0, 1);
    }

    @Test
    void writeCommitsOnlyWhenLoggedOnEveryMember() {
        SimCluster c = SimCluster.start();
        c.holdLog(N3);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 1);
        assertThat(c.node(N1).storage().lastApplied()).isZero();

        c.releaseLog(N3);
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        assertThat(c.op(w).decree()).isEqualTo(1);
        assertHeals(c);
    }

    @Test
    void primaryCommitsOnlyAfterItsOwnLogIsDurable() {
        SimCluster c = SimCluster.start();
        c.holdLog(N1);
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.node(N2).status().preparedDecree()).isEqualTo(1);
        assertThat(c.node(N3).status().preparedDecree()).isEqualTo(1);
        assertThat(c.op(w).status()).isEqualTo(History.Status.PENDING);

        c.releaseLog(N1);
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        assertHeals(c);
    }

    @Test
    void decreesCommitAndApplyInOrderOnEveryReplica() {
        SimCluster c = SimCluster.start();
        List<Long> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(c.write("k" + (i % 3), "v" + i));
        }
        c.runUntilQuiet();
        long previous = 0;
        for (long w : writes) {
            assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
            assertThat(c.op(w).decree()).isGreaterThan(previous);
            previous = c.op(w).decree();
        }
        assertHeals(c);
        assertThat(c.node(N2).storage().history())
                .isEqualTo(c.node(N1).storage().history());
        assertThat(c.node(N3).storage().data()).containsEntry("k1", "v19").containsEntry("k0", "v18");
    }

    @Test
    void manyDecreesAreInFlightAtOnce() {
        SimCluster c = SimCluster.start();
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        for (int i = 0; i < 10; i++) {
            c.write("k" + i, "v");
        }
        c.runUntilQuiet();
        // Ten decrees sent without waiting for a single acknowledgement: the pipeline, not one round trip each.
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 10);
        assertThat(c.node(N2).status().preparedDecree()).isEqualTo(10);

        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(10);
        assertHeals(c);
    }

    @Test
    void writesBeyondTheInFlightLimitWaitInTheQueueAndAreBatched() {
        SimCluster c =
                SimCluster.start(Scenario.options(Scenario.replicaOptions().maxInFlightMutations(2)));
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        for (int i = 0; i < 10; i++) {
            c.write("k" + i, "v");
        }
        c.runUntilQuiet();
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 2);
        assertThat(c.node(N1).status().queuedWrites()).isEqualTo(8);

        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(10);
        long decrees = c.node(N1).status().committedDecree();
        assertThat(decrees).as("queued writes share mutations").isLessThan(10);
        assertThat(c.node(N1).storage().appliedAt(3).writes()).hasSizeGreaterThan(1);
        assertHeals(c);
    }

    @Test
    void aBusyPartitionWaitsForItsPipelineInsteadOfStartingAnotherDecree() {
        // pipelineMaxQueued 1: with a decree in flight, another starts only while at most one write waits
        SimCluster c = SimCluster.start(Scenario.options(
                Scenario.replicaOptions().maxInFlightMutations(2).pipelineMaxQueued(1)));
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        for (int i = 0; i < 5; i++) {
            c.write("k" + i, "v"); // k0 and k1 each start a decree (one write waiting is few); k2-k4 wait
        }
        c.runUntilQuiet();
        assertReplica(c, N1, Role.PRIMARY, 1, 0, 2);
        assertThat(c.node(N1).status().queuedWrites()).isEqualTo(3);

        c.network().releaseHeld(Msg.ack(1, null)); // decree 1 commits, decree 2 stays in flight
        c.runUntilQuiet();
        assertReplica(c, N1, Role.PRIMARY, 1, 1, 2); // a slot is free, but three writes wait: no decree 3 yet
        c.write("k5", "v");
        c.runUntilQuiet();
        assertReplica(c, N1, Role.PRIMARY, 1, 1, 2);
        assertThat(c.node(N1).status().queuedWrites()).isEqualTo(4);

        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(6);
        assertThat(c.node(N1).storage().appliedAt(3).writes()).hasSize(4); // k2-k5 went together
        assertHeals(c);
    }

    @Test
    void withoutTheLimitAFreedSlotGoesToTheWaitingWritesAtOnce() {
        // pipelineMaxQueued at the queue's size: always pipeline (the behaviour before the limit)
        SimCluster c = SimCluster.start(Scenario.options(
                Scenario.replicaOptions().maxInFlightMutations(2).pipelineMaxQueued(4096)));
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        for (int i = 0; i < 5; i++) {
            c.write("k" + i, "v");
        }
        c.runUntilQuiet();
        c.network().releaseHeld(Msg.ack(1, null));
        c.runUntilQuiet();
        assertReplica(c, N1, Role.PRIMARY, 1, 1, 3); // the freed slot goes to the three waiting writes at once
        assertThat(c.node(N1).status().queuedWrites()).isZero();

        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(5);
        assertThat(c.node(N1).storage().appliedAt(3).writes()).hasSize(3);
        assertHeals(c);
    }

    @Test
    void batchesRespectTheMaximumWriteCountAndByteSize() {
        SimCluster c = SimCluster.start(Scenario.options(Scenario.replicaOptions()
                .maxInFlightMutations(1)
                .maxBatchWrites(3)
                .maxBatchBytes(10)));
        SimNetwork.Rule hold = c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        c.write("a", "1");
        for (int i = 0; i < 6; i++) {
            c.write("b" + i, "2"); // 3 bytes each: at most 3 per batch by count
        }
        c.write("big", "0123456789"); // 13 bytes: alone, though over the byte limit
        c.write("c", "3");
        c.runUntilQuiet();
        c.network().remove(hold);
        c.network().releaseHeld();
        c.runUntilQuiet();
        assertThat(c.history().ackedWrites()).hasSize(9);
        List<Integer> sizes = new ArrayList<>();
        for (long d = 1; d <= c.node(N1).storage().lastApplied(); d++) {
            sizes.add(c.node(N1).storage().appliedAt(d).writes().size());
        }
        assertThat(sizes).containsExactly(1, 3, 3, 1, 1);
        assertHeals(c);
    }

    @Test
    void writesBeyondTheQueueBoundAreRefusedWithBusy() {
        SimCluster c = SimCluster.start(Scenario.options(
                Scenario.replicaOptions().maxInFlightMutations(1).maxQueuedWrites(2)));
        c.network().always(Msg.net(ReplicaMessage.PrepareAck.class), SimNetwork.Fault.HOLD);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(c.write("k" + i, "v"));
        }
        c.runUntilQuiet();
        assertThat(c.op(ids.get(0)).status()).isEqualTo(History.Status.PENDING);
        assertThat(c.op(ids.get(1)).status()).isEqualTo(History.Status.PENDING);
        assertThat(c.op(ids.get(2)).status()).isEqualTo(History.Status.PENDING);
        assertThat(c.op(ids.get(3)).error()).isEqualTo(ErrorCode.ERR_BUSY);
        assertThat(c.op(ids.get(4)).error()).isEqualTo(ErrorCode.ERR_BUSY);
    }

    @Test
    void writesAreRefusedBelowTheMinimumReplicaCountButReadsAreServed() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "k", "v");
        c.crash(N2);
        c.crash(N3);
        c.runUntil(
                () -> c.config().memberCount() == 1
                        && c.node(N1).status().ballot() == c.config().ballot(),
                5_000);
        assertThat(c.config().secondaries()).isEmpty();
        long w = c.write("k", "v2");
        long r = c.read("k");
        c.runUntilQuiet();
        assertThat(c.op(w).error()).isEqualTo(ErrorCode.ERR_NOT_ENOUGH_MEMBER);
        assertThat(c.op(r).readValue()).isEqualTo("v");
    }

    @Test
    void onlyThePrimaryServesReadsAndWrites() {
        SimCluster c = SimCluster.start();
        long w = c.writeTo(N2, "k", "v");
        long r = c.readFrom(N3, "k");
        c.runUntilQuiet();
        assertThat(c.op(w).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(c.op(r).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(c.node(N1).status().preparedDecree()).isZero();
    }

    @Test
    void secondariesCommitWhatThePrimaryPiggybacksOnItsGroupCheck() {
        SimCluster c = SimCluster.start();
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).isEqualTo(History.Status.OK);
        // The secondaries logged decree 1 but learn that it committed only from the primary's next message.
        assertReplica(c, N2, Role.SECONDARY, 1, 0, 1);
        c.advance(c.options().replica.groupCheckIntervalMillis());
        assertReplica(c, N2, Role.SECONDARY, 1, 1, 1);
        assertReplica(c, N3, Role.SECONDARY, 1, 1, 1);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
    }

    @Test
    void readsReflectEveryAcknowledgedWrite() {
        SimCluster c = SimCluster.start();
        for (int i = 0; i < 5; i++) {
            Scenario.writeAcknowledged(c, "k", "v" + i);
            long r = c.read("k");
            assertAcknowledged(c, r);
            assertThat(c.op(r).readValue()).isEqualTo("v" + i);
        }
    }
}
