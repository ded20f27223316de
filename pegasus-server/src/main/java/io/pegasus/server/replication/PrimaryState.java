package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PacificA primary.
 *
 * <ul>
 *   <li><b>Write path</b> (primary/backup with commit = all replicas): a client write gets the next decree under the
 *       current ballot; the mutation is appended to the local log and sent as a prepare to every secondary (and to
 *       learners being caught up). It commits once logged here and acknowledged by every secondary of the current
 *       configuration; decrees commit and apply in order, then the driver answers the clients. Up to
 *       {@code maxInFlightMutations} decrees are in flight; writes beyond wait in a bounded queue and are batched.
 *   <li><b>Reconciliation</b>: a replica that becomes primary re-proposes, under its new ballot, every decree it holds
 *       beyond its committed one, so that every secondary ends up with exactly its log; it serves neither reads nor
 *       writes until the MetaServer confirmed the role (fresh query), those decrees committed and every secondary
 *       confirmed the new ballot.
 *   <li><b>Reconfiguration through the configuration manager</b>: a secondary that does not acknowledge a prepare or a
 *       group check in time is reported to the MetaServer with a removal proposal carrying the ballot; the new
 *       configuration (ballot + 1) lets pending decrees commit with the remaining members.
 *   <li><b>Lease</b>: when the node's lease expires the primary stops serving and committing. It resumes only when
 *       the MetaServer confirms it is still primary, in its answer to a query sent after the lease came back: by
 *       then a new primary may exist, and only the MetaServer knows.
 *   <li><b>Learning</b>: see {@link LearnerCoordinator}.
 * </ul>
 */
final class PrimaryState extends RoleState {

    private final WriteQueue queue;
    private final AckTracker acks = new AckTracker();
    private final GroupChecker groupChecker = new GroupChecker();
    private final ProposalTracker proposals;
    private final LearnerCoordinator learning;

    /** True until every decree held at promotion is committed under the new ballot and all members confirmed it. */
    private boolean reconciling;

    private long reconcileTarget;
    private final Set<NodeId> confirmed = new HashSet<>();
    /**
     * True from promotion and after a lease expiry until the MetaServer confirms the role in answer to a query sent
     * while the lease was valid: nothing is committed or served meanwhile.
     */
    private boolean suspended;
    /** Id of the configuration query whose answer can end the suspension; 0 if none is outstanding. */
    private long confirmationQuery;

    private long confirmationQueriedAtMillis;

    private long lastTimestampMicros;

    private PrimaryState(ReplicaContext ctx) {
        super(ctx);
        this.queue = new WriteQueue(ctx.options.maxQueuedWrites());
        this.proposals = new ProposalTracker(ctx);
        this.learning = new LearnerCoordinator(ctx, acks, proposals);
    }

    /**
     * This replica was just named primary by a configuration it adopted: reconcile, and have the MetaServer confirm the
     * role, before serving.
     */
    static PrimaryState promote(ReplicaContext ctx) {
        PrimaryState primary = new PrimaryState(ctx);
        primary.reconcile();
        return primary;
    }

    @Override
    Role role() {
        return Role.PRIMARY;
    }

    @Override
    boolean serving() {
        return !reconciling && !suspended && ctx.leaseValid;
    }

    @Override
    int queuedWrites() {
        return queue.size();
    }

    @Override
    List<NodeId> learners() {
        return learning.learners();
    }

    @Override
    void leave() {
        abandonProposedWrites();
        refuseQueuedWrites(ErrorCode.ERR_INVALID_STATE);
    }

