package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static RunResult row(String system, String workload, int threads, double ops, long p99) {
        return new RunResult(system, workload, threads, 10, (long) ops * 10, 0, ops, p99 / 2, p99, p99 * 2, Double.NaN);
    }

    private final ResultTable table = new ResultTable(List.of(
            row("etcd", "A", 4, 1000, 8000),
            row("pegasus", "A", 4, 3500, 7000),
            row("etcd", "C", 4, 2000, 5000),
            row("pegasus", "C", 4, 3000, 6000),
            row("redis", "B", 4, 9000, 900)));

    @Test
    void ratiosAreToEtcdAtTheSameWorkloadAndThreads() {
        assertThat(table.text())
                .contains("3.50x")
                .contains("0.88x") // pegasus A p99 7000 / 8000
                .contains("1.50x"); // pegasus C throughput
        // redis B has no etcd cell to compare with
        assertThat(table.rows().get(4)[8]).isEqualTo("-");
        assertThat(table.markdown()).startsWith("| system | workload |");
    }

    @Test
    void goalsAreThreeTimesOnAAndBTwiceOnCAndNoWorseP99() {
        assertThat(table.goals())
                .containsExactly(
                        "A  4 threads: throughput 3.50x etcd (goal 3x) MET; p99 7000 us vs etcd 8000 us MET",
                        "C  4 threads: throughput 1.50x etcd (goal 2x) not met; p99 6000 us vs etcd 5000 us not met");
    }

    private static RunResult round(String system, double ops, double steal) {
        return new RunResult(system, "A", 16, 5, (long) ops * 5, 0, ops, 1000, 8000, 9000, steal);
    }

    @Test
    void withRoundsARowIsTheMedianRoundAndTheRatioIsOfTheMedians() {
        // round 2 of ours ran during a burst of steal time: it moves the range, not the row
        ResultTable rounds = new ResultTable(List.of(
                round("pegasus", 6000, 1),
                round("etcd", 1900, 2),
                round("pegasus", 2900, 24),
                round("etcd", 2000, 3),
                round("pegasus", 5500, 2),
                round("etcd", 1800, 1)));
        assertThat(rounds.medians()).extracting(RunResult::opsPerSecond).containsExactly(5500.0, 1900.0);
        String[] ours = rounds.rows().get(0);
        assertThat(ours[3]).isEqualTo("5500");
        assertThat(ours[8]).isEqualTo("2.89x"); // 5500 / 1900
        assertThat(ours[10]).isEqualTo("2900-6000");
        assertThat(ours[11]).isEqualTo("2"); // the median round's steal
        assertThat(rounds.goals())
                .containsExactly("A 16 threads: throughput 2.89x etcd (goal 3x) not met; p99 8000 us vs etcd 8000 us"
                        + " MET; rounds 3.16x 1.45x 3.06x");
    }

    @Test
    void anEvenNumberOfRoundsTakesTheLowerMiddleOne() {
        assertThat(ResultTable.median(List.of(
                                round("pegasus", 4, 0),
                                round("pegasus", 1, 0),
                                round("pegasus", 3, 0),
                                round("pegasus", 2, 0)))
                        .opsPerSecond())
                .isEqualTo(2.0);
    }
}
