package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.sim.KvWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One replica driven event by event: the exact actions each rule produces. */
class ReplicaUnitTest {

    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults();
    private static final PartitionConfig B1 = PartitionConfig.of(1, N1, N2, N3);
    private static final PartitionConfig B2 = PartitionConfig.of(2, N1, N2);

    private static Mutation mutation(long ballot, long decree) {
        return new Mutation(ballot, decree, decree, List.of(new WriteRequest(decree, new KvWrite("k" + decree, "v"))));
    }

    private static ReplicaEvent.MessageReceived from(NodeId node, ReplicaMessage m) {
        return new ReplicaEvent.MessageReceived(node, m);
    }

    private static ReplicaMessage.Prepare prepare(PartitionConfig config, Mutation m, long committed) {
        return new ReplicaMessage.Prepare(
                config, m, committed, m.decree() == 1 ? ReplicaMessage.NO_BALLOT : m.ballot());
    }

    private static Replica secondary() {
        Replica r = Replica.create(N2, OPTIONS);
        r.handle(new ReplicaEvent.LeaseRenewed());
        r.handle(new ReplicaEvent.ConfigUpdate(B1));
        assertThat(r.role()).isEqualTo(Role.SECONDARY);
        return r;
    }

    /** n1 primary of B1 (two secondaries) or of {@code config}, serving. */
    private static Replica primary(PartitionConfig config) {
        Replica r = Replica.create(N1, OPTIONS);
        r.handle(new ReplicaEvent.LeaseRenewed());
        r.handle(new ReplicaEvent.ConfigUpdate(config));
        for (NodeId s : config.secondaries()) {
            r.handle(from(
                    s, new ReplicaMessage.GroupCheckReply(config.ballot(), ErrorCode.ERR_OK, Role.SECONDARY, 0, 0, 0)));
        }
        r.handle(new ReplicaEvent.ConfigQueryReply(1, config));
        assertThat(r.status().serving()).isTrue();
        return r;
    }

