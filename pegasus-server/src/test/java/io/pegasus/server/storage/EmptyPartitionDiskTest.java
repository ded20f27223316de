package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a partition that holds almost nothing takes on disk. Regression: RocksDB preallocates (fallocate, blocks really
 * reserved) its write-ahead log at 1.1 x the memtable size and its MANIFEST at 4 MiB, even with the WAL off as the
 * replica layer runs it, so every partition cost about 40 MiB of disk before its first write: 1.6 GB for a node of 40
 * partitions, and a small disk was full before any data came (found by FullDiskIT).
 */
class EmptyPartitionDiskTest {
    @TempDir
    Path tmp;

    @Test
    void aLightlyWrittenPartitionTakesLittleDisk() throws Exception {
        StorageConfig config = StorageConfig.builder()
                .walEnabled(false) // as the replica layer runs it
                .sweepIntervalMillis(0)
                .build();
        int partitions = 4;
        try (StorageEngine engine = new StorageEngine(config)) {
            List<PartitionStore> stores = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                stores.add(engine.open(new PartitionId(1, i, partitions), tmp.resolve("p" + i)));
            }
            for (int i = 0; i < partitions; i++) {
                stores.get(i).apply(1, 1, List.of(WriteRequest.put(Req.put(key("hk" + i, "s"), new byte[1024], 0))));
            }
            long kib = allocatedKib(tmp);
            assertThat(kib)
                    .as("KiB allocated on disk by %d partitions of one record each", partitions)
                    .isLessThan(partitions * 1024L);
        }
    }

    /** Blocks really allocated (du), not file lengths: preallocation extends the first, not the second. */
    private static long allocatedKib(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-sk", dir.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("du: %s", out).isZero();
        return Long.parseLong(out.trim().split("\\s+")[0]);
    }
}
