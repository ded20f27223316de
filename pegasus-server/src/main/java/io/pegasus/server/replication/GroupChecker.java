package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Timing of the primary's group checks: when the next round is due, and which members have not answered the
 * previous one in time (a failure, like an unacknowledged prepare).
 */
final class GroupChecker {

    private boolean roundSent;
    private long lastRoundMillis;
    private final Map<NodeId, Long> awaiting = new HashMap<>();
    private final Map<NodeId, Long> lastSent = new HashMap<>();

    boolean roundDue(long nowMillis, long intervalMillis) {
        return !roundSent || nowMillis - lastRoundMillis >= intervalMillis;
    }

    void roundStarted(long nowMillis) {
        roundSent = true;
        lastRoundMillis = nowMillis;
    }

    /** A check went to {@code node}; the timeout counts from the oldest unanswered one. */
    void sent(NodeId node, long nowMillis) {
        awaiting.putIfAbsent(node, nowMillis);
        lastSent.put(node, nowMillis);
    }

    void answered(NodeId node) {
        awaiting.remove(node);
        lastSent.remove(node);
    }

    void forget(NodeId node) {
        awaiting.remove(node);
        lastSent.remove(node);
    }

    /** Members still waited for whose last check went out at least {@code retryMillis} ago, to ask again. */
    List<NodeId> dueForRetry(long nowMillis, long retryMillis) {
        List<NodeId> due = new ArrayList<>();
        for (NodeId n : awaiting.keySet()) {
            Long sent = lastSent.get(n);
            if (sent == null || nowMillis - sent >= retryMillis) {
                due.add(n);
            }
        }
        due.sort(null);
        return due;
    }

    /** Removes and returns the nodes whose check is unanswered for at least {@code timeoutMillis}. */
    List<NodeId> takeOverdue(long nowMillis, long timeoutMillis) {
        List<NodeId> late = new ArrayList<>();
        awaiting.entrySet().removeIf(e -> {
            if (nowMillis - e.getValue() >= timeoutMillis) {
                late.add(e.getKey());
                lastSent.remove(e.getKey());
                return true;
            }
            return false;
        });
        late.sort(null);
        return late;
    }
}