    @Override
    RoleState handle(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.Tick) {
            onTick();
        } else if (event instanceof ReplicaEvent.ClientWrite w) {
            onClientWrite(w);
        } else if (event instanceof ReplicaEvent.ClientRead r) {
            ctx.emit(
                    serving()
                            ? new ReplicaAction.ServeRead(r.requestId())
                            : new ReplicaAction.ReplyError(r.requestId(), ErrorCode.ERR_INVALID_STATE));
        } else if (event instanceof ReplicaEvent.MessageReceived r) {
            return onMessage(r.from(), r.message(), event);
        } else if (event instanceof ReplicaEvent.LogAppended a) {
            if (ctx.prepareList.markLogged(a.ballot(), a.decree())) {
                tryCommit();
            }
        } else if (event instanceof ReplicaEvent.LogFailed f) {
            return new ErrorState(ctx, f.reason());
        } else if (event instanceof ReplicaEvent.ConfigUpdate u) {
            return onConfig(u.config());
        } else if (event instanceof ReplicaEvent.ProposalReply p) {
            proposals.onReply(p);
            if (p.error() != ErrorCode.ERR_OK
                    && p.error() != ErrorCode.ERR_INVALID_VERSION
                    && p.proposal().type() == ConfigProposal.Type.UPGRADE_TO_SECONDARY) {
                learning.upgradeRefused(p.proposal().node()); // e.g. the partition got its replicas meanwhile
                groupChecker.forget(p.proposal().node());
            }
            return onConfig(p.config());
        } else if (event instanceof ReplicaEvent.AddLearner a) {
            onAddLearner(a);
        } else if (event instanceof ReplicaEvent.LeaseExpired) {
            suspend();
        } else if (event instanceof ReplicaEvent.LeaseRenewed) {
            if (suspended) {
                queryConfirmation();
            }
        } else if (event instanceof ReplicaEvent.ConfigQueryReply q) {
            return onConfirmation(q);
        } else if (event instanceof ReplicaEvent.LearnStatePrepared p) {
            learning.onStatePrepared(p);
        } else if (event instanceof ReplicaEvent.LearnStatePrepareFailed f) {
            learning.onStatePrepareFailed(f);
        }
        return this;
    }

    // ---- write path -------------------------------------------------------------------------------------------

    /**
     * A write is refused unless this primary serves, with one exception: a primary that is only reconciling (just
     * promoted, holding a valid lease) queues it, and proposes it once reconciliation ends. A new partition's primary
     * is there within a few hundred milliseconds, and a client with a one-second timeout would otherwise spend it
     * retrying. Queued writes are refused if the replica stops being primary ({@link #leave}) or loses its lease.
     */
    private void onClientWrite(ReplicaEvent.ClientWrite w) {
        long id = w.request().requestId();
        if (!serving() && !(reconciling && !suspended && ctx.leaseValid)) {
            ctx.emit(new ReplicaAction.ReplyError(id, ErrorCode.ERR_INVALID_STATE));
        } else if (ctx.config.memberCount() < ctx.options.minReplicaCount()) {
            ctx.emit(new ReplicaAction.ReplyError(id, ErrorCode.ERR_NOT_ENOUGH_MEMBER));
        } else if (!queue.offer(w)) {
            ctx.emit(new ReplicaAction.ReplyError(id, ErrorCode.ERR_BUSY));
        } else {
            pump();
        }
    }

    /**
     * Turns queued writes into mutations while the pipeline has room. With a decree already in flight, a further one
     * starts only while few writes wait ({@code pipelineMaxQueued}): more waiting means the partition is busy, and
     * then one larger mutation after the pipeline drains costs fewer messages per write than two smaller ones now.
     */
    private void pump() {
        PrepareList list = ctx.prepareList;
        while (serving() && !queue.isEmpty()) {
            long inFlight = list.preparedDecree() - list.committedDecree();
            if (inFlight >= ctx.options.maxInFlightMutations()
                    || (inFlight > 0 && queue.size() > ctx.options.pipelineMaxQueued())) {
                return;
            }
            if (ctx.config.memberCount() < ctx.options.minReplicaCount()) {
                refuseQueuedWrites(ErrorCode.ERR_NOT_ENOUGH_MEMBER);
                return;
            }
            propose(queue.nextBatch(ctx.options.maxBatchWrites(), ctx.options.maxBatchBytes()));
        }
    }

    private void propose(List<ReplicaEvent.ClientWrite> batch) {
        PrepareList list = ctx.prepareList;
        long ts = lastTimestampMicros + 1;
        List<WriteRequest> writes = new ArrayList<>(batch.size());
        for (ReplicaEvent.ClientWrite w : batch) {
            ts = Math.max(ts, w.receivedAtMicros());
            writes.add(w.request());
        }
        lastTimestampMicros = ts;
        Mutation m = new Mutation(ctx.ballot(), list.preparedDecree() + 1, ts, writes);
        list.append(m, false);
        acks.track(m, true);
        ctx.appendToLog(m);
        for (NodeId s : ctx.config.secondaries()) {
            sendPrepare(s, m);
        }
        for (NodeId l : learning.forwardTargets()) {
            sendPrepare(l, m);
        }
    }

    private void sendPrepare(NodeId to, Mutation m) {
        PrepareList list = ctx.prepareList;
        ctx.send(to, new ReplicaMessage.Prepare(ctx.config, m, list.committedDecree(), list.ballotAt(m.decree() - 1)));
        if (ctx.config.isSecondary(to)) {
            acks.sent(m.decree(), to, ctx.nowMillis);
        } else {
            learning.sent(to, m.decree()); // a learner, joining or not: its own timeout
        }
    }

    /** Sends a prepare again to a member that answered: its acknowledgement timeout restarts. */
    private void resendPrepare(NodeId to, Mutation m) {
        PrepareList list = ctx.prepareList;
        ctx.send(to, new ReplicaMessage.Prepare(ctx.config, m, list.committedDecree(), list.ballotAt(m.decree() - 1)));
        acks.resent(m.decree(), to, ctx.nowMillis);
    }

    /** Sends every uncommitted decree {@code to} has not acknowledged (a member that just joined). */
    private void sendUnacknowledged(NodeId to) {
        for (Mutation m : ctx.prepareList.uncommitted()) {
            if (!acks.acked(m.decree(), to)) {
                sendPrepare(to, m);
            }
        }
    }

    /** PacificA commit: logged here and acknowledged by every secondary; in decree order; never without a lease. */
    private void tryCommit() {
        if (suspended || !ctx.leaseValid) {
            return;
        }
        PrepareList list = ctx.prepareList;
        for (Mutation m = list.nextCommittable(); m != null; m = list.nextCommittable()) {
            if (!acks.ackedByAll(m.decree(), ctx.config.secondaries())
                    || !acks.ackedByAll(m.decree(), learning.joining())) {
                break;
            }
            list.commitNext();
            boolean reply = acks.replyToClients(m.decree());
            acks.remove(m.decree());
            ctx.apply(m, reply);
        }
        finishReconciliationIfDone();
        pump();
    }

    private void onAck(NodeId from, ReplicaMessage.PrepareAck a) {
        if (a.error() == ErrorCode.ERR_VERSION_OUTDATED) {
            // The member refused a prepare because it already knows a newer configuration than the prepare carried:
            // it is alive, so this is not a failure. If that configuration is ours (the prepare crossed our own
            // ballot change), send the mutation again under it. If the member is ahead of us, we wait for the
            // MetaServer's newer configuration; adopting it re-sends what the member lacks (membershipChanged).
            if (a.ballot() <= ctx.ballot()) {
                Mutation m = ctx.prepareList.get(a.decree());
                if (m != null && a.decree() > ctx.prepareList.committedDecree() && ctx.config.isSecondary(from)) {
                    resendPrepare(from, m);
                }
            }
            return;
        }
        if (a.error() != ErrorCode.ERR_OK) {
            memberFailed(from);
            return;
        }
        if (a.ballot() == ctx.ballot() && ctx.config.isSecondary(from)) {
            confirmed.add(from);
        }
        acks.ack(from, a.mutationBallot(), a.decree());
        learning.acknowledged(from, a.decree());
        tryCommit();
    }

    // ---- reconciliation ---------------------------------------------------------------------------------------

    /**
     * Re-proposes the uncommitted tail under the current ballot. Nothing commits or is served until the MetaServer
     * confirms the role in answer to a fresh query: the configuration that made us primary may have waited in a queue
     * while the MetaServer moved on (it only needs our lease to have expired once in between), and committing our
     * tail alone under a stale configuration would give decrees a content the real primary never had.
     */
    private void reconcile() {
        suspended = true;
        confirmationQuery = 0;
        abandonProposedWrites();
        refuseQueuedWrites(ErrorCode.ERR_INVALID_STATE);
        acks.clear();
        learning.clear();
        confirmed.clear();
        reconciling = true;
        PrepareList list = ctx.prepareList;
        for (Mutation m : list.uncommitted()) {
            Mutation again = m.withBallot(ctx.ballot());
            list.rewrite(again);
            acks.track(again, false);
            ctx.appendToLog(again);
        }
        reconcileTarget = list.preparedDecree();
        lastTimestampMicros = Math.max(lastTimestampMicros, list.lastTimestampMicros());
        for (NodeId s : ctx.config.secondaries()) {
            sendUnacknowledged(s);
        }
        groupCheckRound();
        if (ctx.leaseValid) {
            queryConfirmation();
        }
    }

    private void finishReconciliationIfDone() {
        if (reconciling
                && ctx.prepareList.committedDecree() >= reconcileTarget
                && confirmed.containsAll(ctx.config.secondaries())) {
            reconciling = false;
            pump(); // writes queued while reconciling
        }
    }

    // ---- failures, group check, configuration -----------------------------------------------------------------

    private void onTick() {
        if (suspended) {
            if (ctx.leaseValid
                    && (confirmationQuery == 0
                            || ctx.tickMillis - confirmationQueriedAtMillis >= ctx.options.proposalRetryMillis())) {
                queryConfirmation();
            }
            return;
        }
        long now = ctx.tickMillis; // timeouts at the tick's own time (ReplicaContext.tickMillis)
        if (groupChecker.roundDue(now, ctx.options.groupCheckIntervalMillis())) {
            groupCheckRound();
        } else {
            retryUnansweredChecks(now);
        }
        for (NodeId n : groupChecker.takeOverdue(now, ctx.options.groupCheckTimeoutMillis())) {
            // a learner installing its copy answers once done; the next round checks it again
            if (!learning.installing(n, now, ctx.options.learnTimeoutMillis())) {
                memberFailed(n);
            }
        }
        for (NodeId n : acks.overdue(now, ctx.options.prepareTimeoutMillis(), ctx.config.secondaries())) {
            memberFailed(n);
        }
        for (NodeId n : learning.overdue(ctx.options.prepareTimeoutMillis())) {
            memberFailed(n);
        }
        proposals.onTick();
    }

    private void groupCheckRound() {
        long now = ctx.nowMillis;
        groupChecker.roundStarted(now);
        long committed = ctx.prepareList.committedDecree();
        for (NodeId s : ctx.config.secondaries()) {
            ctx.send(s, new ReplicaMessage.GroupCheck(ctx.config, committed, Role.SECONDARY, 0));
            groupChecker.sent(s, now);
        }
        for (NodeId l : learning.learners()) {
            sendLearnerCheck(l);
        }
    }

    private void sendGroupCheck(NodeId secondary) {
        ctx.send(
                secondary,
                new ReplicaMessage.GroupCheck(ctx.config, ctx.prepareList.committedDecree(), Role.SECONDARY, 0));
        groupChecker.sent(secondary, ctx.nowMillis);
    }

    /**
     * A check can be lost like any message, and one lost check must not cost a member its place: members that have
     * not answered are asked again a few times within the timeout before they count as failed.
     */
    private void retryUnansweredChecks(long now) {
        // often enough that a check lost while a member was still opening its replica (a new table, a restart)
        // costs a fraction of a second, not a timeout
        long retry = Math.max(1, Math.min(250, ctx.options.groupCheckTimeoutMillis() / 3));
        for (NodeId n : groupChecker.dueForRetry(now, retry)) {
            if (ctx.config.isSecondary(n)) {
                sendGroupCheck(n);
            } else if (learning.learners().contains(n)) {
                sendLearnerCheck(n);
            }
        }
    }

    private void sendLearnerCheck(NodeId learner) {
        ctx.send(
                learner,
                new ReplicaMessage.GroupCheck(
                        ctx.config,
                        ctx.prepareList.committedDecree(),
                        Role.POTENTIAL_SECONDARY,
                        learning.signatureOf(learner)));
        groupChecker.sent(learner, ctx.nowMillis);
    }

    private void onGroupCheckReply(NodeId from, ReplicaMessage.GroupCheckReply r) {
        groupChecker.answered(from);
        if (r.error() == ErrorCode.ERR_VERSION_OUTDATED && ctx.config.isSecondary(from)) {
            // the member knows a configuration at least as new as the one the check carried (it crossed a change):
            // alive, not a failure; the next round carries the current configuration
            if (r.ballot() <= ctx.ballot()) {
                sendGroupCheck(from);
            }
        } else if (r.error() != ErrorCode.ERR_OK) {
            memberFailed(from);
        } else if (r.ballot() == ctx.ballot() && ctx.config.isSecondary(from)) {
            confirmed.add(from);
            finishReconciliationIfDone();
        }
    }

    /** A secondary failed: ask the MetaServer to remove it. A learner failed: drop it. */
    private void memberFailed(NodeId node) {
        if (ctx.config.isSecondary(node)) {
            proposals.requestRemoval(node);
        } else if (learning.failed(node)) {
            groupChecker.forget(node);
        }
    }

    private void onAddLearner(ReplicaEvent.AddLearner a) {
        if (a.ballot() != ctx.ballot() || ctx.config.isMember(a.learner()) || suspended) {
            return;
        }
        learning.invite(a.learner());
        sendLearnerCheck(a.learner());
    }

    private RoleState onMessage(NodeId from, ReplicaMessage message, ReplicaEvent event) {
        PartitionConfig carried = configOf(message);
        if (carried != null) {
            // Another replica acting as primary: whichever ballot is higher wins.
            if (carried.ballot() > ctx.ballot()) {
                RoleState next = onConfig(carried);
                if (next != this) {
                    return next.handle(event);
                }
            }
            if (message instanceof ReplicaMessage.Prepare p) {
                refusePrepare(from, p, ErrorCode.ERR_VERSION_OUTDATED);
            } else {
                replyGroupCheck(from, ErrorCode.ERR_VERSION_OUTDATED, 0);
            }
            return this;
        }
        if (message instanceof ReplicaMessage.PrepareAck a) {
            onAck(from, a);
        } else if (message instanceof ReplicaMessage.GroupCheckReply r) {
            onGroupCheckReply(from, r);
        } else if (message instanceof ReplicaMessage.LearnRequest r) {
            learning.onLearnRequest(from, r);
        } else if (message instanceof ReplicaMessage.LearnCompleted c) {
            learning.onLearnCompleted(from, c);
        }
        return this;
    }

    private RoleState onConfig(PartitionConfig config) {
        if (config == null || config.ballot() <= ctx.ballot()) {
            return this;
        }
        PartitionConfig previous = ctx.config;
        ctx.adoptIfNewer(config);
        if (!config.isPrimary(ctx.self)) {
            if (config.isSecondary(ctx.self)) {
                return new SecondaryState(ctx, new PrepareAcceptor(ctx));
            }
            return new InactiveState(ctx);
        }
        if (config.ballot() == previous.ballot() + 1) {
            membershipChanged(previous, config);
        } else {
            // Configurations were missed: someone else may have been primary in between.
            reconcile();
        }
        proposals.onConfig(config);
        return this;
    }

    /** Same primary, one member more or less (ballot + 1): no reconciliation needed. */
    private void membershipChanged(PartitionConfig previous, PartitionConfig config) {
        for (NodeId s : previous.secondaries()) {
            if (!config.isSecondary(s)) {
                acks.forgetNode(s);
                groupChecker.forget(s);
                confirmed.remove(s);
            }
        }
        for (NodeId s : config.secondaries()) {
            if (previous.isSecondary(s)) {
                // a kept member may have refused prepares that carried the previous ballot: send them again
                for (Mutation m : ctx.prepareList.uncommitted()) {
                    if (!acks.acked(m.decree(), s)) {
                        resendPrepare(s, m);
                    }
                }
            }
            if (!previous.isSecondary(s)) {
                if (!learning.upgraded(s)) {
                    // Not a learner we saw through to the end: it may lack committed decrees. Remove it again.
                    proposals.requestRemoval(s);
                }
                groupChecker.forget(s);
                if (!reconciling) {
                    confirmed.add(s);
                }
                sendUnacknowledged(s);
            }
        }
        groupCheckRound();
        tryCommit();
    }

    private void suspend() {
        if (!suspended) {
            suspended = true;
            confirmationQuery = 0;
            refuseQueuedWrites(ErrorCode.ERR_INVALID_STATE);
        }
    }

    /**
     * Asks the MetaServer whether we are still primary. Any configuration that reached us earlier may predate a
     * newer one (it may have waited in a queue while we were cut off or paused); only the answer to a query sent
     * after the lease came back reflects the MetaServer's decisions made while we could not hear it.
     */
    private void queryConfirmation() {
        confirmationQuery = ctx.nextQueryId();
        confirmationQueriedAtMillis = ctx.nowMillis;
        ctx.emit(new ReplicaAction.QueryConfig(confirmationQuery));
    }

    private RoleState onConfirmation(ReplicaEvent.ConfigQueryReply reply) {
        if (!suspended || reply.queryId() != confirmationQuery) {
            return this; // an answer to an older query, or we are not waiting for one
        }
        confirmationQuery = 0;
        RoleState next = onConfig(reply.config());
        if (next == this
                && ctx.leaseValid
                && ctx.config.isPrimary(ctx.self)
                && reply.config().ballot() == ctx.ballot()) {
            resume();
        }
        return next;
    }

    private void resume() {
        suspended = false;
        confirmationQuery = 0;
        groupCheckRound();
        tryCommit();
    }

    private void abandonProposedWrites() {
        List<Long> owned = acks.ownedRequestIds();
        if (!owned.isEmpty()) {
            ctx.emit(new ReplicaAction.AbandonRequests(owned));
        }
    }

    private void refuseQueuedWrites(ErrorCode error) {
        for (ReplicaEvent.ClientWrite w : queue.drain()) {
            ctx.emit(new ReplicaAction.ReplyError(w.request().requestId(), error));
        }
    }
}
