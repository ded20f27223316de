package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver and a real worker JVM (the yardstick's) speaking the line protocol: load, a run, a failed command. */
class WorkerTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerJvmRunsCellsAndReportsAFailedOneWithoutDying() throws Exception {
        Properties base = new Properties();
        base.setProperty("rocksdb.dir", dir.resolve("db").toString());
        try (Worker worker = new Worker(
                SystemUnderTest.ROCKSDB,
                System.getProperty("java.class.path"),
                "256m",
                base,
                dir.resolve("worker.log"))) {
            RunResult load = worker.execute("load 200 64 2", "load", 2);
            assertThat(load.operations()).isEqualTo(200);

            // each run opens the database in its client threads during the warm-up: long enough for a loaded machine
            RunResult c = worker.execute("run C 200 64 1 2 0.2", "C", 1);
            assertThat(c.system()).isEqualTo("rocksdb");
            assertThat(c.operations()).isPositive();
            assertThat(c.failed()).isZero();

            RunResult bad = worker.execute("run Z 200 64 1 0 0.1", "Z", 1);
            assertThat(bad.operations()).isZero();

            assertThat(worker.execute("run C 200 64 1 2 0.1", "C", 1).operations())
                    .as("the worker goes on after a failed cell")
                    .isPositive();
        }
    }
}
