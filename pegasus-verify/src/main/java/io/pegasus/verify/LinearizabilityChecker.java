package io.pegasus.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Checks that a history of register operations (one register per key) is linearizable: that there is one order of
 * the operations, consistent with real time (an operation that completed before another was invoked comes first),
 * in which every result is what a single register would have answered.
 *
 * <ul>
 *   <li>Per key: linearizability is compositional (P-compositionality), so each key's history is searched on its
 *       own, which keeps the search small.
 *   <li>Operations with status FAILED never took effect and are left out. Operations with status UNKNOWN may have
 *       taken effect at any point after their invocation, or never; reads of unknown outcome constrain nothing. A key
 *       with unknown operations is first searched without them (none took effect), and fully only if that fails.
 *   <li>The search (Wing-Gong with memoization, as Porcupine does) is bounded by a time budget; running out of it is
 *       the distinct outcome {@link CheckResult.Outcome#TIMEOUT}, never a pass.
 *   <li>On a violation, the key's history is shrunk to a handful of operations that are still not linearizable (the
 *       witness), with part of the budget.
 * </ul>
 *
 * <p>Thread-confined and stateless between calls; the clock that measures the budget is injected.
 */
public final class LinearizabilityChecker {
    private final LongSupplier ticker;

    /** A checker whose budget is measured with {@link System#nanoTime()}. */
    public LinearizabilityChecker() {
        this(System::nanoTime);
    }

    public LinearizabilityChecker(LongSupplier nanoTicker) {
        this.ticker = nanoTicker;
    }

    /**
     * @param history every operation of every client, in any order
     * @param budget the time allowed for the whole check, shrinking a witness included
     */
    public CheckResult check(List<Op> history, Duration budget) {
        long start = ticker.getAsLong();
        long deadline = start + budget.toNanos();
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op op : history) {
            if (op.status() == OpStatus.FAILED || (op.kind() == OpKind.GET && op.status() == OpStatus.UNKNOWN)) {
                continue;
            }
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        long states = 0;
        String timedOut = null;
        for (Map.Entry<String, List<Op>> e : byKey.entrySet()) {
            List<Op> known = withoutUnknown(e.getValue());
            if (known.size() < e.getValue().size()) {
                // "none of the unknown operations took effect" is one allowed explanation, and by far the cheapest to
                // search: an unknown operation may be placed anywhere after its invocation, so each one multiplies
                // the full search. A partition that times out every write for a while (while still serving reads)
                // leaves tens of them on one key, which took the full search past 10 minutes (chaos seed 6011)
                KeySearch.Result quick = KeySearch.run(known, deadline, ticker);
                states += quick.statesExplored();
                if (quick.outcome() == KeySearch.Outcome.LINEARIZABLE) {
                    continue;
                }
            }
            KeySearch.Result r = KeySearch.run(e.getValue(), deadline, ticker);
            states += r.statesExplored();
            if (r.outcome() == KeySearch.Outcome.VIOLATION) {
                return violation(e.getKey(), e.getValue(), history.size(), byKey.size(), states, start, deadline);
            }
            if (r.outcome() == KeySearch.Outcome.TIMEOUT) {
                timedOut = e.getKey();
                break;
            }
        }
        long elapsed = ticker.getAsLong() - start;
        return timedOut != null
                ? new CheckResult(
                        CheckResult.Outcome.TIMEOUT,
                        timedOut,
                        List.of(),
                        null,
                        byKey.size(),
                        history.size(),
                        states,
                        elapsed)
                : new CheckResult(
                        CheckResult.Outcome.LINEARIZABLE,
                        null,
                        List.of(),
                        null,
                        byKey.size(),
                        history.size(),
                        states,
                        elapsed);
    }

    private static List<Op> withoutUnknown(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            if (op.status() != OpStatus.UNKNOWN) {
                out.add(op);
            }
        }
        return out;
    }

    private CheckResult violation(
            String key, List<Op> ops, int operations, int keys, long states, long start, long deadline) {
        // shrinking gets what is left of the budget, at least a second: a violation is proven already
        long shrinkDeadline = Math.max(deadline, ticker.getAsLong() + 1_000_000_000L);
        List<Op> witness = WitnessShrinker.shrink(ops, shrinkDeadline, ticker);
        KeySearch.Result again = KeySearch.run(witness, shrinkDeadline, ticker);
        witness = new ArrayList<>(witness);
        witness.sort((a, b) -> Long.compare(a.invokeNanos(), b.invokeNanos()));
        return new CheckResult(
                CheckResult.Outcome.VIOLATION,
                key,
                witness,
                again.stuck(),
                keys,
                operations,
                states,
                ticker.getAsLong() - start);
    }
}
