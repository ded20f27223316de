package io.pegasus.verify;

import java.util.Objects;

/**
 * The sequential specification of one key: a register holding a string or nothing (absent, {@code null}). Pure: a
 * state and an operation give the next state, or {@link #ILLEGAL} when the operation's recorded result cannot have
 * come from that state.
 *
 * <ul>
 *   <li>GET: legal iff the value read equals the state; no change.
 *   <li>SET / DEL: always legal; the state becomes the value / absent.
 *   <li>INCR: the state is read as a decimal int64, absent or empty counting as 0 (as Pegasus does); legal iff it
 *       parses, the sum does not overflow and equals the recorded result; the state becomes the sum in decimal.
 *   <li>CAS: legal iff "the state equals {@code expected}" (null = absent) agrees with the recorded success; on
 *       success the state becomes {@code value}.
 * </ul>
 *
 * <p>An operation with status {@link OpStatus#UNKNOWN} has no recorded result, so it is legal in every state and
 * takes the effect it would have (an INCR of a value that is not an integer, or that would overflow, changes nothing,
 * as the server refuses it). Operations with status {@link OpStatus#FAILED} never reach the model.
 */
final class RegisterModel {
    /** Returned by {@link #step} when the operation cannot be linearized in that state. */
    static final Object ILLEGAL = new Object() {
        @Override
        public String toString() {
            return "ILLEGAL";
        }
    };

    private RegisterModel() {}

    /**
     * @param state the register (a String, or null when absent)
     * @return the next state (a String or null), or {@link #ILLEGAL}
     */
    static Object step(String state, Op op) {
        boolean known = op.status() == OpStatus.OK;
        switch (op.kind()) {
            case GET:
                return !known || Objects.equals(state, op.readValue()) ? state : ILLEGAL;
            case SET:
                return op.value();
            case DEL:
                return null;
            case INCR: {
                Long base = parseCounter(state);
                Long sum = base == null ? null : addExact(base, op.delta());
                if (sum == null) {
                    return known ? ILLEGAL : state; // the server refuses it and writes nothing
                }
                if (known && sum != op.incrResult()) {
                    return ILLEGAL;
                }
                return Long.toString(sum);
            }
            case CAS: {
                boolean matches = Objects.equals(state, op.expected());
                if (known && matches != op.casSucceeded()) {
                    return ILLEGAL;
                }
                return matches ? op.value() : state;
            }
        }
        throw new IllegalArgumentException("unknown kind " + op.kind());
    }

    /** The register read as an INCR reads it: absent or empty is 0; null if it is not a decimal int64. */
    static Long parseCounter(String state) {
        if (state == null || state.isEmpty()) {
            return 0L;
        }
        try {
            return Long.parseLong(state);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long addExact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return null;
        }
    }
}
