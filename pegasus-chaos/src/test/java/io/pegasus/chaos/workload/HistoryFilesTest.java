package io.pegasus.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {
    @Test
    void historiesSurviveAFile(@TempDir Path dir) {
        List<Op> ops = List.of(
                Op.get(0, "g0k1", 10, 20, OpStatus.OK, null),
                Op.get(1, "g0k1", 11, 21, OpStatus.OK, "5"),
                Op.set(2, "g0k2", "1000000001", 12, 30, OpStatus.UNKNOWN),
                Op.del(0, "g0k2", 31, 40, OpStatus.FAILED),
                Op.incr(3, "g0k3", 4, 41, 50, OpStatus.OK, 9),
                Op.cas(4, "g0k4", null, "2000000001", 51, 60, OpStatus.OK, true),
                Op.cas(4, "g0k4", "2000000001", "2000000002", 61, 70, OpStatus.OK, false));
        Path f = dir.resolve("h.tsv");
        HistoryFiles.write(f, ops);
        assertThat(HistoryFiles.read(f)).isEqualTo(ops);
    }
}
