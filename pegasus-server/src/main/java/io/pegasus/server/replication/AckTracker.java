package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The primary's bookkeeping for each uncommitted decree: which replicas acknowledged it (logged it), when it was sent
 * to each, and whether this primary owes its clients an answer. PacificA's commit rule reads it: a decree commits
 * once every secondary of the current configuration acknowledged it. Learners' acknowledgements are recorded too, so
 * they count as soon as the learner becomes a secondary.
 */
final class AckTracker {

    private static final class Pending {
        final long mutationBallot;
        final boolean replyToClients;
        final List<Long> requestIds;
        final Set<NodeId> acked = new HashSet<>();
        final Map<NodeId, Long> sentAtMillis = new HashMap<>();

        Pending(Mutation m, boolean replyToClients) {
            this.mutationBallot = m.ballot();
            this.replyToClients = replyToClients;
            this.requestIds = new ArrayList<>();
            for (WriteRequest w : m.writes()) {
                requestIds.add(w.requestId());
            }
        }
    }

    private final TreeMap<Long, Pending> pending = new TreeMap<>();

    /** Starts tracking a decree just (re)proposed. */
    void track(Mutation m, boolean replyToClients) {
        pending.put(m.decree(), new Pending(m, replyToClients));
    }

    /** Records that the prepare for {@code decree} went to {@code to}; the timeout counts from the first send. */
    void sent(long decree, NodeId to, long nowMillis) {
        Pending p = pending.get(decree);
        if (p != null) {
            p.sentAtMillis.putIfAbsent(to, nowMillis);
        }
    }

    /**
     * The member answered (refusing a prepare sent under an older configuration) and is being sent the mutation
     * again: it is alive, so its timeout restarts now.
     */
    void resent(long decree, NodeId to, long nowMillis) {
        Pending p = pending.get(decree);
        if (p != null) {
            p.sentAtMillis.put(to, nowMillis);
        }
    }

    /** Records an acknowledgement; false if it does not match a tracked mutation (stale or duplicate). */
    boolean ack(NodeId from, long mutationBallot, long decree) {
        Pending p = pending.get(decree);
        if (p == null || p.mutationBallot != mutationBallot) {
            return false;
        }
        return p.acked.add(from);
    }

    boolean acked(long decree, NodeId node) {
        Pending p = pending.get(decree);
        return p != null && p.acked.contains(node);
    }

    boolean ackedByAll(long decree, Collection<NodeId> nodes) {
        Pending p = pending.get(decree);
        return p != null && p.acked.containsAll(nodes);
    }

    boolean replyToClients(long decree) {
        Pending p = pending.get(decree);
        return p != null && p.replyToClients;
    }

    void remove(long decree) {
        pending.remove(decree);
    }

    /** Nodes among {@code expected} that left a prepare unacknowledged for at least {@code timeoutMillis}. */
    Set<NodeId> overdue(long nowMillis, long timeoutMillis, Collection<NodeId> expected) {
        Set<NodeId> late = new TreeSet<>();
        for (Pending p : pending.values()) {
            for (Map.Entry<NodeId, Long> e : p.sentAtMillis.entrySet()) {
                NodeId node = e.getKey();
                if (!p.acked.contains(node) && nowMillis - e.getValue() >= timeoutMillis && expected.contains(node)) {
                    late.add(node);
                }
            }
        }
        return late;
    }

    /** Stops expecting anything from {@code node} (it left the configuration or the learners). */
    void forgetNode(NodeId node) {
        for (Pending p : pending.values()) {
            p.sentAtMillis.remove(node);
            p.acked.remove(node);
        }
    }

    /** Request ids of client writes proposed here that are still uncommitted. */
    List<Long> ownedRequestIds() {
        List<Long> ids = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.replyToClients) {
                ids.addAll(p.requestIds);
            }
        }
        return ids;
    }

    void clear() {
        pending.clear();
    }
}
