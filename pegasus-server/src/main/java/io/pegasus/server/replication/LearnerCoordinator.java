package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The primary's side of PacificA learning (adding a replica): invites a node the MetaServer named, answers its learn
 * requests from memory when it is close behind ({@link ReplicaMessage.LearnCatchUp}, after which new prepares are
 * forwarded to it) or else through the driver ({@link ReplicaAction.PrepareLearnState}: log mutations or a
 * checkpoint), and proposes its upgrade to secondary once it holds everything.
 *
 * <p>Invariant that makes the upgrade safe: from the moment the upgrade is proposed until the MetaServer's answer, the
 * learner counts for commit like a secondary ({@link #joining()}), and it is proposed only once it has acknowledged
 * every committed mutation it was sent. So when a configuration names it secondary, it holds every committed decree,
 * as PacificA requires of every member (the MetaServer may promote it at once).
 */
final class LearnerCoordinator {

    enum Phase {
        /** Invited, or between two copy rounds. */
        INVITED,
        /** The driver is preparing a state for it. */
        COPYING,
        /** Caught up from memory; receives every new prepare; does not count for commit. */
        FORWARDING,
        /** Holds every committed mutation; counts for commit; upgrade proposed. */
        JOINING
    }

    private static final class Learner {
        final long signature;
        Phase phase = Phase.INVITED;
        long round;
        /** It reported completion; waiting for it to acknowledge the committed mutations still in flight to it. */
        boolean completionReported;
        /** It failed while joining: once the upgrade settles, it must be removed again. */
        boolean failedWhileJoining;
        /** When the last copy of state was sent to it; 0 once it asked for anything after (see {@link #installing}). */
        long copySentMillis;
        /**
         * Mutations handed to it and not yet acknowledged, decree to send time. Tracked here, not in the
         * {@link AckTracker}, because until it joins a learner does not hold up commit: a mutation it misses may
         * commit long before it would have timed out there.
         */
        final TreeMap<Long, Long> unacknowledged = new TreeMap<>();

        Learner(long signature) {
            this.signature = signature;
        }
    }

    private final ReplicaContext ctx;
    private final AckTracker acks;
    private final ProposalTracker proposals;
    private final Map<NodeId, Learner> learners = new TreeMap<>();

    LearnerCoordinator(ReplicaContext ctx, AckTracker acks, ProposalTracker proposals) {
        this.ctx = ctx;
        this.acks = acks;
        this.proposals = proposals;
    }

    /** The MetaServer asked to add {@code node}; returns its session signature (an existing one is kept). */
    long invite(NodeId node) {
        return learners.computeIfAbsent(node, n -> new Learner(ctx.nextLearnSignature())).signature;
    }

    boolean isLearner(NodeId node) {
        return learners.containsKey(node);
    }

    long signatureOf(NodeId node) {
        Learner l = learners.get(node);
        return l == null ? 0 : l.signature;
    }

    List<NodeId> learners() {
        return new ArrayList<>(learners.keySet());
    }

    /** Learners that receive every new prepare. */
    List<NodeId> forwardTargets() {
        List<NodeId> out = new ArrayList<>();
        learners.forEach((n, l) -> {
            if (l.phase == Phase.FORWARDING || l.phase == Phase.JOINING) {
                out.add(n);
            }
        });
        return out;
    }

    /** Learners whose upgrade is proposed: they count for commit until it settles. */
    List<NodeId> joining() {
        List<NodeId> out = new ArrayList<>();
        learners.forEach((n, l) -> {
            if (l.phase == Phase.JOINING) {
                out.add(n);
            }
        });
        return out;
    }

    /** A mutation was sent to learner {@code node}. */
    void sent(NodeId node, long decree) {
        Learner l = learners.get(node);
        if (l != null) {
            l.unacknowledged.putIfAbsent(decree, ctx.nowMillis);
        }
    }

    void acknowledged(NodeId node, long decree) {
        Learner l = learners.get(node);
        if (l != null) {
            l.unacknowledged.remove(decree);
            joinIfReady(node, l);
        }
    }

    /** Learners that left a mutation unacknowledged for at least {@code timeoutMillis}. */
    List<NodeId> overdue(long timeoutMillis) {
        List<NodeId> late = new ArrayList<>();
        learners.forEach((n, l) -> {
            if (!l.failedWhileJoining
                    && l.unacknowledged.values().stream().anyMatch(t -> ctx.tickMillis - t >= timeoutMillis)) {
                late.add(n);
            }
        });
        return late;
    }

    /**
     * The learner failed. Dropped at once, unless its upgrade is already proposed: then it keeps counting for commit
     * (so nothing commits without it that it might lack as a secondary) until the MetaServer answers. Returns true if
     * it was dropped.
     */
    boolean failed(NodeId node) {
        Learner l = learners.get(node);
        if (l == null) {
            return false;
        }
        if (l.phase == Phase.JOINING) {
            l.failedWhileJoining = true;
            return false;
        }
        drop(node);
        return true;
    }

    /** The MetaServer refused its upgrade: drop it. */
    void upgradeRefused(NodeId node) {
        drop(node);
    }

    /**
     * The configuration now names {@code node} secondary: it stops being a learner (its acknowledgements stay in
     * the {@link AckTracker}). Returns false if it cannot be trusted as a secondary (it failed while joining, or was
     * never checked) and must be removed again.
     */
    boolean upgraded(NodeId node) {
        Learner l = learners.remove(node);
        return l != null && l.phase == Phase.JOINING && !l.failedWhileJoining;
    }

    /** Forgets every learner (the primary re-proposed its log under a new ballot; they must start over). */
    void clear() {
        for (NodeId n : learners()) {
            drop(n);
        }
    }

    void onLearnRequest(NodeId from, ReplicaMessage.LearnRequest r) {
        Learner l = learners.get(from);
        if (l == null || l.signature != r.learnSignature()) {
            reject(from, r.learnSignature(), r.round(), ErrorCode.ERR_LEARNER_NOT_FOUND);
            return;
        }
        if (r.round() <= l.round || l.phase == Phase.JOINING) {
            return; // an old or duplicated request: each round is answered once
        }
        l.round = r.round();
        l.copySentMillis = 0;
        // Acknowledgements from before this round may be for entries it no longer holds (a copy replaces its log):
        // only what it acknowledges from now on counts.
        acks.forgetNode(from);
        l.unacknowledged.clear();
        l.completionReported = false;
        PrepareList list = ctx.prepareList;
        if (r.committedDecree() > list.preparedDecree()) {
            // It claims decrees we never had: it cannot learn from us.
            reject(from, l.signature, r.round(), ErrorCode.ERR_INVALID_STATE);
            drop(from);
            return;
        }
        List<Mutation> fromMemory = list.range(r.committedDecree(), list.preparedDecree());
        if (fromMemory != null) {
            l.phase = Phase.FORWARDING;
            ctx.send(
                    from,
                    new ReplicaMessage.LearnCatchUp(
                            ctx.ballot(), l.signature, r.round(), fromMemory, list.committedDecree()));
            for (Mutation m : fromMemory) {
                l.unacknowledged.putIfAbsent(m.decree(), ctx.nowMillis);
            }
        } else {
            l.phase = Phase.COPYING;
            ctx.emit(new ReplicaAction.PrepareLearnState(
                    from, l.signature, r.round(), r.committedDecree(), list.committedDecree()));
        }
    }

    void onStatePrepared(ReplicaEvent.LearnStatePrepared e) {
        Learner l = copying(e.learner(), e.learnSignature(), e.round());
        if (l != null) {
            l.phase = Phase.INVITED;
            l.copySentMillis = ctx.nowMillis;
            ctx.send(e.learner(), new ReplicaMessage.LearnCopy(ctx.ballot(), l.signature, e.round(), e.state()));
        }
    }

    /**
     * Whether {@code node} is a learner sent a copy of state less than {@code limitMillis} before {@code nowMillis}
     * that has not asked for anything since: it is installing the copy. The driver installs on the replica's event
     * thread, so the learner answers no group check until it is done, which for a copy of a busy partition takes
     * seconds (2.5-5 s for 8 partitions under load on the onebox, 2026-11-28). A group check it leaves unanswered
     * then is no sign of failure; one after {@code limitMillis} is.
     */
    boolean installing(NodeId node, long nowMillis, long limitMillis) {
        Learner l = learners.get(node);
        return l != null
                && l.phase == Phase.INVITED
                && l.copySentMillis > 0
                && nowMillis - l.copySentMillis < limitMillis;
    }

    void onStatePrepareFailed(ReplicaEvent.LearnStatePrepareFailed e) {
        Learner l = copying(e.learner(), e.learnSignature(), e.round());
        if (l != null) {
            l.phase = Phase.INVITED;
            reject(e.learner(), l.signature, e.round(), ErrorCode.ERR_GET_LEARN_STATE_FAILED);
        }
    }

    void onLearnCompleted(NodeId from, ReplicaMessage.LearnCompleted c) {
        Learner l = learners.get(from);
        if (l == null || l.signature != c.learnSignature()) {
            reject(from, c.learnSignature(), 0, ErrorCode.ERR_LEARNER_NOT_FOUND);
            return;
        }
        if (l.phase == Phase.FORWARDING) {
            l.completionReported = true;
            joinIfReady(from, l);
        }
    }

    /** Proposes the upgrade once it reported completion and acknowledged every committed mutation sent to it. */
    private void joinIfReady(NodeId node, Learner l) {
        if (l.phase != Phase.FORWARDING || !l.completionReported) {
            return;
        }
        long committed = ctx.prepareList.committedDecree();
        if (!l.unacknowledged.isEmpty() && l.unacknowledged.firstKey() <= committed) {
            return;
        }
        l.phase = Phase.JOINING;
        proposals.requestUpgrade(node);
    }

    private void drop(NodeId node) {
        if (learners.remove(node) != null) {
            acks.forgetNode(node);
            proposals.cancelUpgrade(node);
        }
    }

    private Learner copying(NodeId node, long signature, long round) {
        Learner l = learners.get(node);
        if (l == null || l.signature != signature || l.round != round || l.phase != Phase.COPYING) {
            return null;
        }
        return l;
    }

    private void reject(NodeId to, long signature, long round, ErrorCode error) {
        ctx.send(to, new ReplicaMessage.LearnRejected(ctx.ballot(), signature, round, error));
    }
}
