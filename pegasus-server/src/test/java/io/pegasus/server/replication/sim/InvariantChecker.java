package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WriteRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety properties checked after every simulation step; a violation throws {@link AssertionError} at once, with the
 * step that caused it on the stack.
 *
 * <ul>
 *   <li>The committed prefix is the same everywhere: every replica applies the same writes at a given decree.
 *   <li>At most one primary per ballot.
 *   <li>At most one replica serves reads at any moment (no stale reads once a newer primary can exist).
 *   <li>Per node, the ballot and the committed decree never go down (across restarts too).
 *   <li>A served read reflects every write acknowledged before it was issued.
 * </ul>
 */
public final class InvariantChecker {

    private final Map<Long, List<WriteRequest>> committedContent = new HashMap<>();
    private final Map<Long, NodeId> primaryOfBallot = new HashMap<>();
    private final Map<NodeId, Long> maxBallot = new HashMap<>();
    private final Map<NodeId, Long> maxCommitted = new HashMap<>();
    private long checks;

    void onApply(NodeId node, Mutation m) {
        List<WriteRequest> before = committedContent.putIfAbsent(m.decree(), m.writes());
        if (before != null && !before.equals(m.writes())) {
            throw new AssertionError("decree " + m.decree() + " applied on " + node + " with " + m.writes()
                    + " but elsewhere with " + before);
        }
    }

    void onInstall(NodeId node, SimStorage.Snapshot snapshot) {
        for (Mutation m : snapshot.applied().values()) {
            onApply(node, m);
        }
    }

    void onRead(SimNode node, History.Op op) {
        long applied = node.storage().lastApplied();
        if (applied < op.ackedDecreeAtIssue) {
            throw new AssertionError("stale read " + op + " served by " + node + ": applied " + applied
                    + " < acknowledged decree " + op.ackedDecreeAtIssue);
        }
    }

    void check(List<SimNode> nodes) {
        checks++;
        NodeId serving = null;
        for (SimNode n : nodes) {
            if (!n.isRunning()) {
                continue;
            }
            ReplicaStatus s = n.status();
            long ballot = s.ballot();
            long prevBallot = maxBallot.getOrDefault(n.id(), 0L);
            if (ballot < prevBallot) {
                throw new AssertionError(n + ": ballot went down from " + prevBallot);
            }
            maxBallot.put(n.id(), ballot);
            long prevCommitted = maxCommitted.getOrDefault(n.id(), 0L);
            if (s.committedDecree() < prevCommitted) {
                throw new AssertionError(n + ": committed decree went down from " + prevCommitted);
            }
            maxCommitted.put(n.id(), s.committedDecree());
            if (s.role() == Role.PRIMARY) {
                NodeId other = primaryOfBallot.putIfAbsent(ballot, n.id());
                if (other != null && !other.equals(n.id())) {
                    throw new AssertionError("two primaries for ballot " + ballot + ": " + other + " and " + n);
                }
            }
            if (s.serving()) {
                if (serving != null) {
                    throw new AssertionError("two replicas serve reads at once: " + serving + " and " + n);
                }
                serving = n.id();
            }
        }
    }

    public long checks() {
        return checks;
    }
}
