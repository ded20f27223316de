package io.pegasus.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPlannerTest {
    /** Segments of 100 decrees each, the n-th written at time n seconds; the last is active. */
    private static List<SegmentInfo> segments(int count) {
        List<SegmentInfo> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new SegmentInfo(
                    Path.of("log." + (i + 1)),
                    i + 1,
                    1000,
                    100,
                    i * 100L + 1,
                    (i + 1) * 100L,
                    (i + 1) * 1_000_000L,
                    i == count - 1));
        }
        return out;
    }

    @Test
    void deletesSegmentsWhollyAtOrBelowTheDurableDecree() {
        assertThat(GcPlanner.deletablePrefix(segments(5), 250, 0, 0, 0)).isEqualTo(2);
        assertThat(GcPlanner.deletablePrefix(segments(5), 300, 0, 0, 0)).isEqualTo(3);
        assertThat(GcPlanner.deletablePrefix(segments(5), 99, 0, 0, 0)).isZero();
    }

    @Test
    void neverDeletesTheActiveSegment() {
        assertThat(GcPlanner.deletablePrefix(segments(3), 10_000, 0, 0, 0)).isEqualTo(2);
        assertThat(GcPlanner.deletablePrefix(segments(1), 10_000, 0, 0, 0)).isZero();
        assertThat(GcPlanner.deletablePrefix(List.of(), 10_000, 0, 0, 0)).isZero();
    }

    @Test
    void stopsAtTheFirstSegmentThatMustStay() {
        List<SegmentInfo> s = new ArrayList<>(segments(5));
        // the second segment holds a re-proposed high decree: nothing after it may go either
        SegmentInfo second = s.get(1);
        s.set(
                1,
                new SegmentInfo(
                        second.file(), second.seq(), 1000, 100, 101, 900, second.newestTimestampMicros(), false));
        assertThat(GcPlanner.deletablePrefix(s, 400, 0, 0, 0)).isEqualTo(1);
    }

    @Test
    void keepsTheReserveByCountAndByAge() {
        assertThat(GcPlanner.deletablePrefix(segments(6), 10_000, 2, 0, 0)).isEqualTo(3);
        assertThat(GcPlanner.deletablePrefix(segments(6), 10_000, 10, 0, 0)).isZero();
        // now = 4.5 s, keep segments with a mutation in the last 2 s: those written at 3 s, 4 s (and later) stay
        assertThat(GcPlanner.deletablePrefix(segments(6), 10_000, 0, 2_000_000, 4_500_000))
                .isEqualTo(2);
    }

    @Test
    void emptySealedSegmentsGo() {
        List<SegmentInfo> s = List.of(
                new SegmentInfo(Path.of("a"), 1, 32, 0, 0, 0, Long.MIN_VALUE, false),
                new SegmentInfo(Path.of("b"), 2, 32, 0, 0, 0, Long.MIN_VALUE, true));
        assertThat(GcPlanner.deletablePrefix(s, 0, 0, 1_000_000, 5_000_000)).isEqualTo(1);
    }
}
