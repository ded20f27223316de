package io.pegasus.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Cuts a key's non-linearizable history down to a few operations that are still not linearizable, so that a failure
 * reads like "this write was acknowledged, then this read missed it".
 *
 * <p>Removing an operation must not create a violation the original did not have. Removing a read (or a CAS that
 * failed, which changed nothing) only removes a constraint, so it is always allowed. A write stays while a remaining
 * operation that can be linearized after it reads exactly the value it leaves (a GET of that value, a CAS expecting
 * it): without it the witness would show "a read of a value nobody wrote", a violation of its own, instead of "a read
 * of an overwritten value". It also stays while a remaining operation depends on its effect in another way (an INCR
 * reads any number, a failed CAS any mismatch), unless an acknowledged SET or DEL certainly lies between the two, so
 * that the later operation cannot have seen the write anyway.
 *
 * <p>Greedy, latest operations first, big chunks then windows of one to three operations until nothing more can go
 * (delta debugging), bounded by a deadline: the result is minimal-ish, not minimum.
 */
final class WitnessShrinker {
    private WitnessShrinker() {}

    static List<Op> shrink(List<Op> ops, long deadlineNanos, LongSupplier ticker) {
        List<Op> current = new ArrayList<>(ops);
        current.sort((a, b) -> Long.compare(a.invokeNanos(), b.invokeNanos()));
        // big aligned chunks first (cheap on long histories), then every window of 1 to 3 neighbours until nothing
        // more goes: overlapping INCRs or CASes observe each other and can only leave together
        for (int chunk = current.size() / 2; chunk > 3; chunk /= 2) {
            current = pass(current, chunk, chunk, deadlineNanos, ticker);
        }
        while (true) {
            int before = current.size();
            for (int window = 1; window <= 3; window++) {
                current = pass(current, window, 1, deadlineNanos, ticker);
            }
            if (current.size() == before || ticker.getAsLong() - deadlineNanos > 0) {
                return current;
            }
        }
    }

    /**
     * Tries to remove {@code window} consecutive operations (in invocation order), at ends {@code stride} apart,
     * latest first: a write can only be observed by later operations, so removing those first frees it.
     */
    private static List<Op> pass(List<Op> ops, int window, int stride, long deadlineNanos, LongSupplier ticker) {
        List<Op> current = ops;
        for (int to = current.size(); to - window >= 0; ) {
            if (ticker.getAsLong() - deadlineNanos > 0) {
                return current;
            }
            int from = to - window;
            List<Op> candidate = new ArrayList<>(current.subList(0, from));
            candidate.addAll(current.subList(to, current.size()));
            if (removable(current.subList(from, to), candidate) && stillViolates(candidate, deadlineNanos, ticker)) {
                current = candidate;
                to = Math.min(from, current.size());
            } else {
                to -= stride;
            }
        }
        return current;
    }

    private static boolean stillViolates(List<Op> ops, long deadlineNanos, LongSupplier ticker) {
        return KeySearch.run(ops, deadlineNanos, ticker).outcome() == KeySearch.Outcome.VIOLATION;
    }

    private static boolean removable(List<Op> removed, List<Op> remaining) {
        for (Op w : removed) {
            if (w.kind() == OpKind.GET || (w.kind() == OpKind.CAS && w.status() == OpStatus.OK && !w.casSucceeded())) {
                continue; // reads (a failed CAS changed nothing): removing one only removes a constraint
            }
            for (Op o : remaining) {
                if (!mayFollow(o, w)) {
                    continue;
                }
                if (readsValueOf(o, w) || (observesAny(o, w) && !overwrittenBetween(w, o, remaining))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code o} can be linearized after {@code w} (it completes after {@code w} is invoked). */
    private static boolean mayFollow(Op o, Op w) {
        return o.status() == OpStatus.UNKNOWN || o.completeNanos() >= w.invokeNanos();
    }

    /**
     * Whether an acknowledged SET or DEL among {@code ops} certainly comes after {@code w} and before {@code o}: then
     * {@code o} sees that write's effect, never {@code w}'s. Not for an unknown {@code w}, which may take effect at
     * any time after its invocation.
     */
    private static boolean overwrittenBetween(Op w, Op o, List<Op> ops) {
        if (w.status() != OpStatus.OK) {
            return false;
        }
        for (Op b : ops) {
            if (b.status() == OpStatus.OK
                    && (b.kind() == OpKind.SET || b.kind() == OpKind.DEL)
                    && b.invokeNanos() > w.completeNanos()
                    && b.completeNanos() < o.invokeNanos()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code o} read exactly the value {@code w} leaves (a GET of it, a CAS expecting it). Such a writer always stays
     * in the witness, even when overwritten in between: "a read of an overwritten value" shows the bug, "a read of a
     * value nobody wrote" hides it.
     */
    private static boolean readsValueOf(Op o, Op w) {
        if (w.kind() == OpKind.INCR) {
            return false; // its value is unknown here; see observesAny
        }
        String left = w.kind() == OpKind.DEL ? null : w.value();
        return (o.kind() == OpKind.GET && o.status() == OpStatus.OK && Objects.equals(o.readValue(), left))
                || (o.kind() == OpKind.CAS && Objects.equals(o.expected(), left));
    }

    /** {@code o} depends on {@code w}'s effect in a way that is not a plain value match. */
    private static boolean observesAny(Op o, Op w) {
        String left = w.kind() == OpKind.DEL ? null : w.value();
        boolean leavesNumber = w.kind() == OpKind.INCR || RegisterModel.parseCounter(left) != null;
        switch (o.kind()) {
            case INCR:
                return leavesNumber;
            case CAS:
                return (o.status() == OpStatus.OK && !o.casSucceeded())
                        || (w.kind() == OpKind.INCR && isNumber(o.expected()));
            case GET:
                return w.kind() == OpKind.INCR && o.status() == OpStatus.OK && isNumber(o.readValue());
            case SET:
            case DEL:
                return false;
        }
        return true;
    }

    /** What an INCR can leave behind: a non-empty decimal integer. */
    private static boolean isNumber(String v) {
        return v != null && !v.isEmpty() && RegisterModel.parseCounter(v) != null;
    }
}
