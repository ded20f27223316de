package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.N4;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MetaServer's per-partition decisions (PacificA's configuration manager rules). */
class PartitionGuardianTest {

    private final PartitionGuardian guardian = new PartitionGuardian(3);
    private final Map<NodeId, ReplicaReport> reports = new HashMap<>();

    private void report(NodeId n, Role role, long ballot, long committed, long prepared) {
        reports.put(n, new ReplicaReport(n, role, ballot, committed, prepared));
    }

    private PartitionGuardian.Decision decide(PartitionConfig c, NodeId... alive) {
        return guardian.decide(c, List.of(alive), reports);
    }

    @Test
    void healthyPartitionNeedsNoChange() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2, N3);
        report(N1, Role.PRIMARY, 3, 10, 10);
        report(N2, Role.SECONDARY, 3, 10, 10);
        report(N3, Role.SECONDARY, 3, 10, 10);
        assertThat(decide(c, N1, N2, N3)).isInstanceOf(PartitionGuardian.Decision.NoChange.class);
    }

    @Test
    void deadPrimaryIsReplacedByTheSecondaryWithTheHighestCommittedThenPreparedDecree() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2, N3);
        report(N2, Role.SECONDARY, 3, 10, 11);
        report(N3, Role.SECONDARY, 3, 10, 12);
        assertThat(decide(c, N2, N3))
                .isEqualTo(new PartitionGuardian.Decision.ChangeConfig(
                        new PartitionConfig(4, N3, List.of(N2), List.of(N1)), "primary n1 failed, promoting n3"));
        report(N2, Role.SECONDARY, 3, 11, 11);
        assertThat(((PartitionGuardian.Decision.ChangeConfig) decide(c, N2, N3))
                        .next()
                        .primary())
                .isEqualTo(N2);
    }

    @Test
    void primaryBackFromARestartIsTreatedAsFailedButMayBePromotedAgainUnderANewBallot() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2);
        report(N1, Role.INACTIVE, 3, 12, 12);
        report(N2, Role.SECONDARY, 3, 10, 12);
        PartitionGuardian.Decision d = decide(c, N1, N2);
        assertThat(d)
                .isEqualTo(new PartitionGuardian.Decision.ChangeConfig(
                        new PartitionConfig(4, N1, List.of(N2), List.of()), "primary n1 failed, promoting n1"));
    }

    @Test
    void primaryNotYetToldOfItsPromotionIsNotReplacedAgain() {
        PartitionConfig c = PartitionConfig.of(4, N2, N3);
        report(N2, Role.SECONDARY, 3, 10, 10); // has not received ballot 4 yet
        report(N3, Role.SECONDARY, 3, 10, 10);
        assertThat(decide(c, N2, N3, N4)).isNotInstanceOf(PartitionGuardian.Decision.ChangeConfig.class);
    }

    @Test
    void deadOrFailedSecondaryIsRemoved() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2, N3);
        report(N1, Role.PRIMARY, 3, 10, 10);
        report(N2, Role.SECONDARY, 3, 10, 10);
        assertThat(decide(c, N1, N2))
                .isEqualTo(
                        new PartitionGuardian.Decision.ChangeConfig(c.nextWithoutSecondary(N3), "secondary n3 failed"));
        report(N3, Role.ERROR, 3, 10, 10);
        assertThat(decide(c, N1, N2, N3))
                .isEqualTo(
                        new PartitionGuardian.Decision.ChangeConfig(c.nextWithoutSecondary(N3), "secondary n3 failed"));
    }

    @Test
    void underReplicatedPartitionGetsALearnerPreferringTheLastDropped() {
        PartitionConfig c = new PartitionConfig(5, N1, List.of(N2), List.of(N3));
        report(N1, Role.PRIMARY, 5, 10, 10);
        report(N2, Role.SECONDARY, 5, 10, 10);
        assertThat(decide(c, N1, N2, N4, N3)).isEqualTo(new PartitionGuardian.Decision.AddLearner(N1, N3, 5));
        assertThat(decide(c, N1, N2, N4)).isEqualTo(new PartitionGuardian.Decision.AddLearner(N1, N4, 5));
        report(N4, Role.ERROR, 0, 0, 0);
        assertThat(decide(c, N1, N2, N4)).isInstanceOf(PartitionGuardian.Decision.NoChange.class);
    }

    @Test
    void everyReplicaDeadEmptiesTheConfiguration() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2);
        assertThat(decide(c, N4))
                .isEqualTo(new PartitionGuardian.Decision.ChangeConfig(
                        new PartitionConfig(4, null, List.of(), List.of(N2, N1)),
                        "primary failed and no secondary is alive"));
    }

    @Test
    void recoveryWaitsForTheLastReplicaToLeaveThenPicksTheBestOfTheDropped() {
        PartitionConfig c = new PartitionConfig(6, null, List.of(), List.of(N3, N2, N1));
        report(N3, Role.INACTIVE, 4, 8, 8);
        report(N2, Role.INACTIVE, 5, 9, 9);
        assertThat(decide(c, N2, N3)).isInstanceOf(PartitionGuardian.Decision.NoChange.class);
        report(N1, Role.INACTIVE, 5, 9, 10);
        assertThat(decide(c, N1, N2, N3))
                .isEqualTo(new PartitionGuardian.Decision.ChangeConfig(
                        new PartitionConfig(7, N1, List.of(), List.of(N3, N2)),
                        "recovering partition from dropped replica n1"));
        report(N2, Role.INACTIVE, 5, 10, 10); // committed more than n1 reports (n1 restarted conservatively)
        assertThat(((PartitionGuardian.Decision.ChangeConfig) decide(c, N1, N2, N3))
                        .next()
                        .primary())
                .isEqualTo(N2);
    }

    @Test
    void newPartitionGetsItsFirstPrimary() {
        assertThat(decide(PartitionConfig.empty(), N2, N3))
                .isEqualTo(new PartitionGuardian.Decision.ChangeConfig(
                        new PartitionConfig(1, N2, List.of(), List.of()), "new partition on n2"));
        assertThat(decide(PartitionConfig.empty())).isInstanceOf(PartitionGuardian.Decision.NoChange.class);
    }

    @Test
    void promotionWaitsForReportsRatherThanGuessing() {
        PartitionConfig c = PartitionConfig.of(3, N1, N2, N3);
        assertThat(decide(c, N2, N3)).isInstanceOf(PartitionGuardian.Decision.NoChange.class);
    }
}
