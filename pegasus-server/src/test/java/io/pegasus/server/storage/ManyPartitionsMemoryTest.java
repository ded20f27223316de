package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.TickerType;

/**
 * A node holds many partitions, most of them receiving few writes. Their memtables share one write buffer budget, so
 * what an almost empty memtable costs decides whether the budget holds data or only empty memtables. Regressions: with
 * the memtable prefix bloom at 10 % of the memtable, 64 partitions' empty memtables exceeded the default budget and
 * the write buffer manager flushed a memtable of a few records on nearly every write; with it at 1 %, or with
 * RocksDB's default arena block (1 MiB, allocated by a memtable's first write), 400 partitions did.
 */
class ManyPartitionsMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void manyLightlyWrittenPartitionsDoNotForceFlushesUnderTheDefaultBudget() {
        StorageConfig config = StorageConfig.builder()
                .walEnabled(false) // as the replica layer runs it
                .sweepIntervalMillis(0)
                .build();
        int partitions = 400;
        try (StorageEngine engine = new StorageEngine(config)) {
            List<PartitionStore> stores = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                stores.add(engine.open(new PartitionId(1, i, partitions), tmp.resolve("p" + i)));
            }
            byte[] value = new byte[1024];
            for (int round = 1; round <= 5; round++) {
                for (int i = 0; i < partitions; i++) {
                    stores.get(i)
                            .apply(round, 1, List.of(WriteRequest.put(Req.put(key("hk" + i, "s" + round), value, 0))));
                }
            }
            // 2 MiB of data in all: nothing has a reason to be flushed
            assertThat(engine.ticker(TickerType.FLUSH_WRITE_BYTES))
                    .as("bytes flushed to SST files by the write buffer manager")
                    .isZero();
            assertThat(stores.get(7).get(key("hk7", "s5")).getValue().data()).isEqualTo(value);
        }
    }
}
