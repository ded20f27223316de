package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YCSB's own client threads and core workload against the in-process yardstick: load, then a short timed run. */
class YcsbRunnerTest {
    @TempDir
    Path dir;

    @Test
    void loadsEveryRecordThenRunsAWorkloadThatFindsThem() throws Exception {
        Properties base = new Properties();
        base.setProperty("rocksdb.dir", dir.resolve("db").toString());
        YcsbRunner runner = new YcsbRunner(base);

        RunResult load = runner.load(SystemUnderTest.ROCKSDB, 300, 100, 3);
        assertThat(load.operations()).isEqualTo(300);
        assertThat(load.failed()).isZero();

        // the client threads open the database during the warm-up (flushing what the load left in the WAL): on a
        // loaded machine with a slow disk that can take longer than a short warm-up and the whole timed window
        RunResult c = runner.run(SystemUnderTest.ROCKSDB, "C", 300, 100, 2, 2, 0.2);
        assertThat(c.workload()).isEqualTo("C");
        assertThat(c.operations()).isPositive();
        assertThat(c.failed()).as("every read finds a loaded record").isZero();
        assertThat(c.p50Micros()).isLessThanOrEqualTo(c.p99Micros());
        assertThat(c.p99Micros()).isLessThanOrEqualTo(c.p999Micros());
    }
}
