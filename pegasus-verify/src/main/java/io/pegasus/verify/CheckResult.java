package io.pegasus.verify;

import java.util.List;

/**
 * The verdict on a history.
 *
 * @param outcome {@link Outcome#LINEARIZABLE} only if every key's history was shown linearizable within the budget
 * @param key the key that failed (violation or timeout), or null
 * @param witness for a violation: a few operations of {@code key}, in invocation order, that alone are already not
 *     linearizable; for a timeout, empty
 * @param stuck the operation the search could not place (the witness's own search), or null
 * @param keys how many keys were checked (each on its own: linearizability is compositional)
 * @param operations how many operations the history had
 * @param statesExplored search states (linearized set, register value) visited over all keys
 * @param elapsedNanos time the check took, shrinking the witness included
 */
public record CheckResult(
        Outcome outcome,
        String key,
        List<Op> witness,
        Op stuck,
        int keys,
        int operations,
        long statesExplored,
        long elapsedNanos) {

    public enum Outcome {
        LINEARIZABLE,
        /** Some key's history has no linearization: the store is not linearizable (or the history is wrong). */
        VIOLATION,
        /** The search ran out of its time budget: nothing is proven, and a test must fail. */
        TIMEOUT
    }

    public CheckResult {
        witness = List.copyOf(witness);
    }

    public boolean linearizable() {
        return outcome == Outcome.LINEARIZABLE;
    }

    /** A human-readable account: the verdict, and for a violation the witness one operation per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(outcome)
                .append(": ")
                .append(operations)
                .append(" operations on ")
                .append(keys)
                .append(" keys, ")
                .append(statesExplored)
                .append(" states explored in ")
                .append(elapsedNanos / 1_000_000)
                .append(" ms");
        if (outcome == Outcome.TIMEOUT) {
            sb.append("; the search of key '").append(key).append("' ran out of its time budget");
        }
        if (outcome == Outcome.VIOLATION) {
            sb.append("\nkey '")
                    .append(key)
                    .append("': these ")
                    .append(witness.size())
                    .append(" operations have no linearization");
            if (stuck != null) {
                sb.append(" (no order places ").append(stuck.describe()).append(" before it completed)");
            }
            for (Op op : witness) {
                sb.append("\n  ").append(op.describe());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
