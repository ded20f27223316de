package io.pegasus.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Histories of a correct register store, for tests and the benchmark: clients issue operations one at a time; each
 * takes effect atomically at a random instant inside its interval (its linearization point), in the order of those
 * instants, on one register per key; so every history made here is linearizable by construction. A fraction of the
 * operations end UNKNOWN (the client gave up): half of those take effect anyway, possibly after the client gave up,
 * and half never do.
 */
final class RandomHistories {
    /** How to shape a history. */
    record Shape(int clients, int keys, int operations, double unknownRate) {}

    private record Event(long time, int seq, int client, boolean linearize, Pending op) {}

    private static final class Pending {
        OpKind kind;
        String key;
        String value;
        String expected;
        long delta;
        long invoke;
        long complete;
        boolean unknown;
        boolean applies;
        String read;
        long incrResult;
        boolean casSucceeded;
        boolean failed;
        long linearizeAt;
    }

    private RandomHistories() {}

    static List<Op> generate(Shape shape, long seed) {
        Random random = new Random(seed);
        Map<String, String> registers = new HashMap<>();
        List<Map<String, String>> seen = new ArrayList<>(); // per client: last value it saw per key
        PriorityQueue<Event> events = new PriorityQueue<>(
                (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Integer.compare(a.seq, b.seq));
        Pending[] pending = new Pending[shape.clients()];
        List<Op> history = new ArrayList<>();
        int seq = 0;
        int issued = 0;
        for (int c = 0; c < shape.clients(); c++) {
            seen.add(new HashMap<>());
            issued++;
            pending[c] = start(shape, random, c, 1 + random.nextInt(10), seen.get(c), issued);
            schedule(events, pending[c], c, seq);
            seq += 2;
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            Pending p = e.op();
            if (e.linearize()) {
                if (p.applies) {
                    apply(p, registers);
                }
                continue;
            }
            history.add(toOp(e.client(), p));
            if (!p.unknown && !p.failed) {
                remember(p, seen.get(e.client()));
            }
            if (issued < shape.operations()) {
                issued++;
                pending[e.client()] = start(
                        shape, random, e.client(), e.time() + 1 + random.nextInt(5), seen.get(e.client()), issued);
                schedule(events, pending[e.client()], e.client(), seq);
                seq += 2;
            }
        }
        return history;
    }

    private static Pending start(Shape shape, Random random, int client, long now, Map<String, String> seen, int n) {
        Pending p = new Pending();
        p.key = "k" + random.nextInt(shape.keys());
        p.invoke = now;
        int dice = random.nextInt(100);
        p.kind = dice < 35
                ? OpKind.GET
                : dice < 60 ? OpKind.SET : dice < 65 ? OpKind.DEL : dice < 82 ? OpKind.INCR : OpKind.CAS;
        p.value = "c" + client + "-" + n;
        p.delta = 1 + random.nextInt(3);
        p.expected = seen.get(p.key); // CAS: what this client saw last (null: absent)
        p.unknown = random.nextDouble() < shape.unknownRate();
        p.applies = !p.unknown || random.nextBoolean();
        // the linearization point and the completion: 1-20 ticks each; an unknown operation's client gives up after
        // 10 ticks, and its effect may come later than that
        p.linearizeAt = p.invoke + 1 + random.nextInt(20);
        p.complete = p.linearizeAt + 1 + random.nextInt(20);
        if (p.unknown) {
            p.linearizeAt = p.invoke + 1 + random.nextInt(30);
            p.complete = p.invoke + 10;
        }
        return p;
    }

    private static void schedule(PriorityQueue<Event> events, Pending p, int client, int seq) {
        events.add(new Event(p.linearizeAt, seq, client, true, p));
        events.add(new Event(p.complete, seq + 1, client, false, p));
    }

    private static void apply(Pending p, Map<String, String> registers) {
        String state = registers.get(p.key);
        Object next = RegisterModel.step(state, unknownOp(p));
        String after = (String) next;
        switch (p.kind) {
            case GET -> p.read = state;
            case INCR -> {
                Long base = RegisterModel.parseCounter(state);
                if (base == null) {
                    p.failed = !p.unknown; // the store refuses an INCR of a value that is not a number
                } else {
                    p.incrResult = Long.parseLong(after);
                }
            }
            case CAS -> p.casSucceeded = java.util.Objects.equals(state, p.expected);
            default -> {}
        }
        if (after == null) {
            registers.remove(p.key);
        } else {
            registers.put(p.key, after);
        }
    }

    private static Op unknownOp(Pending p) {
        return new Op(
                0, p.key, p.kind, p.value, p.expected, p.delta, p.invoke, p.invoke, OpStatus.UNKNOWN, null, 0, false);
    }

    private static void remember(Pending p, Map<String, String> seen) {
        switch (p.kind) {
            case GET -> seen.put(p.key, p.read);
            case SET -> seen.put(p.key, p.value);
            case DEL -> seen.put(p.key, null);
            case INCR -> seen.put(p.key, Long.toString(p.incrResult));
            case CAS -> {
                if (p.casSucceeded) {
                    seen.put(p.key, p.value);
                }
            }
        }
    }

    private static Op toOp(int client, Pending p) {
        OpStatus status = p.unknown ? OpStatus.UNKNOWN : p.failed ? OpStatus.FAILED : OpStatus.OK;
        return new Op(
                client,
                p.key,
                p.kind,
                p.kind == OpKind.SET || p.kind == OpKind.CAS ? p.value : null,
                p.kind == OpKind.CAS ? p.expected : null,
                p.kind == OpKind.INCR ? p.delta : 0,
                p.invoke,
                p.complete,
                status,
                p.kind == OpKind.GET && status == OpStatus.OK ? p.read : null,
                p.incrResult,
                p.casSucceeded);
    }
}
