package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.WritePayload;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated client write, applied by {@link SimStorage} to its key-value map; the result is what the primary
 * answers the client. The semantics are Pegasus's (spec 4): an INCR reads the value as a decimal int64 (absent or
 * empty = 0) and is refused, writing nothing, when it is not one or the sum overflows.
 */
public sealed interface KvMutation extends WritePayload
        permits KvWrite, KvMutation.Delete, KvMutation.Incr, KvMutation.CheckAndSet {

    /** The result of an INCR the store refused. */
    Object REFUSED = new Object() {
        @Override
        public String toString() {
            return "refused";
        }
    };

    String key();

    /** Applies to {@code data}; returns the result: null (set, delete), the new Long or {@link #REFUSED} (incr), a
     * Boolean (check-and-set). */
    Object applyTo(Map<String, String> data);

    /** Removes the key. */
    record Delete(String key) implements KvMutation {
        @Override
        public Object applyTo(Map<String, String> data) {
            data.remove(key);
            return null;
        }

        @Override
        public int sizeBytes() {
            return key.length();
        }
    }

    /** Adds {@code delta} to the value read as a decimal integer. */
    record Incr(String key, long delta) implements KvMutation {
        @Override
        public Object applyTo(Map<String, String> data) {
            String old = data.get(key);
            long base;
            try {
                base = old == null || old.isEmpty() ? 0 : Long.parseLong(old);
            } catch (NumberFormatException e) {
                return REFUSED;
            }
            long sum;
            try {
                sum = Math.addExact(base, delta);
            } catch (ArithmeticException overflow) {
                return REFUSED;
            }
            data.put(key, Long.toString(sum));
            return sum;
        }

        @Override
        public int sizeBytes() {
            return key.length() + 8;
        }
    }

    /** Writes {@code value} if the key holds {@code expected} (null: if it is absent). */
    record CheckAndSet(String key, String expected, String value) implements KvMutation {
        @Override
        public Object applyTo(Map<String, String> data) {
            if (!Objects.equals(data.get(key), expected)) {
                return false;
            }
            data.put(key, value);
            return true;
        }

        @Override
        public int sizeBytes() {
            return key.length() + value.length() + (expected == null ? 0 : expected.length());
        }
    }
}
