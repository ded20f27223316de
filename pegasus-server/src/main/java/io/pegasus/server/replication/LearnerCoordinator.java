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
 * checkpoint), and proposes its upgrade to secondary once it reports every handed-over mutation logged.
 */
final class LearnerCoordinator {

    enum Phase {
        /** Invited, or between two copy rounds. */
        INVITED,
        /** The driver is preparing a state for it. */
        COPYING,
        /** Caught up from memory; receives every new prepare. */
        FORWARDING,
        /** Reported everything logged; upgrade proposed. */
        COMPLETED
    }

    private static final class Learner {
        final long signature;
        Phase phase = Phase.INVITED;
        long round;
        /**
         * Mutations handed to it and not yet acknowledged, decree to send time. Tracked here, not in the
         * {@link AckTracker}, because a learner does not hold up commit: a mutation it misses may commit long before
         * it would have timed out there.
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
        Learner l = learners.get(node);
        if (l == null) {
            l = new Learner(ctx.nextLearnSignature());
            learners.put(node, l);
        }
        return l.signature;
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
        for (Map.Entry<NodeId, Learner> e : learners.entrySet()) {
            if (e.getValue().phase == Phase.FORWARDING || e.getValue().phase == Phase.COMPLETED) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Drops a learner that failed (or was upgraded); the MetaServer will ask again if it is still wanted. */
    void remove(NodeId node) {
        if (learners.remove(node) != null) {
            acks.forgetNode(node);
            proposals.cancelUpgrade(node);
        }
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
        }
    }

    /** Learners that left a mutation unacknowledged for at least {@code timeoutMillis}. */
    List<NodeId> overdue(long timeoutMillis) {
        List<NodeId> late = new ArrayList<>();
        for (Map.Entry<NodeId, Learner> e : learners.entrySet()) {
            for (long sentAt : e.getValue().unacknowledged.values()) {
                if (ctx.nowMillis - sentAt >= timeoutMillis) {
                    late.add(e.getKey());
                    break;
                }
            }
        }
        return late;
    }

    /** The learner became a secondary: stop treating it as a learner, but keep its acknowledgements. */
    void upgraded(NodeId node) {
        learners.remove(node);
    }

    /** Forgets every learner (the primary re-proposed its log under a new ballot; they must start over). */
    void clear() {
        for (NodeId n : learners()) {
            remove(n);
        }
    }

    void onLearnRequest(NodeId from, ReplicaMessage.LearnRequest r) {
        Learner l = learners.get(from);
        if (l == null || l.signature != r.learnSignature()) {
            reject(from, r.learnSignature(), r.round(), ErrorCode.ERR_LEARNER_NOT_FOUND);
            return;
        }
        if (r.round() <= l.round) {
            return; // an old or duplicated request: each round is answered once
        }
        l.round = r.round();
        PrepareList list = ctx.prepareList;
        if (r.committedDecree() > list.preparedDecree()) {
            // It claims decrees we never had: it cannot learn from us.
            reject(from, l.signature, r.round(), ErrorCode.ERR_INVALID_STATE);
            learners.remove(from);
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
        Learner l = current(e.learner(), e.learnSignature(), e.round());
        if (l != null) {
            l.phase = Phase.INVITED;
            ctx.send(e.learner(), new ReplicaMessage.LearnCopy(ctx.ballot(), l.signature, e.round(), e.state()));
        }
    }

    void onStatePrepareFailed(ReplicaEvent.LearnStatePrepareFailed e) {
        Learner l = current(e.learner(), e.learnSignature(), e.round());
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
        if (l.phase == Phase.FORWARDING || l.phase == Phase.COMPLETED) {
            l.phase = Phase.COMPLETED;
            proposals.requestUpgrade(from);
        }
    }

    private Learner current(NodeId node, long signature, long round) {
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
