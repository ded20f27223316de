package io.pegasus.chaos.workload;

import io.pegasus.chaos.check.Percentiles;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A one-line summary of a history: operations by outcome, and latencies of the acknowledged ones. Pure. */
public final class HistoryStats {
    private HistoryStats() {}

    public static String of(List<Op> ops) {
        Map<OpStatus, Integer> byStatus = new EnumMap<>(OpStatus.class);
        List<Double> okMillis = new ArrayList<>();
        for (Op o : ops) {
            byStatus.merge(o.status(), 1, Integer::sum);
            if (o.status() == OpStatus.OK) {
                okMillis.add((o.completeNanos() - o.invokeNanos()) / 1e6);
            }
        }
        double seconds = ops.isEmpty()
                ? 0
                : (ops.get(ops.size() - 1).completeNanos() - ops.get(0).invokeNanos()) / 1e9;
        return String.format(
                java.util.Locale.ROOT,
                "%d operations in %.1f s %s; acknowledged latency %s",
                ops.size(),
                seconds,
                byStatus,
                Percentiles.summary(okMillis, " ms"));
    }
}
