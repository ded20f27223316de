package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static io.pegasus.server.meta.Nodes.nodes;
import static io.pegasus.server.meta.Nodes.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The guardian's decisions on one partition, one test per rule: lost primary, lost secondary, every replica lost
 * and its recovery, learner choice, and a primary's proposals.
 */
class PartitionGuardianTest {
    private static final gpid PID = new gpid(1, 0);
    private static final Table TABLE = new Table(1, "t", 1, 3, app_status.AS_AVAILABLE, Map.of(), 0, 0, 0, 1);

    /** Partition at ballot 5: primary n1, secondaries n2 and n3. */
    private static PartitionConfig config() {
        return new PartitionConfig(PID, 5, 3, n(1), List.of(n(2), n(3)), List.of(), 7, List.of());
    }

    private static Predicate<rpc_address> allBut(rpc_address... dead) {
        Set<rpc_address> d = Set.of(dead);
        return node -> !d.contains(node);
    }

    @Test
    void aDeadPrimaryIsReplacedByTheSecondaryWithTheHighestCommittedDecree() {
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(2), List.of(report(PID, 5, 10, 12)));
        reports.update(n(3), List.of(report(PID, 5, 11, 11)));
        PartitionConfig next = PartitionGuardian.afterLosing(config(), allBut(n(1)), reports, new NodeLoad())
                .orElseThrow();
        assertThat(next.ballot()).isEqualTo(6);
        assertThat(next.primary()).isEqualTo(n(3));
        assertThat(next.secondaries()).containsExactly(n(2));
        assertThat(next.lastDrops()).containsExactly(n(1));
    }

    @Test
    void onEqualCommittedDecreesThePreparedDecreeThenTheAddressDecides() {
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(2), List.of(report(PID, 5, 10, 12)));
        reports.update(n(3), List.of(report(PID, 5, 10, 11)));
        assertThat(PartitionGuardian.afterLosing(config(), allBut(n(1)), reports, new NodeLoad())
                        .orElseThrow()
                        .primary())
                .isEqualTo(n(2));
        // nothing reported: the node with fewer primaries, then the lower address
        assertThat(PartitionGuardian.afterLosing(config(), allBut(n(1)), new ReplicaReports(), new NodeLoad())
                        .orElseThrow()
                        .primary())
                .isEqualTo(n(2));
        NodeLoad load = new NodeLoad();
        load.addPrimary(n(2));
        assertThat(PartitionGuardian.afterLosing(config(), allBut(n(1)), new ReplicaReports(), load)
                        .orElseThrow()
                        .primary())
                .isEqualTo(n(3));
    }

    @Test
    void aDeadSecondaryIsRemovedAtTheNextBallot() {
        PartitionConfig next = PartitionGuardian.afterLosing(
                        config(), allBut(n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        assertThat(next.ballot()).isEqualTo(6);
        assertThat(next.primary()).isEqualTo(n(1));
        assertThat(next.secondaries()).containsExactly(n(2));
        assertThat(next.lastDrops()).containsExactly(n(3));
    }

    /**
     * Found by the simulation: a member alive by the failure detector whose replica is in error (its log failed), or
     * inactive at the current ballot (its process restarted unnoticed, e.g. during a MetaServer failover), would never
     * serve again; the guardian kept it and the partition never healed. Its own report now counts as losing it.
     */
    @Test
    void aLiveMemberWhoseReplicaReportsErrorOrInactiveAtTheCurrentBallotIsLost() {
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(3), List.of(withStatus(report(PID, 5, 7, 7), partition_status.PS_ERROR)));
        PartitionConfig next = PartitionGuardian.afterLosing(config(), allBut(), reports, new NodeLoad())
                .orElseThrow();
        assertThat(next.secondaries()).containsExactly(n(2));
        assertThat(next.lastDrops()).containsExactly(n(3));

        reports = new ReplicaReports();
        reports.update(n(1), List.of(withStatus(report(PID, 5, 7, 7), partition_status.PS_INACTIVE)));
        next = PartitionGuardian.afterLosing(config(), allBut(), reports, new NodeLoad())
                .orElseThrow();
        assertThat(next.primary()).isIn(n(2), n(3));
        assertThat(next.lastDrops()).containsExactly(n(1));

        // inactive at an older ballot is a replica on its way back (it learns): not lost
        reports = new ReplicaReports();
        reports.update(n(3), List.of(withStatus(report(PID, 4, 7, 7), partition_status.PS_INACTIVE)));
        assertThat(PartitionGuardian.afterLosing(config(), allBut(), reports, new NodeLoad()))
                .isEmpty();
    }

    @Test
    void aNodeWhoseReplicaIsInErrorIsNotChosenAsLearner() {
        PartitionConfig two = new PartitionConfig(PID, 6, 3, n(1), List.of(n(2)), List.of(n(3)), 0, List.of());
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(3), List.of(withStatus(report(PID, 5, 7, 7), partition_status.PS_ERROR)));
        assertThat(PartitionGuardian.chooseLearner(two, nodes(3), new NodeLoad(), reports))
                .isEmpty();
    }

    private static io.pegasus.server.thrift.replica_report withStatus(
            io.pegasus.server.thrift.replica_report r, partition_status status) {
        r.setStatus(status.getValue());
        return r;
    }

    @Test
    void nothingChangesWhileEveryMemberIsUsable() {
        assertThat(PartitionGuardian.afterLosing(config(), allBut(), new ReplicaReports(), new NodeLoad()))
                .isEmpty();
    }

    @Test
    void losingEveryReplicaEmptiesThePartitionAndRemembersTheMembersAsCandidates() {
        PartitionConfig next = PartitionGuardian.afterLosing(
                        config(), allBut(n(1), n(2), n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        assertThat(next.hasPrimary()).isFalse();
        assertThat(next.secondaries()).isEmpty();
        assertThat(next.ballot()).isEqualTo(6);
        assertThat(next.recoveryCandidates()).containsExactly(n(1), n(2), n(3));
        assertThat(next.lastDrops()).containsExactly(n(1), n(2), n(3));
    }

    @Test
    void secondariesLostOneByOneLeaveOnlyTheLastMemberAsCandidate() {
        PartitionConfig c = PartitionGuardian.afterLosing(
                        config(), allBut(n(2), n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        assertThat(c.members()).containsExactly(n(1));
        PartitionConfig empty = PartitionGuardian.afterLosing(
                        c, allBut(n(1), n(2), n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        assertThat(empty.recoveryCandidates()).containsExactly(n(1));
        assertThat(empty.ballot()).isEqualTo(7);
    }

    @Test
    void anEmptyPartitionWaitsForACandidateToReportThenReopensTheHighestDecree() {
        PartitionConfig empty = PartitionGuardian.afterLosing(
                        config(), allBut(n(1), n(2), n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        ReplicaReports reports = new ReplicaReports();
        // candidates alive but not reported yet: wait
        assertThat(PartitionGuardian.recover(empty, allBut(), reports)).isEmpty();
        // a non-candidate reporting the partition does not count
        reports.update(n(4), List.of(report(PID, 9, 100, 100)));
        assertThat(PartitionGuardian.recover(empty, allBut(), reports)).isEmpty();
        // n2 and n3 are back with data, n3 the most; n1 stays dead
        reports.update(n(2), List.of(report(PID, 5, 10, 10)));
        reports.update(n(3), List.of(report(PID, 5, 12, 12)));
        PartitionConfig reopened =
                PartitionGuardian.recover(empty, allBut(n(1)), reports).orElseThrow();
        assertThat(reopened.primary()).isEqualTo(n(3));
        assertThat(reopened.secondaries()).isEmpty();
        assertThat(reopened.ballot()).isEqualTo(7);
        assertThat(reopened.recoveryCandidates()).isEmpty();
    }

    @Test
    void onEqualDecreesTheEarlierCandidateIsReopenedSoARecalledTableGetsItsOldPrimaryBack() {
        PartitionConfig empty = config().emptied(List.of(n(3), n(1), n(2)));
        ReplicaReports reports = new ReplicaReports();
        for (int i = 1; i <= 3; i++) {
            reports.update(n(i), List.of(report(PID, 5, 9, 9)));
        }
        assertThat(PartitionGuardian.recover(empty, allBut(), reports)
                        .orElseThrow()
                        .primary())
                .isEqualTo(n(3));
    }

    @Test
    void aRecoveredBallotIsAboveAnyBallotTheReplicaReports() {
        PartitionConfig empty = config().emptied(List.of(n(1)));
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(1), List.of(report(PID, 20, 3, 3)));
        assertThat(PartitionGuardian.recover(empty, allBut(), reports)
                        .orElseThrow()
                        .ballot())
                .isEqualTo(21);
    }

    @Test
    void aPartitionWithoutCandidatesIsNotReopened() {
        PartitionConfig empty = config().emptied(List.of());
        ReplicaReports reports = new ReplicaReports();
        reports.update(n(1), List.of(report(PID, 5, 3, 3)));
        assertThat(PartitionGuardian.recover(empty, allBut(), reports)).isEmpty();
    }

    @Test
    void theLearnerIsANonMemberPreferringOneWithDataThenTheLeastLoaded() {
        PartitionConfig two = new PartitionConfig(PID, 6, 3, n(1), List.of(n(2)), List.of(n(3)), 0, List.of());
        NodeLoad load = new NodeLoad();
        load.addSecondary(n(4));
        ReplicaReports reports = new ReplicaReports();
        assertThat(PartitionGuardian.chooseLearner(two, nodes(5), load, reports))
                .contains(n(3));
        load.addSecondary(n(3));
        assertThat(PartitionGuardian.chooseLearner(two, nodes(5), load, reports))
                .contains(n(5));
        reports.update(n(4), List.of(report(PID, 5, 3, 3)));
        assertThat(PartitionGuardian.chooseLearner(two, nodes(5), load, reports))
                .contains(n(4));
        // a full partition, or one without primary, gets no learner
        assertThat(PartitionGuardian.chooseLearner(config(), nodes(5), load, reports))
                .isEmpty();
        assertThat(PartitionGuardian.chooseLearner(config().emptied(List.of()), nodes(5), load, reports))
                .isEmpty();
        // no node left that is not a member
        assertThat(PartitionGuardian.chooseLearner(two, nodes(2), load, reports))
                .isEmpty();
    }

    private static update_configuration_request proposal(
            rpc_address from, long ballot, config_change_type type, rpc_address target) {
        return new update_configuration_request(from, PID, ballot, type.getValue(), target, 0);
    }

    @Test
    void anUpgradeFromThePrimaryAtTheCurrentBallotAddsTheLearner() {
        PartitionConfig two = new PartitionConfig(PID, 6, 3, n(1), List.of(n(2)), List.of(n(4)), 0, List.of());
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(
                TABLE, two, proposal(n(1), 6, config_change_type.CC_UPGRADE_TO_SECONDARY, n(4)), allBut());
        assertThat(d.ok()).isTrue();
        assertThat(d.result().ballot()).isEqualTo(7);
        assertThat(d.result().secondaries()).containsExactly(n(2), n(4));
        assertThat(d.result().lastDrops()).isEmpty();
        assertThat(d.records()).containsExactly(new MetaRecord.PartitionChanged(d.result()));
        assertThat(d.actions()).extracting(MetaAction::node).containsExactly(n(1), n(2), n(4));
    }

    @Test
    void aStaleBallotIsRefusedWithTheCurrentConfiguration() {
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(
                TABLE, config(), proposal(n(1), 4, config_change_type.CC_REMOVE_SECONDARY, n(2)), allBut());
        assertThat(d.error()).isEqualTo(ErrorCode.ERR_INVALID_VERSION);
        assertThat(d.result()).isEqualTo(config());
        assertThat(d.records()).isEmpty();
    }

    @Test
    void onlyThePrimaryMayPropose() {
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(
                TABLE, config(), proposal(n(2), 5, config_change_type.CC_REMOVE_SECONDARY, n(3)), allBut());
        assertThat(d.error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(d.records()).isEmpty();
    }

    @Test
    void removingASecondaryDropsItAndTellsItToo() {
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(
                TABLE, config(), proposal(n(1), 5, config_change_type.CC_REMOVE_SECONDARY, n(3)), allBut());
        assertThat(d.ok()).isTrue();
        assertThat(d.result().members()).containsExactly(n(1), n(2));
        assertThat(d.result().lastDrops()).containsExactly(n(3));
        assertThat(d.actions()).extracting(MetaAction::node).containsExactly(n(1), n(2), n(3));
    }

    @Test
    void invalidChangesAreRefused() {
        PartitionConfig c = config();
        assertThat(PartitionGuardian.onProposal(
                                TABLE, c, proposal(n(1), 5, config_change_type.CC_UPGRADE_TO_SECONDARY, n(4)), allBut())
                        .error())
                .as("full partition")
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        PartitionConfig two = PartitionGuardian.afterLosing(c, allBut(n(3)), new ReplicaReports(), new NodeLoad())
                .orElseThrow();
        assertThat(PartitionGuardian.onProposal(
                                TABLE,
                                two,
                                proposal(n(1), 6, config_change_type.CC_UPGRADE_TO_SECONDARY, n(2)),
                                allBut())
                        .error())
                .as("already a member")
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(PartitionGuardian.onProposal(
                                TABLE,
                                two,
                                proposal(n(1), 6, config_change_type.CC_UPGRADE_TO_SECONDARY, n(4)),
                                allBut(n(4)))
                        .error())
                .as("dead learner")
                .isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(PartitionGuardian.onProposal(
                                TABLE, c, proposal(n(1), 5, config_change_type.CC_REMOVE_SECONDARY, n(4)), allBut())
                        .error())
                .as("not a secondary")
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
        assertThat(PartitionGuardian.onProposal(
                                TABLE, c, proposal(n(1), 5, config_change_type.CC_INVALID, n(2)), allBut())
                        .error())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);
    }

    @Test
    void theClusterTickReconfiguresLostMembersEvenWhenFreezedButAddsLearnersOnlyWhenNot() {
        ClusterState s = Nodes.withTable("t", 6, 3, nodes(3));
        int id = s.liveTable("t").orElseThrow().id();
        Predicate<rpc_address> usable = allBut(n(3));
        List<rpc_address> usableNodes = List.of(n(1), n(2), n(4));

        Decision<Void> freezed = ClusterGuardian.tick(s, usable, usableNodes, new ReplicaReports(), c -> false, true);
        assertThat(freezed.records()).hasSize(6);
        assertThat(freezed.actions()).noneMatch(a -> a instanceof MetaAction.AddLearner);
        s.replayAll(freezed.records());
        for (PartitionConfig p : s.partitions(id)) {
            assertThat(p.members()).doesNotContain(n(3)).hasSize(2);
            assertThat(p.ballot()).isEqualTo(2);
        }

        // next tick, not freezed: every partition gets n4 as learner, asked of its primary
        Decision<Void> cure = ClusterGuardian.tick(s, usable, usableNodes, new ReplicaReports(), c -> false, false);
        assertThat(cure.records()).isEmpty();
        assertThat(cure.actions()).hasSize(6).allSatisfy(a -> {
            MetaAction.AddLearner al = (MetaAction.AddLearner) a;
            assertThat(al.learner()).isEqualTo(n(4));
            assertThat(al.node()).isEqualTo(al.config().primary());
        });
        // a learner already pending is not asked for again
        assertThat(ClusterGuardian.tick(s, usable, usableNodes, new ReplicaReports(), c -> true, false)
                        .actions())
                .isEmpty();
    }

    @Test
    void theClusterTickIgnoresDroppedTables() {
        ClusterState s = Nodes.withTable("t", 2, 3, nodes(3));
        s.replayAll(Nodes.ops().drop(s, "t", Nodes.dropOptions(0), false, 0).records());
        Decision<Void> d = ClusterGuardian.tick(s, allBut(n(1)), nodes(3), new ReplicaReports(), c -> false, false);
        assertThat(d.records()).isEmpty();
        assertThat(d.actions()).isEmpty();
    }

    @Test
    void aRecalledTableIsReopenedFromItsOldReplicas() {
        ClusterState s = Nodes.withTable("t", 1, 3, nodes(3));
        Table t = s.liveTable("t").orElseThrow();
        PartitionConfig before = s.partitions(t.id()).get(0);
        s.replayAll(Nodes.ops().drop(s, "t", Nodes.dropOptions(600), false, 0).records());
        s.replayAll(Nodes.ops().recall(s, t.id(), "", false).records());
        ReplicaReports reports = new ReplicaReports();
        reports.update(before.secondaries().get(0), List.of(report(before.pid(), 2, 40, 40)));
        Decision<Void> d = ClusterGuardian.tick(s, allBut(), nodes(3), reports, c -> false, false);
        s.replayAll(d.records());
        PartitionConfig after = s.partitions(t.id()).get(0);
        assertThat(after.primary()).isEqualTo(before.secondaries().get(0));
        assertThat(after.ballot()).isGreaterThan(before.ballot() + 1);
        assertThat(d.actions()).containsExactly(new MetaAction.PushConfig(after.primary(), t, after));
        assertThat(Optional.of(after.recoveryCandidates())).contains(List.of());
    }
}
