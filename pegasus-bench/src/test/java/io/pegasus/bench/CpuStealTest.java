package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuStealTest {
    @Test
    void stealIsItsShareOfAllTimeBetweenTwoSamples() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuSteal.Sample a = CpuSteal.parse("cpu  1000 0 500 2000 100 0 50 350 0 0");
        CpuSteal.Sample b = CpuSteal.parse("cpu  1450 0 700 2100 100 0 100 550 40 0");
        assertThat(a).isEqualTo(new CpuSteal.Sample(350, 4000));
        // 1000 jiffies passed, 200 of them stolen; guest time is inside user already and is not counted twice
        assertThat(CpuSteal.percent(a, b)).isEqualTo(20.0);
    }

    @Test
    void unknownWithoutTwoSamplesOrWithoutTimePassing() {
        CpuSteal.Sample a = CpuSteal.parse("cpu 1 2 3 4 5 6 7 8");
        assertThat(CpuSteal.percent(null, a)).isNaN();
        assertThat(CpuSteal.percent(a, null)).isNaN();
        assertThat(CpuSteal.percent(a, a)).isNaN();
    }

    @Test
    void refusesALineThatIsNotTheAggregate() {
        assertThatThrownBy(() -> CpuSteal.parse("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu0");
    }

    @Test
    void readsThisMachine() {
        // on Linux (where the bench runs) the counters exist and only grow
        CpuSteal.Sample a = CpuSteal.now();
        assertThat(a).isNotNull();
        assertThat(a.total()).isPositive();
        assertThat(a.steal()).isBetween(0L, a.total());
    }
}
