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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lost messages between the MetaServer (configuration manager) and the replicas. */
class MetaMessageLossTest {

    @Test
    void lostProposalReplyIsSettledByTheBallotOnRetry() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        c.network().times(1, Msg.fromMeta(ReplicaEvent.ProposalReply.class, N1), SimNetwork.Fault.DROP);
        // the MetaServer also pushes the new configuration to the members: lost too
        c.network().times(1, Msg.fromMeta(ReplicaEvent.ConfigUpdate.class, N1), SimNetwork.Fault.DROP);
        c.crash(N3);
        c.runUntil(() -> c.config().ballot() == 2, 2_000);
        assertThat(c.node(N1).status().ballot()).isEqualTo(1); // the answer was lost

        // The primary asks again with ballot 1; the MetaServer refuses it and sends the current configuration.
        c.runUntil(() -> c.node(N1).status().ballot() == 2, 2_000);
        assertThat(c.meta().history()).hasSize(2);
        assertThat(c.config()).isEqualTo(new PartitionConfig(2, N1, List.of(N2), List.of(N3)));
        Scenario.writeAcknowledged(c, "k", "v");
        c.advance(200);
        assertReplica(c, N2, Role.SECONDARY, 2, 1, 1);
    }

    @Test
    void lostProposalIsSentAgain() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        c.network().times(1, Msg.toMeta(), SimNetwork.Fault.DROP);
        c.crash(N3);
        c.advance(c.options().replica.prepareTimeoutMillis());
        assertThat(c.config().ballot()).isEqualTo(1);
        c.runUntil(() -> c.node(N1).status().ballot() == 2, 2_000);
        assertThat(c.config()).isEqualTo(new PartitionConfig(2, N1, List.of(N2), List.of(N3)));
    }

    @Test
    void lostConfigUpdateToANewPrimaryIsHealedByTheConfigurationSync() {
        SimCluster c = SimCluster.start();
        Scenario.writeAcknowledged(c, "a", "1");
        c.network().times(1, Msg.fromMeta(ReplicaEvent.ConfigUpdate.class, N2), SimNetwork.Fault.DROP);
        c.crash(N1);
        c.runUntil(() -> N2.equals(c.config().primary()), 2_000);
        c.advance(100);
        // n2 was never told: nobody serves, writes go back to the client for a retry.
        assertReplica(c, N2, Role.SECONDARY, 1, 0, 1);
        long refused = c.writeTo(N2, "b", "2");
        c.runUntilQuiet();
        assertThat(c.op(refused).error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);

        c.runUntil(() -> c.node(N2).status().serving(), c.options().configSyncMillis + 100);
        assertThat(c.node(N2).status().serving()).isTrue();
        assertAcknowledged(c, c.write("b", "2"));
    }

    @Test
    void proposalUnderAStaleBallotIsRefusedAndTheProposerAdoptsTheCurrentConfiguration() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        SimNetwork.Rule lose =
                c.network().always(Msg.fromMeta(ReplicaEvent.ConfigUpdate.class, null), SimNetwork.Fault.DROP);
        // The MetaServer removed n3 on its own; the news is lost.
        c.meta().forceConfig(new PartitionConfig(2, N1, List.of(N2), List.of(N3)));
        c.runUntilQuiet();
        assertThat(c.node(N1).status().ballot()).isEqualTo(1);

        c.network().remove(lose);
        c.network().always(Msg.net(ReplicaMessage.Prepare.class, N1, N3), SimNetwork.Fault.DROP);
        long w = c.write("k", "v");
        assertAcknowledged(c, w);
        // n1's proposal to remove n3 carried ballot 1: refused, it adopted ballot 2 instead, no ballot 3 was made.
        assertThat(c.meta().history()).hasSize(2);
        assertReplica(c, N1, Role.PRIMARY, 2, 1, 1);
    }

    @Test
    void lostAddLearnerRequestIsRepeatedByTheMetaServer() {
        SimCluster c = SimCluster.start();
        c.crash(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        Scenario.writeAcknowledged(c, "k", "v");
        c.network().times(1, Msg.fromMeta(ReplicaEvent.AddLearner.class, N1), SimNetwork.Fault.DROP);
        c.restart(N3);
        c.advance(c.options().learnerRetryMillis / 2);
        assertThat(c.node(N3).role()).isEqualTo(Role.INACTIVE);
        assertHeals(c);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
    }

    @Test
    void removedSecondaryThatMissesTheNewsIsNeverUsedAgainUntilItRelearns() {
        SimCluster c = SimCluster.start();
        SimNetwork.Rule lose =
                c.network().always(Msg.fromMeta(ReplicaEvent.ConfigUpdate.class, N3), SimNetwork.Fault.DROP);
        c.network().isolate(N3);
        c.runUntil(() -> !c.config().isMember(N3), 2_000);
        c.network().heal(N3);
        c.meta().enableDecisions(false);
        long appendsBefore = c.node(N3).log().appendCount();
        Scenario.writeAcknowledged(c, "k", "v");
        c.advance(300);
        assertReplica(c, N3, Role.SECONDARY, 1, 0, 0); // still believes it is a secondary of ballot 1
        assertThat(c.node(N3).log().appendCount()).isEqualTo(appendsBefore);

        c.network().remove(lose);
        c.meta().enableDecisions(true);
        assertHeals(c);
        assertThat(c.node(N3).storage().get("k")).isEqualTo("v");
        assertThat(c.history().all()).allMatch(op -> op.status() == History.Status.OK);
    }

    @Test
    void primaryThatMissedConfigurationsDropsProposalsTheyMadeObsolete() {
        SimCluster c = SimCluster.start();
        c.meta().enableDecisions(false);
        SimNetwork.Rule lose = c.network().always(Msg.fromMeta(ReplicaEvent.class, N1), SimNetwork.Fault.DROP);
        SimNetwork.Rule silence =
                c.network().always(Msg.net(ReplicaMessage.PrepareAck.class, N3, N1), SimNetwork.Fault.DROP);
        c.write("k", "v");
        c.runUntil(() -> c.config().ballot() == 2, 2_000); // n1 asked to remove n3; the answer was lost
        c.meta().forceConfig(new PartitionConfig(3, N1, List.of(), List.of(N3, N2))); // and n2 went too
        c.network().remove(lose);
        c.network().remove(silence);
        c.runUntil(() -> c.node(N1).status().ballot() == 3, 2_000); // n1 jumps from ballot 1 to 3
        c.meta().enableDecisions(true);
        assertHeals(c); // a stale "remove n3" must not block the learners' upgrades forever
        assertThat(c.meta().history()).noneMatch(cfg -> cfg.ballot() > 3 && !cfg.isMember(N1));
    }
}
