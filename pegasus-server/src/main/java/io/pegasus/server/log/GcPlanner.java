package io.pegasus.server.log;

import java.util.List;

/**
 * Which segments GC may delete: a pure decision over segment summaries.
 *
 * <p>Only a prefix of the log (the oldest segments) is ever deleted. That keeps truncation markers sound: a marker
 * only voids entries written before it, so deleting a segment that holds a marker while keeping an older one could
 * bring the voided entries back on the next open.
 */
final class GcPlanner {
    private GcPlanner() {}

    /**
     * The number of oldest segments that may be deleted: every decree in them is {@code <= durableDecree}, none is the
     * active segment, none is among the newest {@code reserveSegments} sealed ones, and none holds a mutation younger
     * than {@code reserveMicros}; counting stops at the first segment that must stay.
     */
    static int deletablePrefix(
            List<SegmentInfo> segments, long durableDecree, int reserveSegments, long reserveMicros, long nowMicros) {
        int sealed = segments.isEmpty() ? 0 : segments.size() - 1;
        int limit = Math.max(0, sealed - reserveSegments);
        int n = 0;
        while (n < limit) {
            SegmentInfo s = segments.get(n);
            if (s.active() || (s.records() > 0 && s.maxDecree() > durableDecree)) {
                break;
            }
            if (reserveMicros > 0
                    && s.newestTimestampMicros() != Long.MIN_VALUE
                    && nowMicros - s.newestTimestampMicros() < reserveMicros) {
                break;
            }
            n++;
        }
        return n;
    }
}
