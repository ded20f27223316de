package io.pegasus.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/** The floor benchmark does the work it claims: every acknowledged put logged and stored on all three nodes. */
@Timeout(60) // the client reads without a deadline: a primary that stopped sending would hang it
class ReplicationFloorBenchTest {
    @Test
    void everyAcknowledgedPutIsInTheLogAndTheStoreOfAllThreeNodes(@TempDir Path dir) throws Exception {
        runAndCheck(dir, 1, 0);
    }

    @Test
    void withDecreesPerPartitionToo(@TempDir Path dir) throws Exception {
        runAndCheck(dir, 4, 2);
    }

    private static void runAndCheck(Path dir, int partitions, int maxInFlight) throws Exception {
        RocksDB.loadLibrary();
        byte[] value = new byte[1024];
        new Random(7).nextBytes(value);
        try (ReplicationFloorBench.Cluster cluster = new ReplicationFloorBench.Cluster(dir, partitions, maxInFlight)) {
            ReplicationFloorBench.Row row = new ReplicationFloorBench.Client(cluster.clientChannel, value).run(16, 1);
            assertThat(row.puts()).isGreaterThan(100);
            for (ReplicationFloorBench.Store s : cluster.stores) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (s.appliedRecords < row.puts() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(s.appliedRecords).isEqualTo(row.puts());
                // every record, and a 12-byte header per decree
                assertThat(s.logBytes() - row.puts() * (8 + 16 + 1024)).isEqualTo(12 * cluster.primary.decrees);
            }
            long[] primary = cluster.stores[0].contents();
            assertThat(primary[1]).isEqualTo(Math.min(row.puts(), 100_000));
            assertThat(cluster.stores[1].contents()).containsExactly(primary);
            assertThat(cluster.stores[2].contents()).containsExactly(primary);
        }
    }
}
