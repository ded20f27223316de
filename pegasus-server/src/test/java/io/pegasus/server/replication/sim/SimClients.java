package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Clients of the simulation that record what they saw as a history of register operations ({@link Op}) for the
 * linearizability checker. Each client (a process) has at most one operation outstanding: a get, set, del, incr or
 * check-and-set of one of a few keys, sent to the node it believes is primary. The answer comes back through the
 * network; a client that hears nothing within its timeout gives up, and the operation's outcome is UNKNOWN (it may
 * still take effect later). A refusal (an error from the replica) is FAILED: replicas refuse only what they did not
 * and will not execute. After a refusal or a timeout the client asks the MetaServer for the primary again.
 */
public final class SimClients {
    /** What to run. */
    public record Workload(int clients, int keys, int operations, long timeoutMillis, double issueChance) {}

    private static final class Pending {
        final int process;
        final OpKind kind;
        final String key;
        final String value;
        final String expected;
        final long delta;
        final long invokeNanos;
        final long deadlineMillis;
        final long requestId;

        Pending(
                long requestId,
                int process,
                OpKind kind,
                String key,
                String value,
                String expected,
                long delta,
                long invoke,
                long deadline) {
            this.requestId = requestId;
            this.process = process;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.expected = expected;
            this.delta = delta;
            this.invokeNanos = invoke;
            this.deadlineMillis = deadline;
        }
    }

    private final SimCluster cluster;
    private final Random random;
    private final Workload workload;
    private final Map<Integer, Long> outstanding = new HashMap<>(); // process -> request id
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final List<Map<String, String>> lastSeen = new ArrayList<>();
    private final List<Op> history = new ArrayList<>();
    /** The request id of each operation of {@link #history}, at the same index. */
    private final List<Long> historyRequestIds = new ArrayList<>();

    private NodeId route;
    private int issued;
    private boolean issuing = true;
    private int timeouts;

    public SimClients(SimCluster cluster, Random random, Workload workload) {
        this.cluster = cluster;
        this.random = random;
        this.workload = workload;
        for (int p = 0; p < workload.clients(); p++) {
            lastSeen.add(new HashMap<>());
        }
        cluster.attach(this);
    }

    /** Every operation so far, completed ones and (as UNKNOWN, given up now) those still outstanding. */
    public List<Op> history() {
        return history(id -> true);
    }

    /**
     * The history, with what the simulation knows and a client does not: a write of UNKNOWN outcome whose request is
     * not among {@code applied} (the requests the partition applied, as of now) never took effect before the history
     * ends, so it is FAILED. Without this, every timed-out write stays a choice of the checker's search (applied or
     * not, anywhere after its invocation), and a few dozen of them on one key make the search exponential.
     */
    public List<Op> history(java.util.function.LongPredicate applied) {
        List<Op> out = new ArrayList<>(history.size() + inFlight.size());
        for (int i = 0; i < history.size(); i++) {
            out.add(resolved(history.get(i), historyRequestIds.get(i), applied));
        }
        long now = cluster.historyNanos();
        for (Pending p : inFlight.values()) {
            out.add(resolved(op(p, now, OpStatus.UNKNOWN, null, 0, false), p.requestId, applied));
        }
        return out;
    }

    private static Op resolved(Op op, long requestId, java.util.function.LongPredicate applied) {
        if (op.status() != OpStatus.UNKNOWN || op.kind() == OpKind.GET || applied.test(requestId)) {
            return op;
        }
        return new Op(
                op.process(),
                op.key(),
                op.kind(),
                op.value(),
                op.expected(),
                op.delta(),
                op.invokeNanos(),
                op.completeNanos(),
                OpStatus.FAILED,
                null,
                0,
                false);
    }

    private void record(Pending p, Op op) {
        history.add(op);
        historyRequestIds.add(p.requestId);
    }

    public int issued() {
        return issued;
    }

    public int timeouts() {
        return timeouts;
    }

    /** True once the workload's operations were all issued and answered (or given up). */
    public boolean done() {
        return issued >= workload.operations() && inFlight.isEmpty();
    }

    public boolean idle() {
        return inFlight.isEmpty();
    }

    /** Stops issuing random operations (the ones outstanding still complete). */
    public void stop() {
        issuing = false;
    }

    /** One more client per key reads it (after the faults, to see that every acknowledged write is there). */
    public void readEveryKey() {
        for (int k = 0; k < workload.keys(); k++) {
            issue(workload.clients() + k, OpKind.GET, "k" + k, null, null, 0);
        }
    }

    boolean issued(long requestId) {
        return inFlight.containsKey(requestId);
    }

