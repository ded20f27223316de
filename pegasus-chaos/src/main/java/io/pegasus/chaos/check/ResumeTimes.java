package io.pegasus.chaos.check;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * How long partitions took to accept writes again after a fault, read from the history. Pure.
 *
 * <p>For partition p and a fault at time t: the completion of the first acknowledged write to p that was invoked
 * after t, minus t. A write invoked before the fault that succeeded later (through the client's retries) is not
 * counted: it could have been served by the old primary before the fault took hold.
 */
public final class ResumeTimes {
    private ResumeTimes() {}

    private static boolean isWrite(Op op) {
        return op.kind() != OpKind.GET;
    }

    /** Per partition: nanoseconds from {@code faultNanos} to the first acknowledged write after it, if any. */
    public static Map<Integer, OptionalLong> afterFault(
            List<Op> history, ToIntFunction<String> partitionOf, long faultNanos, Set<Integer> partitions) {
        Map<Integer, Long> first = new TreeMap<>();
        for (Op op : history) {
            if (op.status() != OpStatus.OK || !isWrite(op) || op.invokeNanos() <= faultNanos) {
                continue;
            }
            int p = partitionOf.applyAsInt(op.key());
            if (partitions.contains(p)) {
                first.merge(p, op.completeNanos() - faultNanos, Math::min);
            }
        }
        Map<Integer, OptionalLong> result = new TreeMap<>();
        for (int p : partitions) {
            Long v = first.get(p);
            result.put(p, v == null ? OptionalLong.empty() : OptionalLong.of(v));
        }
        return result;
    }

    /** The slowest of the partitions (the fault's resume time); empty if one never resumed or none was affected. */
    public static OptionalLong slowest(Map<Integer, OptionalLong> perPartition) {
        long max = -1;
        for (OptionalLong v : perPartition.values()) {
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            max = Math.max(max, v.getAsLong());
        }
        return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
    }
}
