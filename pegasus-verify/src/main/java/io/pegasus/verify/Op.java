package io.pegasus.verify;

import java.util.Objects;

/**
 * One client operation in a history: what was asked, when (invocation and completion on one monotonic clock shared by
 * every client of the history, in nanoseconds), and how it ended.
 *
 * @param process the client (thread) that issued it; one process has at most one operation outstanding
 * @param key the register
 * @param kind what was asked
 * @param value SET: the value written; CAS: the value written if the comparison holds
 * @param expected CAS: the value compared with (null = the key must be absent)
 * @param delta INCR: the increment
 * @param invokeNanos when the operation was issued
 * @param completeNanos when its outcome was known; for {@link OpStatus#UNKNOWN}, when the client gave up
 * @param status how it ended
 * @param readValue GET with status OK: the value read (null = absent)
 * @param incrResult INCR with status OK: the value after the increment
 * @param casSucceeded CAS with status OK: whether the comparison held and the value was written
 */
public record Op(
        int process,
        String key,
        OpKind kind,
        String value,
        String expected,
        long delta,
        long invokeNanos,
        long completeNanos,
        OpStatus status,
        String readValue,
        long incrResult,
        boolean casSucceeded) {

    public Op {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (completeNanos < invokeNanos) {
            throw new IllegalArgumentException(
                    "operation completes before it is invoked: " + invokeNanos + " > " + completeNanos);
        }
    }

    public static Op get(int process, String key, long invoke, long complete, OpStatus status, String read) {
        return new Op(process, key, OpKind.GET, null, null, 0, invoke, complete, status, read, 0, false);
    }

    public static Op set(int process, String key, String value, long invoke, long complete, OpStatus status) {
        return new Op(process, key, OpKind.SET, value, null, 0, invoke, complete, status, null, 0, false);
    }

    public static Op del(int process, String key, long invoke, long complete, OpStatus status) {
        return new Op(process, key, OpKind.DEL, null, null, 0, invoke, complete, status, null, 0, false);
    }

    public static Op incr(
            int process, String key, long delta, long invoke, long complete, OpStatus status, long result) {
        return new Op(process, key, OpKind.INCR, null, null, delta, invoke, complete, status, null, result, false);
    }

    public static Op cas(
            int process,
            String key,
            String expected,
            String value,
            long invoke,
            long complete,
            OpStatus status,
            boolean succeeded) {
        return new Op(process, key, OpKind.CAS, value, expected, 0, invoke, complete, status, null, 0, succeeded);
    }

    /** One line for a report: process, operation, result, interval (nanoseconds on the history's clock). */
    public String describe() {
        String what = switch (kind) {
            case GET -> "GET " + key + (status == OpStatus.OK ? " -> " + show(readValue) : "");
            case SET -> "SET " + key + " = " + show(value);
            case DEL -> "DEL " + key;
            case INCR -> "INCR " + key + " by " + delta + (status == OpStatus.OK ? " -> " + incrResult : "");
            case CAS ->
                "CAS " + key + " " + show(expected) + " -> " + show(value)
                        + (status == OpStatus.OK ? (casSucceeded ? " succeeded" : " failed") : "");
        };
        String end = status == OpStatus.UNKNOWN ? "gave up at " + completeNanos : String.valueOf(completeNanos);
        return "p" + process + " " + what + " " + status + " [" + invokeNanos + ", " + end + "]";
    }

    private static String show(String v) {
        return v == null ? "(absent)" : "'" + v + "'";
    }
}
