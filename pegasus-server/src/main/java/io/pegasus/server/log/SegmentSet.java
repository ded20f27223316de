package io.pegasus.server.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The open segments of a log, oldest first; the last one takes appends. Thread-safe: the writer adds segments while
 * readers look them up and GC removes the oldest.
 */
final class SegmentSet {
    private final List<Segment> segments; // guarded by this

    SegmentSet(List<Segment> recovered) {
        this.segments = new ArrayList<>(recovered);
    }

    synchronized void add(Segment segment) {
        segments.add(segment);
    }

    /** The segment appends go to, null if there is none yet. */
    synchronized Segment active() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** The segment with this sequence number, null if it is gone. */
    synchronized Segment get(long seq) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            if (s.seq == seq) {
                return s;
            }
        }
        return null;
    }

    synchronized List<Segment> snapshot() {
        return List.copyOf(segments);
    }

    /** Removes and returns the {@code n} oldest segments. */
    synchronized List<Segment> removeOldest(int n) {
        List<Segment> head = new ArrayList<>(segments.subList(0, n));
        segments.subList(0, n).clear();
        return head;
    }

    synchronized List<SegmentInfo> infos() {
        List<SegmentInfo> infos = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            infos.add(segments.get(i).info(i == segments.size() - 1));
        }
        return infos;
    }
}
