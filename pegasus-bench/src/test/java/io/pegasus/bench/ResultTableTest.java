package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static RunResult row(String system, String workload, int threads, double ops, long p99) {
        return new RunResult(system, workload, threads, 10, (long) ops * 10, 0, ops, p99 / 2, p99, p99 * 2);
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
}
