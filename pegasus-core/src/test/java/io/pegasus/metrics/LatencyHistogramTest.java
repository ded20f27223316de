package io.pegasus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesWithinOnePercentOfExact() {
        Random r = new Random(42);
        long[] values = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(r.nextDouble() * 25); // 1 ns .. 72 s, log-uniform
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) h.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact * 0.01 + 1));
        }
        assertThat(h.count()).isEqualTo(values.length);
    }

    @Test
    void bucketsAreContiguousAndMonotonic() {
        long previous = -1;
        for (long v = 0; v < 1 << 20; v += 7) {
            int i = LatencyHistogram.index(v);
            assertThat(i).isGreaterThanOrEqualTo((int) Math.max(previous, 0));
            previous = i;
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isLessThan(8000);
    }

    @Test
    void emptyAndMerged() {
        LatencyHistogram a = new LatencyHistogram();
        assertThat(a.percentile(99)).isZero();
        LatencyHistogram b = new LatencyHistogram();
        b.record(1000);
        a.add(b);
        assertThat(a.count()).isEqualTo(1);
        assertThat((double) a.percentile(50)).isCloseTo(1000, within(10.0));
    }
}
