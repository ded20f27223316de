package io.pegasus.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/** The floor benchmark does the work it claims: every acknowledged put logged and stored on all three nodes. */
class ReplicationFloorBenchTest {
    @Test
    void everyAcknowledgedPutIsInTheLogAndTheStoreOfAllThreeNodes(@TempDir Path dir) throws Exception {
        RocksDB.loadLibrary();
        byte[] value = new byte[1024];
        new Random(7).nextBytes(value);
        try (ReplicationFloorBench.Cluster cluster = new ReplicationFloorBench.Cluster(dir)) {
            ReplicationFloorBench.Row row = new ReplicationFloorBench.Client(cluster.clientChannel, value).run(16, 1);
            assertThat(row.puts()).isGreaterThan(100);
            for (ReplicationFloorBench.Store s : cluster.stores) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (s.appliedRecords < row.puts() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(s.appliedRecords).isEqualTo(row.puts());
                assertThat(s.logBytes()).isEqualTo(row.puts() * (8 + 16 + 1024));
            }
            long[] primary = cluster.stores[0].contents();
            assertThat(primary[1]).isEqualTo(Math.min(row.puts(), 100_000));
            assertThat(cluster.stores[1].contents()).containsExactly(primary);
            assertThat(cluster.stores[2].contents()).containsExactly(primary);
        }
    }
}
