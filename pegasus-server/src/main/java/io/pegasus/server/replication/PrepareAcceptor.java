package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving side of PacificA's prepare, shared by secondaries and learners: place the primary's mutations in the
 * prepare list in decree order, log them, acknowledge them once durable, and commit what the primary says is
 * committed.
 *
 * <p>Rules (the primary's log is authoritative):
 *
 * <ul>
 *   <li>A mutation at decree d is placed only if the entry at d - 1 is committed here or has the ballot the primary
 *       says it has there ({@link ReplicaMessage.Prepare#previousBallot()}). Otherwise it waits in a bounded buffer
 *       until the gap before it is filled: duplicates, reordering and a new primary's re-proposals all end up in
 *       order. A gap that never fills means a lost prepare; the primary's prepare timeout then removes this replica.
 *   <li>Same decree, same ballot: a duplicate; acknowledged again if already logged.
 *   <li>Same decree, other ballot, same write: the current primary re-proposes an entry of an older primary (its
 *       reconciliation); the entry takes the new ballot and is logged again, and the entries after it stay (they
 *       may be committed; the primary re-proposes them too).
 *   <li>Same decree, other ballot, another write: the entry here came from an older primary and was never
 *       committed (the current primary, a member then, would hold it); it and everything after it are discarded
 *       ({@link ReplicaAction.TruncateLog}) and the primary's version is logged. This is how a secondary drops what
 *       a new primary does not have.
 *   <li>A mutation is acknowledged only once logged; decrees commit in order, only when logged here and not beyond the
 *       primary's committed decree.
 * </ul>
 */
final class PrepareAcceptor {

    private final ReplicaContext ctx;
    /** Prepares that arrived before the gap in front of them was filled, by decree. */
    private final TreeMap<Long, ReplicaMessage.Prepare> early = new TreeMap<>();
    /** Highest committed decree the current primary told us about. */
    private long primaryCommitted;

    PrepareAcceptor(ReplicaContext ctx) {
        this.ctx = ctx;
        this.primaryCommitted = ctx.prepareList.committedDecree();
    }

    /** A prepare from the current primary (its ballot equals ours). */
    void onPrepare(ReplicaMessage.Prepare p) {
        noteCommitted(p.committedDecree());
        if (place(p)) {
            drainEarly();
        } else {
            buffer(p);
        }
    }

    /** Keeps a prepare for later without trying to place it (a learner still copying state). */
    void buffer(ReplicaMessage.Prepare p) {
        if (p.mutation().decree() <= ctx.prepareList.committedDecree()) {
            return;
        }
        early.put(p.mutation().decree(), p);
        while (early.size() > ctx.options.maxBufferedPrepares()) {
            early.pollLastEntry();
        }
    }

    /** The primary's committed decree (piggybacked on a prepare or group check): commit what we hold up to it. */
    void noteCommitted(long committedDecree) {
        primaryCommitted = Math.max(primaryCommitted, committedDecree);
        commitReady();
    }

    /** The log made {@code (ballot, decree)} durable. */
    void onLogged(long ballot, long decree) {
        if (ctx.prepareList.markLogged(ballot, decree)) {
            ack(ctx.prepareList.get(decree), ErrorCode.ERR_OK);
            commitReady();
        }
    }

    /** Forgets buffered prepares (they belong to an older primary). */
    void clearBuffer() {
        early.clear();
    }

    /**
     * Places mutations handed over in one piece (a learner's catch-up: consecutive, from just after our committed
     * decree), then commits up to {@code committedDecree}. All are placed before anything commits: an entry of ours
     * still waiting to be replaced by the primary's version must not commit first.
     */
    void placeAll(List<Mutation> mutations, long committedDecree) {
        PrepareList list = ctx.prepareList;
        for (Mutation m : mutations) {
            if (m.decree() <= list.committedDecree()) {
                continue;
            }
            long previous = list.ballotAt(m.decree() - 1); // the primary's: placed just before (or committed)
            place(new ReplicaMessage.Prepare(ctx.config, m, list.committedDecree(), previous));
        }
        drainEarly();
        noteCommitted(committedDecree);
    }

    private boolean place(ReplicaMessage.Prepare p) {
        PrepareList list = ctx.prepareList;
        Mutation m = p.mutation();
        long d = m.decree();
        if (d <= list.committedDecree()) {
            // Already committed here; committed prefixes are identical on every replica.
            ack(m, ErrorCode.ERR_OK);
            return true;
        }
        boolean previousMatches = d - 1 <= list.committedDecree()
                || (p.previousBallot() != ReplicaMessage.NO_BALLOT && list.ballotAt(d - 1) == p.previousBallot());
        if (!previousMatches) {
            return false;
        }
        Mutation existing = list.get(d);
        if (existing == null) {
            list.append(m, false);
            ctx.appendToLog(m);
        } else if (existing.ballot() == m.ballot()) {
            if (list.isLogged(d)) {
                ack(m, ErrorCode.ERR_OK);
            }
        } else if (existing.withBallot(m.ballot()).equals(m)) {
            // A new primary re-proposing what we hold. The decrees after it stay: we may have acknowledged them to
            // the old primary, which may have committed them, and the new primary re-proposes them too. Dropping
            // them would leave a member without committed decrees if the new primary failed before resending them.
            list.rewrite(m);
            ctx.appendToLog(m);
        } else {
            list.replaceFrom(m);
            ctx.emit(new ReplicaAction.TruncateLog(d - 1));
            ctx.appendToLog(m);
        }
        return true;
    }

    private void drainEarly() {
        boolean progress = true;
        while (progress && !early.isEmpty()) {
            progress = false;
            long limit = ctx.prepareList.preparedDecree() + 1;
            List<Map.Entry<Long, ReplicaMessage.Prepare>> candidates =
                    new ArrayList<>(early.headMap(limit, true).entrySet());
            for (Map.Entry<Long, ReplicaMessage.Prepare> e : candidates) {
                if (place(e.getValue())) {
                    early.remove(e.getKey());
                    progress = true;
                    break;
                }
            }
        }
    }

    private void commitReady() {
        PrepareList list = ctx.prepareList;
        while (list.committedDecree() < primaryCommitted && list.nextCommittable() != null) {
            ctx.apply(list.commitNext(), false);
        }
    }

    private void ack(Mutation m, ErrorCode error) {
        ctx.send(ctx.config.primary(), new ReplicaMessage.PrepareAck(ctx.ballot(), m.ballot(), m.decree(), error));
    }
}
