package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The MetaServer's view of which ReplicaServers are alive, from their beacons (meta clock, milliseconds, passed in
 * by the caller: no clock inside).
 *
 * <p>A node is alive until {@code last beacon received + grace}. The node's own lease ends at {@code last acked beacon
 * sent + lease} on its clock, and the configuration refuses {@code grace <= lease}, so a node cut off from the
 * MetaServer stops serving before it is declared dead and its replicas are given to others.
 *
 * <p>Each beacon carries the node's incarnation (process start time). A new incarnation means the process restarted
 * and lost its in-memory replica state: the node is alive, but its old memberships must be treated as lost, which
 * {@link #takeRestarted()} reports once.
 */
public final class FailureDetector {
    /** What a beacon told about its node. */
    public enum BeaconOutcome {
        /** first beacon of a node this detector did not know */
        NEW,
        /** a live node, same incarnation */
        ALIVE,
        /** a node that had been declared dead is back (same process, e.g. after a network partition) */
        REVIVED,
        /** the node's process restarted since its last beacon */
        RESTARTED
    }

    private static final class Node {
        long lastBeaconMs;
        long incarnation; // 0 = not known yet (expected after a takeover, no beacon seen)
        boolean dead;
    }

    private final long graceMs;
    private final Map<rpc_address, Node> nodes = new HashMap<>();
    private final TreeSet<rpc_address> restarted = new TreeSet<>();

    public FailureDetector(long graceMs) {
        this.graceMs = graceMs;
    }

    public long graceMs() {
        return graceMs;
    }

    /** Records a beacon received at {@code nowMs}. */
    public BeaconOutcome beacon(rpc_address node, long incarnation, long nowMs) {
        Node n = nodes.get(node);
        if (n == null) {
            n = new Node();
            n.lastBeaconMs = nowMs;
            n.incarnation = incarnation;
            nodes.put(node, n);
            return BeaconOutcome.NEW;
        }
        BeaconOutcome outcome = BeaconOutcome.ALIVE;
        if (n.incarnation != 0 && incarnation != n.incarnation) {
            restarted.add(node);
            outcome = BeaconOutcome.RESTARTED;
        } else if (n.dead) {
            outcome = BeaconOutcome.REVIVED;
        }
        n.incarnation = incarnation;
        n.lastBeaconMs = Math.max(n.lastBeaconMs, nowMs);
        n.dead = false;
        return outcome;
    }

    /**
     * Takeover by a new leader: every node that holds replicas gets a full grace period from now, as if it had just
     * sent a beacon, so that beacons the previous leader received are not held against it.
     */
    public void expect(Collection<rpc_address> members, long nowMs) {
        for (rpc_address m : members) {
            nodes.computeIfAbsent(m, k -> {
                Node n = new Node();
                n.lastBeaconMs = nowMs;
                return n;
            });
        }
    }

    public boolean isAlive(rpc_address node, long nowMs) {
        Node n = nodes.get(node);
        return n != null && !n.dead && nowMs < n.lastBeaconMs + graceMs;
    }

    /**
     * True if a beacon from {@code node} arrived within the last {@code windowMs}: stricter than alive. A node that
     * just stopped is still alive for a grace period, but it must not be chosen to receive new replicas.
     */
    public boolean heardWithin(rpc_address node, long nowMs, long windowMs) {
        Node n = nodes.get(node);
        return n != null && !n.dead && nowMs < n.lastBeaconMs + windowMs;
    }

    /** Live nodes in address order. */
    public List<rpc_address> liveNodes(long nowMs) {
        List<rpc_address> live = new ArrayList<>();
        for (var e : nodes.entrySet()) {
            if (!e.getValue().dead && nowMs < e.getValue().lastBeaconMs + graceMs) {
                live.add(e.getKey());
            }
        }
        live.sort(null);
        return live;
    }

    /** Nodes whose grace period has passed since the last call: each is reported once, then stays dead. */
    public List<rpc_address> collectNewlyDead(long nowMs) {
        List<rpc_address> dead = new ArrayList<>();
        for (var e : nodes.entrySet()) {
            Node n = e.getValue();
            if (!n.dead && nowMs >= n.lastBeaconMs + graceMs) {
                n.dead = true;
                dead.add(e.getKey());
            }
        }
        dead.sort(null);
        return dead;
    }

    /** Nodes seen restarting since the last call. */
    public List<rpc_address> takeRestarted() {
        List<rpc_address> out = new ArrayList<>(restarted);
        restarted.clear();
        return out;
    }

    /** Every node this detector has heard of or expects, alive or not, in address order. */
    public List<rpc_address> knownNodes() {
        List<rpc_address> out = new ArrayList<>(nodes.keySet());
        out.sort(null);
        return out;
    }

    /** The node's incarnation (process start time) from its last beacon; 0 when not known yet. */
    public long incarnation(rpc_address node) {
        Node n = nodes.get(node);
        return n == null ? 0 : n.incarnation;
    }

    /** When the node's grace period ends (or ended), or -1 for an unknown node. */
    public long deadlineMs(rpc_address node) {
        Node n = nodes.get(node);
        return n == null ? -1 : n.lastBeaconMs + graceMs;
    }
}