    void onTick() {
        long now = cluster.now();
        for (Pending p : new ArrayList<>(inFlight.values())) {
            if (now >= p.deadlineMillis) {
                giveUp(p);
            }
        }
        if (!issuing) {
            return;
        }
        for (int process = 0; process < workload.clients() && issued < workload.operations(); process++) {
            if (!outstanding.containsKey(process) && random.nextDouble() < workload.issueChance()) {
                issueRandom(process);
            }
        }
    }

    private void issueRandom(int process) {
        String key = "k" + random.nextInt(workload.keys());
        int dice = random.nextInt(100);
        int n = ++issued;
        if (dice < 30) {
            issue(process, OpKind.GET, key, null, null, 0);
        } else if (dice < 55) {
            // half the values are numbers, so that increments of a set value succeed too
            String value = random.nextBoolean() ? "p" + process + "-" + n : Long.toString(n * 1000L);
            issue(process, OpKind.SET, key, value, null, 0);
        } else if (dice < 62) {
            issue(process, OpKind.DEL, key, null, null, 0);
        } else if (dice < 80) {
            issue(process, OpKind.INCR, key, null, null, 1 + random.nextInt(3));
        } else {
            String expected =
                    random.nextInt(5) == 0 ? null : lastSeen.get(process).get(key);
            issue(process, OpKind.CAS, key, "c" + process + "-" + n, expected, 0);
        }
    }

    private void issue(int process, OpKind kind, String key, String value, String expected, long delta) {
        NodeId target = route();
        long invoke = cluster.historyNanos();
        long id = switch (kind) {
            case GET -> cluster.readFrom(target, key);
            case SET -> cluster.submit(target, new KvWrite(key, value));
            case DEL -> cluster.submit(target, new KvMutation.Delete(key));
            case INCR -> cluster.submit(target, new KvMutation.Incr(key, delta));
            case CAS -> cluster.submit(target, new KvMutation.CheckAndSet(key, expected, value));
        };
        Pending p = new Pending(
                id, process, kind, key, value, expected, delta, invoke, cluster.now() + workload.timeoutMillis());
        inFlight.put(id, p);
        outstanding.put(process, id);
    }

    /** The primary as the MetaServer last told this client (asked again after failures). */
    private NodeId route() {
        if (route == null) {
            refreshRoute();
        }
        return route;
    }

    private void refreshRoute() {
        PartitionConfig c = cluster.meta().config();
        if (cluster.meta().hasLeader() && c.hasPrimary()) {
            route = c.primary();
        } else if (route == null) {
            route = cluster.nodes().get(0).id(); // nobody to ask: try somewhere
        }
    }

    void onReply(Envelope.ClientReply r) {
        Pending p = inFlight.remove(r.requestId());
        if (p == null) {
            return; // the client gave up on it already
        }
        outstanding.remove(p.process);
        long now = cluster.historyNanos();
        if (r.error() != null || r.result() == KvMutation.REFUSED) {
            record(p, op(p, now, OpStatus.FAILED, null, 0, false));
            if (r.error() != null) {
                refreshRoute();
            }
            return;
        }
        Op done = switch (p.kind) {
            case GET -> op(p, now, OpStatus.OK, (String) r.result(), 0, false);
            case INCR -> op(p, now, OpStatus.OK, null, (Long) r.result(), false);
            case CAS -> op(p, now, OpStatus.OK, null, 0, (Boolean) r.result());
            default -> op(p, now, OpStatus.OK, null, 0, false);
        };
        record(p, done);
        if (p.process < lastSeen.size()) {
            remember(lastSeen.get(p.process), done);
        }
    }

    private void giveUp(Pending p) {
        inFlight.remove(p.requestId);
        outstanding.remove(p.process);
        timeouts++;
        record(p, op(p, cluster.historyNanos(), OpStatus.UNKNOWN, null, 0, false));
        refreshRoute();
    }

    private static void remember(Map<String, String> seen, Op op) {
        switch (op.kind()) {
            case GET -> seen.put(op.key(), op.readValue());
            case SET -> seen.put(op.key(), op.value());
            case DEL -> seen.put(op.key(), null);
            case INCR -> seen.put(op.key(), Long.toString(op.incrResult()));
            case CAS -> {
                if (op.casSucceeded()) {
                    seen.put(op.key(), op.value());
                }
            }
        }
    }

    private static Op op(Pending p, long complete, OpStatus status, String read, long incr, boolean cas) {
        return new Op(
                p.process,
                p.key,
                p.kind,
                p.value,
                p.expected,
                p.delta,
                p.invokeNanos,
                complete,
                status,
                read,
                incr,
                cas);
    }
}
