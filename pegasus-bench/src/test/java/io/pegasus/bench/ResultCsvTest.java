package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCsvTest {
    @Test
    void aLineParsesBackToTheSameResult() {
        RunResult r = new RunResult("etcd", "A", 16, 10.0, 12345, 2, 1234.5, 800, 9000, 25000, 12.5);
        assertThat(ResultCsv.parse(ResultCsv.line(r))).isEqualTo(r);
        RunResult unknownSteal = new RunResult("etcd", "A", 16, 10.0, 12345, 2, 1234.5, 800, 9000, 25000, Double.NaN);
        assertThat(ResultCsv.line(unknownSteal)).endsWith(",25000,");
        assertThat(ResultCsv.parse(ResultCsv.line(unknownSteal)).stealPercent()).isNaN();
    }

    @Test
    void theFileNumbersTheRoundsOfEachCell() {
        RunResult a1 = new RunResult("etcd", "A", 16, 10.0, 12345, 2, 1234.5, 800, 9000, 25000, 12.5);
        RunResult b1 = new RunResult("pegasus", "A", 16, 10.0, 50000, 0, 5000, 800, 9000, 25000, 0.0);
        assertThat(ResultCsv.of(List.of(a1, b1, a1, b1, a1)))
                .startsWith(ResultCsv.HEADER + "\n")
                .contains("etcd,A,16,10.000,12345,2,1234.5,800,9000,25000,12.5,1\n")
                .contains("pegasus,A,16,10.000,50000,0,5000.0,800,9000,25000,0.0,2\n")
                .endsWith("etcd,A,16,10.000,12345,2,1234.5,800,9000,25000,12.5,3\n");
    }

    @Test
    void aLineOfTheWrongShapeIsRefusedWithTheLine() {
        assertThatThrownBy(() -> ResultCsv.parse("etcd,A,16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("etcd,A,16");
    }
}
