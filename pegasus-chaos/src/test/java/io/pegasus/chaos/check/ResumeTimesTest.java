package io.pegasus.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResumeTimesTest {
    /** Keys "p0..." live in partition 0, "p1..." in partition 1. */
    private static int partition(String key) {
        return key.charAt(1) - '0';
    }

    @Test
    void firstAcknowledgedWriteInvokedAfterTheFault() {
        List<Op> h = List.of(
                Op.set(0, "p0a", "1", 90, 500, OpStatus.OK), // invoked before the fault: not counted
                Op.get(1, "p0a", 110, 120, OpStatus.OK, "1"), // a read: not counted
                Op.set(2, "p0b", "2", 150, 700, OpStatus.UNKNOWN),
                Op.set(3, "p0b", "3", 200, 900, OpStatus.OK),
                Op.incr(4, "p0c", 1, 300, 800, OpStatus.OK, 1),
                Op.set(5, "p1a", "4", 101, 102, OpStatus.OK));
        Map<Integer, OptionalLong> r = ResumeTimes.afterFault(h, ResumeTimesTest::partition, 100, Set.of(0, 1));
        assertThat(r.get(0)).hasValue(700L);
        assertThat(r.get(1)).hasValue(2L);
        assertThat(ResumeTimes.slowest(r)).hasValue(700L);
    }

    @Test
    void aPartitionThatNeverResumedHasNoTime() {
        List<Op> h = List.of(Op.set(0, "p1a", "1", 150, 160, OpStatus.OK));
        Map<Integer, OptionalLong> r = ResumeTimes.afterFault(h, ResumeTimesTest::partition, 100, Set.of(0, 1));
        assertThat(r.get(0)).isEmpty();
        assertThat(ResumeTimes.slowest(r)).isEmpty();
        assertThat(ResumeTimes.slowest(Map.of())).isEmpty();
    }

    @Test
    void percentilesByNearestRank() {
        List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
        assertThat(Percentiles.of(v, 50)).isEqualTo(3.0);
        assertThat(Percentiles.of(v, 99)).isEqualTo(5.0);
        assertThat(Percentiles.of(v, 20)).isEqualTo(1.0);
        assertThat(Percentiles.of(List.of(), 50)).isNaN();
        assertThat(Percentiles.summary(v, " s")).isEqualTo("n=5 p50=3.0 s p99=5.0 s max=5.0 s");
    }
}
