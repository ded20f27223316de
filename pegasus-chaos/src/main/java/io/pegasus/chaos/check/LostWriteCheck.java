package io.pegasus.chaos.check;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "No acknowledged write lost", checked on each key's final value (read once every fault was healed). Pure.
 *
 * <p>The final value must have been produced by some write W (a SET or successful CAS of that value, an INCR that
 * returned it, a DEL if the key is absent, or the initial absence) that no acknowledged write <em>follows</em>: no
 * write acknowledged as applied was invoked after W completed. If every write that could have produced the value is
 * followed by an acknowledged write, that acknowledged write has been lost (or overwritten by something older). A
 * write of unknown outcome may take effect at any time after its invocation, so nothing follows it; an INCR of unknown
 * outcome may produce any number.
 *
 * <p>This is a necessary condition of linearizability, much cheaper than the full check and with a clearer message.
 */
public final class LostWriteCheck {
    private LostWriteCheck() {}

    /** One key whose final value no unfollowed write explains. */
    public record Violation(String key, String finalValue, String explanation) {}

    /**
     * @param history every operation of the run (the final reads included or not)
     * @param finalValues each key's value read after healing (null = absent); keys missing here are not checked
     */
    public static List<Violation> check(List<Op> history, Map<String, String> finalValues) {
        Map<String, List<Op>> byKey = new HashMap<>();
        for (Op op : history) {
            if (op.kind() != OpKind.GET && op.status() != OpStatus.FAILED) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, String> e : finalValues.entrySet()) {
            List<Op> writes = byKey.getOrDefault(e.getKey(), List.of());
            String v = e.getValue();
            if (!explained(writes, v)) {
                violations.add(new Violation(e.getKey(), v, describe(writes, v)));
            }
        }
        return violations;
    }

    private static boolean explained(List<Op> writes, String v) {
        if (v == null && latestAcknowledgedInvoke(writes, null) == Long.MIN_VALUE) {
            return true; // never written as far as anyone was told: the initial absence
        }
        for (Op w : writes) {
            if (produces(w, v) && latestAcknowledgedInvoke(writes, w) <= completion(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether write {@code w}, if applied, can leave the value {@code v}. */
    static boolean produces(Op w, String v) {
        boolean ok = w.status() == OpStatus.OK;
        return switch (w.kind()) {
            case SET -> w.value().equals(v);
            case DEL -> v == null;
            case CAS -> (!ok || w.casSucceeded()) && w.value().equals(v);
            case INCR -> ok ? Long.toString(w.incrResult()).equals(v) : isInteger(v);
            case GET -> false;
        };
    }

    /** When the write is known to be over: its completion if acknowledged; never if its outcome is unknown. */
    private static long completion(Op w) {
        return w.status() == OpStatus.OK ? w.completeNanos() : Long.MAX_VALUE;
    }

    /** Latest invocation of an acknowledged, effective write other than {@code except}. */
    private static long latestAcknowledgedInvoke(List<Op> writes, Op except) {
        long latest = Long.MIN_VALUE;
        for (Op w : writes) {
            if (w != except && w.status() == OpStatus.OK && (w.kind() != OpKind.CAS || w.casSucceeded())) {
                latest = Math.max(latest, w.invokeNanos());
            }
        }
        return latest;
    }

    private static boolean isInteger(String v) {
        if (v == null) {
            return false;
        }
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(List<Op> writes, String v) {
        Op last = null;
        for (Op w : writes) {
            if (w.status() == OpStatus.OK
                    && (w.kind() != OpKind.CAS || w.casSucceeded())
                    && (last == null || w.invokeNanos() > last.invokeNanos())) {
                last = w;
            }
        }
        boolean written = writes.stream().anyMatch(w -> produces(w, v));
        return (written
                        ? "the value's writes are all followed by acknowledged writes"
                        : "no write of this key could produce it")
                + "; the last acknowledged write: " + last + " (" + writes.size() + " writes of the key)";
    }
}
