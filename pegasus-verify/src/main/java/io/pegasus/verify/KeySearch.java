package io.pegasus.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Is the history of one key linearizable? Wing and Gong's backtracking search with Lowe's memoization (the algorithm
 * of Porcupine): walk the history's events in time order; at an invocation, try to linearize that operation now
 * (the model accepts it in the current state, and the pair (set of linearized operations, state) was not explored
 * before); at a completion of an operation not linearized yet, undo the last choice. The history is linearizable when
 * every operation with a known completion has been placed.
 *
 * <p>An operation with status UNKNOWN completes "never": it may be placed at any point after its invocation, and
 * since the model accepts it in every state, one that is never placed is the same as one placed at the very end
 * (after everything observable): so the search stops as soon as every completed operation is placed.
 *
 * <p>Events at the same instant: invocations come first, so operations that touch in time count as concurrent (the
 * checker never reports a violation that depends on a tie).
 */
final class KeySearch {
    enum Outcome {
        LINEARIZABLE,
        VIOLATION,
        TIMEOUT
    }

    /** What the search found; {@code stuck} is the operation it could not place at its deepest point. */
    record Result(Outcome outcome, Op stuck, List<Op> deepestPrefix, long statesExplored) {}

    private static final long UNKNOWN_COMPLETION = Long.MAX_VALUE;

    /** An invocation or completion event; entries form a doubly linked list in time order. */
    private static final class Entry {
        final Op op;
        final int id;
        final boolean call;
        final long time;
        Entry match; // call -> its completion
        Entry prev;
        Entry next;

        Entry(Op op, int id, boolean call, long time) {
            this.op = op;
            this.id = id;
            this.call = call;
            this.time = time;
        }
    }

    private record Frame(Entry call, String stateBefore) {}

    private record Explored(BitSet linearized, String state) {}

    private KeySearch() {}

    /**
     * @param ops one key's operations, without FAILED ones (they never took effect) and without reads of unknown
     *     outcome (they constrain nothing)
     * @param deadlineNanos when {@code ticker} passes this value the search gives up with {@link Outcome#TIMEOUT}
     */
    static Result run(List<Op> ops, long deadlineNanos, LongSupplier ticker) {
        Entry head = buildList(ops);
        int completed = 0;
        for (Op op : ops) {
            if (op.status() == OpStatus.OK) {
                completed++;
            }
        }
        BitSet linearized = new BitSet(ops.size());
        Set<Explored> explored = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        String state = null;
        int remaining = completed;
        Entry entry = head.next;
        int deepest = -1;
        Op stuck = null;
        List<Op> deepestPrefix = List.of();
        long steps = 0;
        while (remaining > 0) {
            if ((++steps & 0xFFF) == 0 && ticker.getAsLong() - deadlineNanos > 0) {
                return new Result(Outcome.TIMEOUT, stuck, deepestPrefix, explored.size());
            }
            if (entry.call) {
                Object next = RegisterModel.step(state, entry.op);
                if (next != RegisterModel.ILLEGAL) {
                    String nextState = (String) next;
                    linearized.set(entry.id);
                    if (explored.add(new Explored((BitSet) linearized.clone(), nextState))) {
                        stack.push(new Frame(entry, state));
                        state = nextState;
                        lift(entry);
                        if (entry.match.time != UNKNOWN_COMPLETION) {
                            remaining--;
                        }
                        entry = head.next;
                        continue;
                    }
                    linearized.clear(entry.id);
                }
                entry = entry.next;
            } else {
                // a completion whose operation is not linearized yet: it had to take effect before now
                if (stack.size() > deepest) {
                    deepest = stack.size();
                    stuck = entry.op;
                    deepestPrefix = prefix(stack);
                }
                if (stack.isEmpty()) {
                    return new Result(Outcome.VIOLATION, stuck, deepestPrefix, explored.size());
                }
                Frame f = stack.pop();
                state = f.stateBefore();
                linearized.clear(f.call().id);
                unlift(f.call());
                if (f.call().match.time != UNKNOWN_COMPLETION) {
                    remaining++;
                }
                entry = f.call().next;
            }
        }
        return new Result(Outcome.LINEARIZABLE, null, prefix(stack), explored.size());
    }

    private static Entry buildList(List<Op> ops) {
        List<Entry> events = new ArrayList<>(ops.size() * 2);
        for (int i = 0; i < ops.size(); i++) {
            Op op = Objects.requireNonNull(ops.get(i));
            Entry call = new Entry(op, i, true, op.invokeNanos());
            long end = op.status() == OpStatus.UNKNOWN ? UNKNOWN_COMPLETION : op.completeNanos();
            Entry ret = new Entry(op, i, false, end);
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        // stable sort: by time, invocations before completions at the same instant
        events.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Boolean.compare(!a.call, !b.call));
        Entry head = new Entry(null, -1, false, Long.MIN_VALUE);
        Entry last = head;
        for (Entry e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }

    private static List<Op> prefix(Deque<Frame> stack) {
        List<Op> out = new ArrayList<>(stack.size());
        for (var it = stack.descendingIterator(); it.hasNext(); ) {
            out.add(it.next().call().op);
        }
        return out;
    }
}
