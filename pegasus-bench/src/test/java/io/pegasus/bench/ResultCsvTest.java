package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCsvTest {
    @Test
    void aLineParsesBackToTheSameResult() {
        RunResult r = new RunResult("etcd", "A", 16, 10.0, 12345, 2, 1234.5, 800, 9000, 25000);
        assertThat(ResultCsv.parse(ResultCsv.line(r))).isEqualTo(r);
        assertThat(ResultCsv.of(List.of(r)))
                .startsWith(ResultCsv.HEADER + "\n")
                .contains("etcd,A,16,10.000,12345,2,1234.5,800,9000,25000\n");
    }
}
