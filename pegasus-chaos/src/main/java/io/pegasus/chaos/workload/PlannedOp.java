package io.pegasus.chaos.workload;

import io.pegasus.verify.OpKind;

/**
 * An operation a client is about to issue (what {@link io.pegasus.verify.Op} records, without timing or outcome).
 *
 * @param value SET, CAS: the value to write
 * @param expected CAS: the value compared with (null = the key must be absent)
 * @param delta INCR: the increment
 */
public record PlannedOp(OpKind kind, String key, String value, String expected, long delta) {
    public static PlannedOp get(String key) {
        return new PlannedOp(OpKind.GET, key, null, null, 0);
    }
}
