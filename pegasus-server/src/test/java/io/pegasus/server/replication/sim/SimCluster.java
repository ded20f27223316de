package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A deterministic in-memory cluster for one partition: N simulated ReplicaServers ({@link SimNode}), a fake
 * MetaServer ({@link SimMeta}), a network with fault injection ({@link SimNetwork}), a simulated clock, clients
 * recording a {@link History}, and an {@link InvariantChecker} run after every step. No threads, no sleeps: time moves
 * only through {@link #tick()}, and between ticks everything in flight is delivered in order (or in a seeded random
 * order).
 *
 * <p>Beacons and leases: every tick each running node that is not isolated beacons to the MetaServer and gets its
 * lease renewed; a node's lease expires {@code leaseMillis} after the last renewal, and the MetaServer declares it
 * dead {@code graceMillis} after its last beacon (lease shorter than grace, as in the real system).
 */
public final class SimCluster {

    /** Test-sized settings: everything happens within a few hundred simulated milliseconds. */
    public static final class Options {
        public int nodes = 3;
        public int replicaCount = 3;
        public long tickMillis = 10;
        public long leaseMillis = 300;
        public long graceMillis = 500;
        public long configSyncMillis = 1_000;
        public long learnerRetryMillis = 1_000;
        /**
         * True: the MetaServer reads every reachable replica's status at each tick (scripted scenarios); false: the
         * nodes' reports travel as configuration syncs every {@link #configSyncMillis}, lost or late like any message.
         */
        public boolean freshReports = true;

        public int maxStepsPerTick = 1_000_000;
        // the scripted scenarios count one decree per write, so writes must not wait for an in-flight slot (the
        // servers' default of 2 batches them); the seeded simulation draws 1-8 itself
        public ReplicaOptions replica = ReplicaOptions.defaults().toBuilder()
                .maxInFlightMutations(64)
                .prepareTimeoutMillis(200)
                .groupCheckIntervalMillis(100)
                .groupCheckTimeoutMillis(200)
                .proposalRetryMillis(300)
                .learnTimeoutMillis(500)
                .learnRetryMillis(200)
                .build();

        public Options nodes(int n) {
            nodes = n;
            return this;
        }

        public Options replica(ReplicaOptions r) {
            replica = r;
            return this;
        }
    }

    private final Options options;
    private final List<SimNode> nodes = new ArrayList<>();
    private final SimNetwork network = new SimNetwork();
    private final History history = new History();
    private final InvariantChecker checker = new InvariantChecker();
    private final SimMeta meta;
    private final java.util.Set<NodeId> beaconsBlocked = new java.util.HashSet<>();
    private final java.util.Map<NodeId, SimNetwork.Rule> metaCuts = new java.util.HashMap<>();
    private long now;
    /** Deliveries and client requests since the tick began: orders events within a tick on the history's clock. */
    private long seqInTick;

    private SimClients clients;
    private java.util.function.Consumer<String> trace = line -> {};

    private SimCluster(Options options) {
        this.options = options;
        for (int i = 1; i <= options.nodes; i++) {
            nodes.add(new SimNode(NodeId.of("n" + i), this, options.replica));
        }
        List<NodeId> secondaries = new ArrayList<>();
        for (int i = 1; i < Math.min(options.replicaCount, options.nodes); i++) {
            secondaries.add(nodes.get(i).id());
        }
        PartitionConfig initial = new PartitionConfig(1, nodes.get(0).id(), secondaries, List.of());
        this.meta = new SimMeta(
                this, nodes.stream().map(SimNode::id).toList(), Math.min(options.replicaCount, options.nodes), initial);
    }

    /**
     * A cluster whose partition was just created: the MetaServer stored ballot 1 (primary n1, the next nodes
     * secondaries) and sent it to the members. Nothing has been delivered yet.
     */
    public static SimCluster create(Options options) {
        SimCluster c = new SimCluster(options);
        for (NodeId m : c.meta.config().members()) {
            c.network.post(new Envelope.FromMeta(m, new ReplicaEvent.ConfigUpdate(c.meta.config())));
        }
        return c;
    }