    @Test
    void brandNewReplicaBecomesSecondaryOfANewPartition() {
        Replica r = Replica.create(N2, OPTIONS);
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.ConfigUpdate(B1));
        assertThat(actions)
                .containsExactly(
                        new ReplicaAction.PersistConfig(B1),
                        new ReplicaAction.RoleChanged(Role.INACTIVE, Role.SECONDARY, B1));
    }

    @Test
    void replicaThatHeldDataMustLearnInsteadOfJoiningAsSecondary() {
        Replica r = Replica.recover(N2, OPTIONS, new RecoveredState(PartitionConfig.empty(), 5, List.of()));
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.ConfigUpdate(B1));
        assertThat(actions).containsExactly(new ReplicaAction.PersistConfig(B1));
        assertThat(r.role()).isEqualTo(Role.INACTIVE);
    }

    @Test
    void restartedReplicaStartsInactiveWithItsLogTailPrepared() {
        Replica r = Replica.recover(
                N2,
                OPTIONS,
                new RecoveredState(PartitionConfig.of(3, N1, N2), 5, List.of(mutation(3, 6), mutation(3, 7))));
        ReplicaStatus s = r.status();
        assertThat(s.role()).isEqualTo(Role.INACTIVE);
        assertThat(s.ballot()).isEqualTo(3);
        assertThat(s.committedDecree()).isEqualTo(5);
        assertThat(s.preparedDecree()).isEqualTo(7);
        assertThat(r.handle(new ReplicaEvent.ClientRead(9)))
                .containsExactly(new ReplicaAction.ReplyError(9, ErrorCode.ERR_INVALID_STATE));
        assertThat(r.handle(from(N1, prepare(PartitionConfig.of(3, N1, N2), mutation(3, 8), 5))))
                .containsExactly(new ReplicaAction.Send(
                        N1, new ReplicaMessage.PrepareAck(3, 3, 8, ErrorCode.ERR_INVALID_STATE)));
    }

    @Test
    void secondaryAcknowledgesAPrepareOnlyOnceItIsLogged() {
        Replica r = secondary();
        Mutation m = mutation(1, 1);
        assertThat(r.handle(from(N1, prepare(B1, m, 0)))).containsExactly(new ReplicaAction.AppendToLog(m, 0));
        assertThat(r.handle(new ReplicaEvent.LogAppended(1, 1)))
                .containsExactly(new ReplicaAction.Send(N1, new ReplicaMessage.PrepareAck(1, 1, 1, ErrorCode.ERR_OK)));
    }

    @Test
    void duplicatedPrepareIsAcknowledgedAgainWithoutASecondAppend() {
        Replica r = secondary();
        Mutation m = mutation(1, 1);
        r.handle(from(N1, prepare(B1, m, 0)));
        assertThat(r.handle(from(N1, prepare(B1, m, 0)))).isEmpty(); // not logged yet: the ack comes then
        r.handle(new ReplicaEvent.LogAppended(1, 1));
        assertThat(r.handle(from(N1, prepare(B1, m, 0))))
                .containsExactly(new ReplicaAction.Send(N1, new ReplicaMessage.PrepareAck(1, 1, 1, ErrorCode.ERR_OK)));
    }

    @Test
    void prepareCarryingAHigherBallotIsAdoptedBeforeAnythingIsLogged() {
        Replica r = secondary();
        Mutation m = mutation(2, 1);
        assertThat(r.handle(from(N1, prepare(B2, m, 0))))
                .containsExactly(new ReplicaAction.PersistConfig(B2), new ReplicaAction.AppendToLog(m, 0));
        assertThat(r.status().ballot()).isEqualTo(2);
    }

    @Test
    void prepareUnderALowerBallotIsRefusedWithVersionOutdated() {
        Replica r = secondary();
        r.handle(new ReplicaEvent.ConfigUpdate(B2));
        assertThat(r.handle(from(N1, prepare(B1, mutation(1, 1), 0))))
                .containsExactly(new ReplicaAction.Send(
                        N1, new ReplicaMessage.PrepareAck(2, 1, 1, ErrorCode.ERR_VERSION_OUTDATED)));
    }

    @Test
    void secondaryLeftOutOfANewerConfigurationBecomesInactive() {
        Replica r = secondary();
        PartitionConfig without = PartitionConfig.of(2, N1, N3);
        assertThat(r.handle(new ReplicaEvent.ConfigUpdate(without)))
                .containsExactly(
                        new ReplicaAction.PersistConfig(without),
                        new ReplicaAction.RoleChanged(Role.SECONDARY, Role.INACTIVE, without));
    }

    @Test
    void configurationWithAnEqualOrLowerBallotChangesNothing() {
        Replica r = secondary();
        assertThat(r.handle(new ReplicaEvent.ConfigUpdate(B1))).isEmpty();
        assertThat(r.handle(new ReplicaEvent.ConfigUpdate(PartitionConfig.of(0, N3))))
                .isEmpty();
        assertThat(r.status().config()).isEqualTo(B1);
        assertThat(r.role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void secondaryCommitsOnlyLoggedDecreesUpToThePrimarysCommittedDecree() {
        Replica r = secondary();
        Mutation m1 = mutation(1, 1);
        Mutation m2 = mutation(1, 2);
        r.handle(from(N1, prepare(B1, m1, 0)));
        r.handle(from(N1, prepare(B1, m2, 0)));
        r.handle(new ReplicaEvent.LogAppended(1, 1));
        assertThat(r.handle(from(N1, new ReplicaMessage.GroupCheck(B1, 2, Role.SECONDARY, 0))))
                .containsExactly(
                        new ReplicaAction.Apply(m1, false),
                        new ReplicaAction.Send(
                                N1, new ReplicaMessage.GroupCheckReply(1, ErrorCode.ERR_OK, Role.SECONDARY, 0, 1, 2)));
        assertThat(r.handle(new ReplicaEvent.LogAppended(1, 2)))
                .containsExactly(
                        new ReplicaAction.Send(N1, new ReplicaMessage.PrepareAck(1, 1, 2, ErrorCode.ERR_OK)),
                        new ReplicaAction.Apply(m2, false));
    }

    @Test
    void newPrimaryServesOnlyOnceTheMetaServerAndEverySecondaryConfirmedItsBallot() {
        Replica r = Replica.create(N1, OPTIONS);
        r.handle(new ReplicaEvent.LeaseRenewed());
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.ConfigUpdate(B2));
        assertThat(actions)
                .contains(
                        new ReplicaAction.Send(N2, new ReplicaMessage.GroupCheck(B2, 0, Role.SECONDARY, 0)),
                        new ReplicaAction.QueryConfig(1));
        assertThat(r.handle(new ReplicaEvent.ClientRead(1)))
                .containsExactly(new ReplicaAction.ReplyError(1, ErrorCode.ERR_INVALID_STATE));
        r.handle(from(N2, new ReplicaMessage.GroupCheckReply(2, ErrorCode.ERR_OK, Role.SECONDARY, 0, 0, 0)));
        assertThat(r.handle(new ReplicaEvent.ClientRead(2)))
                .as("the configuration that named it may be stale")
                .containsExactly(new ReplicaAction.ReplyError(2, ErrorCode.ERR_INVALID_STATE));
        r.handle(new ReplicaEvent.ConfigQueryReply(1, B2));
        assertThat(r.handle(new ReplicaEvent.ClientRead(3))).containsExactly(new ReplicaAction.ServeRead(3));
    }

    @Test
    void replicaPromotedByAStaleConfigurationStepsDownOnTheMetaServersAnswer() {
        Replica r = Replica.recover(N1, OPTIONS, new RecoveredState(B1, 0, List.of(mutation(1, 1))));
        r.handle(new ReplicaEvent.LeaseRenewed());
        PartitionConfig stale = PartitionConfig.of(2, N1);
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.ConfigUpdate(stale));
        assertThat(actions)
                .contains(new ReplicaAction.AppendToLog(mutation(1, 1).withBallot(2), 0));
        r.handle(new ReplicaEvent.LogAppended(2, 1));
        assertThat(r.status().committedDecree())
                .as("nothing commits unconfirmed")
                .isZero();
        PartitionConfig current = PartitionConfig.of(4, N2, N3);
        assertThat(r.handle(new ReplicaEvent.ConfigQueryReply(1, current)))
                .contains(new ReplicaAction.RoleChanged(Role.PRIMARY, Role.INACTIVE, current))
                .noneMatch(a -> a instanceof ReplicaAction.Apply);
    }

    @Test
    void primaryCommitsWhenLoggedAndAcknowledgedByEverySecondaryButNotOnAStaleAcknowledgement() {
        Replica r = primary(B2);
        WriteRequest w = new WriteRequest(7, new KvWrite("k", "v"));
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.ClientWrite(w, 1_000));
        Mutation m = new Mutation(2, 1, 1_000, List.of(w));
        assertThat(actions)
                .containsExactly(
                        new ReplicaAction.AppendToLog(m, 0),
                        new ReplicaAction.Send(N2, new ReplicaMessage.Prepare(B2, m, 0, ReplicaMessage.NO_BALLOT)));
        assertThat(r.handle(new ReplicaEvent.LogAppended(2, 1))).isEmpty();
        assertThat(r.handle(from(N2, new ReplicaMessage.PrepareAck(2, 1, 1, ErrorCode.ERR_OK))))
                .as("an acknowledgement of another version of decree 1")
                .isEmpty();
        assertThat(r.handle(from(N2, new ReplicaMessage.PrepareAck(2, 2, 1, ErrorCode.ERR_OK))))
                .containsExactly(new ReplicaAction.Apply(m, true));
    }

    @Test
    void primaryProposesRemovalOfASecondaryThatMissesThePrepareTimeoutThenCommitsWithoutIt() {
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.Tick(10));
        WriteRequest w = new WriteRequest(7, new KvWrite("k", "v"));
        r.handle(new ReplicaEvent.ClientWrite(w, 0));
        r.handle(new ReplicaEvent.LogAppended(2, 1));
        assertThat(r.handle(new ReplicaEvent.Tick(10 + OPTIONS.prepareTimeoutMillis() - 1)))
                .noneMatch(a -> a instanceof ReplicaAction.ProposeToMeta);
        ConfigProposal remove = new ConfigProposal(ConfigProposal.Type.REMOVE_SECONDARY, N2, 2);
        assertThat(r.handle(new ReplicaEvent.Tick(10 + OPTIONS.prepareTimeoutMillis())))
                .contains(new ReplicaAction.ProposeToMeta(remove));
        PartitionConfig alone = B2.nextWithoutSecondary(N2);
        assertThat(r.handle(new ReplicaEvent.ProposalReply(remove, ErrorCode.ERR_OK, alone)))
                .contains(new ReplicaAction.PersistConfig(alone))
                .contains(new ReplicaAction.Apply(new Mutation(2, 1, 1, List.of(w)), true));
    }

    /** What a primary of B2 proposes when n2 misses the prepare timeout. */
    private static final ReplicaAction REMOVE_N2 =
            new ReplicaAction.ProposeToMeta(new ConfigProposal(ConfigProposal.Type.REMOVE_SECONDARY, N2, 2));

    /** A client write to {@code primary} of B2 at {@code atMillis}: decree 1, logged, its prepare sent to n2. */
    private static WriteRequest writeAt(Replica primary, long atMillis) {
        WriteRequest w = new WriteRequest(7, new KvWrite("k", "v"));
        primary.handle(new ReplicaEvent.ClientWrite(w, 0), atMillis);
        primary.handle(new ReplicaEvent.LogAppended(2, 1), atMillis + 1);
        return w;
    }

    @Test
    void aPrepareSentAfterTheTicksStalledIsTimedFromWhenItWasSentNotFromTheLastTick() {
        long timeout = OPTIONS.prepareTimeoutMillis();
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.Tick(10), 10);
        // no tick for 1.5 s (the node's ticker busy deleting a log segment, say); a write comes in at 1,510
        writeAt(r, 1_510);
        // the first tick after the stall, created before the driver got to it: the prepare is 110 ms old, not 1,600
        assertThat(r.handle(new ReplicaEvent.Tick(1_400), 1_620)).doesNotContain(REMOVE_N2);
        assertThat(r.handle(new ReplicaEvent.Tick(1_510 + timeout - 1), 1_510 + timeout - 1))
                .doesNotContain(REMOVE_N2);
        // unacknowledged a whole timeout after it went out: that one is real
        assertThat(r.handle(new ReplicaEvent.Tick(1_510 + timeout), 1_510 + timeout))
                .contains(REMOVE_N2);
    }

    @Test
    void aTickHandledLateDoesNotCountTheAcknowledgementQueuedBehindItAsMissing() {
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.Tick(10), 10);
        WriteRequest w = writeAt(r, 20);
        // this replica's events wait 1.5 s behind something slow; a tick made at 120 is queued, then n2's answer
        assertThat(r.handle(new ReplicaEvent.Tick(120), 1_520)).doesNotContain(REMOVE_N2);
        assertThat(r.handle(from(N2, new ReplicaMessage.PrepareAck(2, 2, 1, ErrorCode.ERR_OK)), 1_520))
                .contains(new ReplicaAction.Apply(new Mutation(2, 1, 1, List.of(w)), true));
    }

    @Test
    void withTheClockOfTicksAloneTheSameStallMakesAFreshPrepareOverdueAtTheNextTick() {
        // why the driver passes its clock with every event: the time-less handle() is the simulation's
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.Tick(10));
        r.handle(new ReplicaEvent.ClientWrite(new WriteRequest(7, new KvWrite("k", "v")), 0));
        r.handle(new ReplicaEvent.LogAppended(2, 1));
        assertThat(r.handle(new ReplicaEvent.Tick(1_620))).contains(REMOVE_N2);
    }

    @Test
    void logFailureMovesTheReplicaToErrorWhereItRefusesEverything() {
        Replica r = secondary();
        assertThat(r.handle(new ReplicaEvent.LogFailed("disk gone")))
                .containsExactly(
                        new ReplicaAction.ReportError("disk gone"),
                        new ReplicaAction.RoleChanged(Role.SECONDARY, Role.ERROR, B1));
        assertThat(r.handle(from(N1, prepare(B1, mutation(1, 1), 0))))
                .containsExactly(new ReplicaAction.Send(
                        N1, new ReplicaMessage.PrepareAck(1, 1, 1, ErrorCode.ERR_INVALID_STATE)));
        assertThat(r.handle(new ReplicaEvent.ConfigUpdate(PartitionConfig.of(5, N2))))
                .isEmpty();
        assertThat(r.role()).isEqualTo(Role.ERROR);
    }

    @Test
    void expiredLeaseStopsReadsAndOnlyAFreshAnswerFromTheMetaServerResumesThem() {
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.LeaseExpired());
        assertThat(r.handle(new ReplicaEvent.ClientRead(1)))
                .containsExactly(new ReplicaAction.ReplyError(1, ErrorCode.ERR_INVALID_STATE));
        assertThat(r.handle(new ReplicaEvent.LeaseRenewed())).containsExactly(new ReplicaAction.QueryConfig(2));
        assertThat(r.handle(new ReplicaEvent.ConfigUpdate(B2))).isEmpty(); // may have been sent long ago
        assertThat(r.handle(new ReplicaEvent.ClientRead(2)))
                .containsExactly(new ReplicaAction.ReplyError(2, ErrorCode.ERR_INVALID_STATE));
        r.handle(new ReplicaEvent.ConfigQueryReply(2, B2));
        assertThat(r.handle(new ReplicaEvent.ClientRead(3))).containsExactly(new ReplicaAction.ServeRead(3));
    }

    @Test
    void primaryThatLostItsLeaseStepsDownWhenTheMetaServerAnswersWithANewerConfiguration() {
        Replica r = primary(B2);
        r.handle(new ReplicaEvent.LeaseExpired());
        r.handle(new ReplicaEvent.LeaseRenewed());
        PartitionConfig replaced = new PartitionConfig(3, N2, List.of(), List.of(N1));
        assertThat(r.handle(new ReplicaEvent.ConfigQueryReply(2, replaced)))
                .contains(new ReplicaAction.RoleChanged(Role.PRIMARY, Role.INACTIVE, replaced));
    }

    @Test
    void inactiveReplicaInvitedToLearnAsksFromItsCommittedDecree() {
        Replica r = Replica.recover(N3, OPTIONS, new RecoveredState(B1, 4, List.of(mutation(1, 5))));
        List<ReplicaAction> actions =
                r.handle(from(N1, new ReplicaMessage.GroupCheck(B2, 9, Role.POTENTIAL_SECONDARY, 42)));
        assertThat(actions)
                .containsExactly(
                        new ReplicaAction.PersistConfig(B2),
                        new ReplicaAction.Send(N1, new ReplicaMessage.LearnRequest(2, 42, 1, 4)),
                        new ReplicaAction.RoleChanged(Role.INACTIVE, Role.POTENTIAL_SECONDARY, B2));
    }

    @Test
    void learnerReplacesItsStaleTailWithTheCatchUpBeforeCommittingAnything() {
        Replica r = Replica.recover(N3, OPTIONS, new RecoveredState(B1, 4, List.of(mutation(1, 5))));
        r.handle(from(N1, new ReplicaMessage.GroupCheck(B2, 9, Role.POTENTIAL_SECONDARY, 42)));
        Mutation m5 = new Mutation(2, 5, 77, List.of());
        Mutation m6 = new Mutation(2, 6, 78, List.of());
        assertThat(r.handle(from(N1, new ReplicaMessage.LearnCatchUp(2, 42, 1, List.of(m5, m6), 6))))
                .containsExactly(
                        new ReplicaAction.TruncateLog(4),
                        new ReplicaAction.AppendToLog(m5, 4),
                        new ReplicaAction.AppendToLog(m6, 4));
        assertThat(r.handle(new ReplicaEvent.LogAppended(2, 5)))
                .containsExactly(
                        new ReplicaAction.Send(N1, new ReplicaMessage.PrepareAck(2, 2, 5, ErrorCode.ERR_OK)),
                        new ReplicaAction.Apply(m5, false));
        assertThat(r.handle(new ReplicaEvent.LogAppended(2, 6)))
                .containsExactly(
                        new ReplicaAction.Send(N1, new ReplicaMessage.PrepareAck(2, 2, 6, ErrorCode.ERR_OK)),
                        new ReplicaAction.Apply(m6, false),
                        new ReplicaAction.Send(N1, new ReplicaMessage.LearnCompleted(2, 42, 6)));
    }

    @Test
    void learnerIgnoresAnswersToOtherRoundsOrSessions() {
        Replica r = Replica.recover(N3, OPTIONS, new RecoveredState(B1, 4, List.of()));
        r.handle(from(N1, new ReplicaMessage.GroupCheck(B2, 9, Role.POTENTIAL_SECONDARY, 42)));
        LearnState state = LearnState.ofMutations(4, List.of(mutation(2, 5)));
        assertThat(r.handle(from(N1, new ReplicaMessage.LearnCopy(2, 42, 0, state))))
                .isEmpty();
        assertThat(r.handle(from(N1, new ReplicaMessage.LearnCopy(2, 41, 1, state))))
                .isEmpty();
        assertThat(r.handle(from(N2, new ReplicaMessage.LearnCopy(2, 42, 1, state))))
                .isEmpty();
        assertThat(r.handle(from(N1, new ReplicaMessage.LearnCopy(2, 42, 1, state))))
                .containsExactly(new ReplicaAction.InstallLearnState(42, state));
    }

    /** n3, invited by n1 (session 42, ballot 2) with committed decree 4, logging the catch-up of decree 5. */
    private static Replica learnerLoggingItsCatchUp() {
        Replica r = Replica.recover(N3, OPTIONS, new RecoveredState(B1, 4, List.of()));
        r.handle(from(N1, new ReplicaMessage.GroupCheck(B2, 9, Role.POTENTIAL_SECONDARY, 42)));
        r.handle(from(N1, new ReplicaMessage.LearnCatchUp(2, 42, 1, List.of(new Mutation(2, 5, 77, List.of())), 5)));
        return r;
    }

    @Test
    void learnerWhoseLogFailsBeforeCompletingTellsItsPrimaryAndIsDiscarded() {
        Replica r = learnerLoggingItsCatchUp();
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.LogFailed("no space left on device"));
        assertThat(actions)
                .startsWith(
                        // the session ends at the primary now, not at its next group check
                        new ReplicaAction.Send(
                                N1,
                                new ReplicaMessage.GroupCheckReply(
                                        2, ErrorCode.ERR_INVALID_STATE, Role.POTENTIAL_SECONDARY, 42, 4, 5)),
                        new ReplicaAction.DiscardReplica("no space left on device"))
                .contains(new ReplicaAction.RoleChanged(Role.POTENTIAL_SECONDARY, Role.ERROR, B2));
        assertThat(r.role()).isEqualTo(Role.ERROR);
    }

    @Test
    void learnerWhoseLogFailsAfterCompletingStaysInErrorAndIsNotDiscarded() {
        Replica r = learnerLoggingItsCatchUp();
        assertThat(r.handle(new ReplicaEvent.LogAppended(2, 5)))
                .contains(new ReplicaAction.Send(N1, new ReplicaMessage.LearnCompleted(2, 42, 5)));
        // the primary may be proposing this replica as secondary: deleting its data now could bring it back empty
        // under a configuration that names it, so it stays in error (reported, never promoted)
        List<ReplicaAction> actions = r.handle(new ReplicaEvent.LogFailed("no space left on device"));
        assertThat(actions).noneMatch(a -> a instanceof ReplicaAction.DiscardReplica);
        assertThat(actions)
                .contains(new ReplicaAction.Send(
                        N1,
                        new ReplicaMessage.GroupCheckReply(
                                2, ErrorCode.ERR_INVALID_STATE, Role.POTENTIAL_SECONDARY, 42, 5, 5)));
        assertThat(r.role()).isEqualTo(Role.ERROR);
    }
}