    /** {@link #create}, then run until the primary serves. */
    public static SimCluster start(Options options) {
        SimCluster c = create(options);
        if (!c.runUntil(
                () -> c.primaryNode() != null && c.primaryNode().status().serving(), 2_000)) {
            throw new AssertionError("partition did not start: " + c.describe());
        }
        return c;
    }

    public static SimCluster start() {
        return start(new Options());
    }

    // ---- accessors ----

    public Options options() {
        return options;
    }

    public long now() {
        return now;
    }

    public List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    public SimNode node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    public SimNode node(NodeId id) {
        for (SimNode n : nodes) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    /** Whether the node can talk to the MetaServer now: running, not isolated, not cut off from it. */
    boolean reachesMeta(SimNode n) {
        return n.isRunning() && !network.isIsolated(n.id()) && !beaconsBlocked.contains(n.id());
    }

    public SimNetwork network() {
        return network;
    }

    public SimMeta meta() {
        return meta;
    }

    public History history() {
        return history;
    }

    InvariantChecker checker() {
        return checker;
    }

    /** The MetaServer's current configuration. */
    public PartitionConfig config() {
        return meta.config();
    }

    /** The node the MetaServer names primary, or null. */
    public SimNode primaryNode() {
        NodeId p = meta.config().primary();
        return p == null ? null : node(p);
    }

    // ---- running ----

    /** Receives one line per delivered envelope and per tick (for debugging a failing seed). */
    public void trace(java.util.function.Consumer<String> sink) {
        this.trace = sink;
    }

    /** Delivers one envelope; false if nothing could be delivered. */
    public boolean step() {
        Envelope e = network.next();
        if (e == null) {
            return false;
        }
        seqInTick++;
        trace.accept("t=" + now + " deliver " + e);
        deliver(e);
        checker.check(nodes);
        return true;
    }

    /** Delivers until nothing is in flight; returns the number of steps. */
    public int runUntilQuiet() {
        int steps = 0;
        while (step()) {
            if (++steps > options.maxStepsPerTick) {
                throw new AssertionError("no quiescence after " + steps + " steps: " + describe());
            }
        }
        return steps;
    }

    /** One tick: beacons, leases, a Tick to every replica, the MetaServer's turn, then deliver everything. */
    public void tick() {
        now += options.tickMillis;
        seqInTick = 0;
        trace.accept(describe());
        if (clients != null) {
            clients.onTick();
        }
        for (SimNode n : nodes) {
            // the incarnation is the process's start: never 0, which the failure detector reads as "not known"
            if (reachesMeta(n) && meta.beacon(n.id(), n.incarnation() + 1, now)) {
                n.leaseGranted(now);
            }
        }
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                n.checkLease(now, options.leaseMillis);
                n.deliver(new ReplicaEvent.Tick(now));
            }
        }
        meta.onTick();
        runUntilQuiet();
        checker.check(nodes);
    }

    public void advance(long millis) {
        long end = now + millis;
        while (now < end) {
            tick();
        }
    }

    /** Ticks until {@code condition} holds (checked before each tick); false if it did not within {@code millis}. */
    public boolean runUntil(BooleanSupplier condition, long millis) {
        runUntilQuiet();
        long end = now + millis;
        while (!condition.getAsBoolean()) {
            if (now >= end) {
                return false;
            }
            tick();
        }
        return true;
    }

    /** Ticks until every live node agrees with the MetaServer's configuration and holds the same data. */
    public boolean runUntilHealthy(long millis) {
        return runUntil(this::healthy, millis);
    }

    private void deliver(Envelope e) {
        if (e instanceof Envelope.ToMeta m) {
            meta.onRequest(m.from(), m.request());
            return;
        }
        if (e instanceof Envelope.ClientReply r) {
            clients.onReply(r);
            return;
        }
        SimNode target = node(e.to());
        if (!target.isUp()) {
            return;
        }
        if (e instanceof Envelope.Net n) {
            target.deliver(new ReplicaEvent.MessageReceived(n.from(), n.message()));
        } else if (e instanceof Envelope.Client c) {
            target.deliver(c.event());
        } else if (e instanceof Envelope.FromMeta m) {
            target.deliver(m.event());
        } else if (e instanceof Envelope.Local l) {
            if (l.incarnation() == target.incarnation()) {
                ReplicaEvent done = l.work().get();
                if (done != null) {
                    target.deliver(done);
                }
            }
        }
    }

    // ---- clients ----

    /** A client write sent to the node the MetaServer names primary (or to n1 if none); returns its id. */
    public long write(String key, String value) {
        SimNode p = primaryNode();
        return writeTo(p == null ? nodes.get(0).id() : p.id(), key, value);
    }

    public long writeTo(NodeId node, String key, String value) {
        History.Op op = history.issue(true, key, value, node, now);
        WriteRequest w = new WriteRequest(op.id, new KvWrite(key, value));
        network.post(new Envelope.Client(node, new ReplicaEvent.ClientWrite(w, now * 1000)));
        return op.id;
    }

    public long read(String key) {
        SimNode p = primaryNode();
        return readFrom(p == null ? nodes.get(0).id() : p.id(), key);
    }

    public long readFrom(NodeId node, String key) {
        History.Op op = history.issue(false, key, null, node, now);
        network.post(new Envelope.Client(node, new ReplicaEvent.ClientRead(op.id)));
        return op.id;
    }

    public History.Op op(long id) {
        return history.get(id);
    }

    void served(SimNode node, long requestId) {
        History.Op op = history.get(requestId);
        checker.onRead(node, op);
        String value = node.storage().get(op.key);
        history.served(requestId, node.id(), value);
        answer(node.id(), requestId, null, value);
    }

    /** Sends a replica's answer back to the client that asked, if it is one of {@link SimClients}'. */
    void answer(NodeId from, long requestId, io.pegasus.base.ErrorCode error, Object result) {
        if (clients != null && clients.issued(requestId)) {
            network.post(new Envelope.ClientReply(from, requestId, error, result));
        }
    }

    /** Clients that record a history of register operations ({@link SimClients}); they act at every tick. */
    void attach(SimClients c) {
        this.clients = c;
    }

    /**
     * Now on the history's clock (nanoseconds): the simulated milliseconds, refined by the order of events within the
     * tick, so that an answer delivered before a request was sent in the same tick counts as earlier.
     */
    long historyNanos() {
        return now * 1_000_000 + Math.min(++seqInTick, 999_999);
    }

    /** A client write of any kind to {@code node}; returns its request id. */
    long submit(NodeId node, KvMutation m) {
        History.Op op = history.issue(true, m.key(), m.toString(), node, now);
        network.post(new Envelope.Client(node, new ReplicaEvent.ClientWrite(new WriteRequest(op.id, m), now * 1000)));
        return op.id;
    }

    // ---- faults ----

    /** Puts an envelope in flight as if someone had sent it (subject to the fault rules). */
    public void inject(Envelope e) {
        network.post(e);
    }

    /**
     * Cuts the node off from the MetaServer only: no beacons (so no lease renewal) and no MetaServer messages either
     * way; the other replicas still reach it.
     */
    public void cutFromMeta(NodeId id) {
        if (beaconsBlocked.add(id)) {
            metaCuts.put(
                    id,
                    network.always(
                            e -> (e instanceof Envelope.FromMeta m && m.to().equals(id))
                                    || (e instanceof Envelope.ToMeta t
                                            && t.from().equals(id)),
                            SimNetwork.Fault.DROP));
        }
    }

    public void reconnectToMeta(NodeId id) {
        beaconsBlocked.remove(id);
        SimNetwork.Rule r = metaCuts.remove(id);
        if (r != null) {
            network.remove(r);
        }
    }

    /** Kills the node: its unflushed log tail and everything in flight to it are lost; storage survives. */
    public void crash(NodeId id) {
        SimNode n = node(id);
        n.crash();
        network.unpause(id);
        network.discard(e -> id.equals(e.to()));
    }

    /** Restarts a crashed node: its replica reopens from storage and log, inactive. */
    public void restart(NodeId id) {
        SimNode n = node(id);
        if (n.isUp()) {
            throw new IllegalStateException(id + " is up");
        }
        n.restart();
        n.deliver(new ReplicaEvent.Tick(now));
        checker.check(nodes);
    }

    /** Freezes the node (SIGSTOP): it processes nothing, sends no beacon. */
    public void pause(NodeId id) {
        node(id).setPaused(true);
        network.pause(id);
    }

    /**
     * Unfreezes the node (SIGCONT). Like a real process, it first notices the time that passed (its lease timer
     * fires), then processes what queued up for it.
     */
    public void resume(NodeId id) {
        SimNode n = node(id);
        n.setPaused(false);
        n.checkLease(now, options.leaseMillis);
        n.deliver(new ReplicaEvent.Tick(now));
        network.unpause(id);
        checker.check(nodes);
    }

    /** Log appends on this node stay unflushed (no completion) until {@link #releaseLog}. */
    public void holdLog(NodeId id) {
        node(id).holdLog(true);
    }

    public void releaseLog(NodeId id) {
        node(id).holdLog(false);
    }

    // ---- checks ----

    /**
     * True if the partition is fully healthy: as many members as the replica count, all running, the primary serving
     * with everything it prepared committed, every member at the MetaServer's ballot in its role with the same
     * committed decree, and identical applied histories. (A secondary may still hold uncommitted mutations beyond the
     * primary's log, left by an older primary; the next write at those decrees replaces them.)
     */
    public boolean healthy() {
        PartitionConfig c = meta.config();
        if (!c.hasPrimary() || c.memberCount() < Math.min(options.replicaCount, nodes.size())) {
            return false;
        }
        ReplicaStatus p = node(c.primary()).status();
        if (!node(c.primary()).isRunning() || p.role() != Role.PRIMARY || !p.serving() || p.ballot() != c.ballot()) {
            return false;
        }
        for (NodeId s : c.secondaries()) {
            SimNode n = node(s);
            ReplicaStatus st = n.status();
            if (!n.isRunning()
                    || st.role() != Role.SECONDARY
                    || st.ballot() != c.ballot()
                    || st.committedDecree() != p.committedDecree()
                    || !n.storage().history().equals(node(c.primary()).storage().history())) {
                return false;
            }
        }
        return p.committedDecree() == p.preparedDecree();
    }

    /** Every acknowledged write is applied, at its decree, on every member that applied that far. */
    public void assertNoAcknowledgedWriteLost() {
        PartitionConfig c = meta.config();
        for (History.Op op : history.ackedWrites()) {
            boolean somewhere = false;
            for (NodeId m : c.members()) {
                SimStorage s = node(m).storage();
                if (s.lastApplied() >= op.decree) {
                    somewhere = true;
                    boolean present = s.appliedAt(op.decree).writes().stream().anyMatch(w -> w.requestId() == op.id);
                    if (!present) {
                        throw new AssertionError("acknowledged " + op + " missing on " + m);
                    }
                }
            }
            if (!somewhere && !c.members().isEmpty()) {
                throw new AssertionError("acknowledged " + op + " applied on no member of " + c);
            }
        }
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("t=" + now + " " + meta.config());
        for (SimNode n : nodes) {
            sb.append("\n  ").append(n);
        }
        sb.append("\n  in flight: ")
                .append(network.inFlight().size())
                .append(", held: ")
                .append(network.held().size());
        return sb.toString();
    }
}
