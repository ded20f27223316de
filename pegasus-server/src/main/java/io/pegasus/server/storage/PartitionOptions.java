package io.pegasus.server.storage;

import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.TablePropertiesCollectorFactory;

/**
 * The RocksDB options of one partition (rationale in docs/storage.md, "RocksDB options"). Owns the native option
 * objects; close it after the database.
 */
final class PartitionOptions implements AutoCloseable {
    final Options options;
    private final BloomFilter bloom;
    private final TablePropertiesCollectorFactory deletionCollector;

    PartitionOptions(SharedResources shared, StorageConfig config) {
        this.bloom = new BloomFilter(10);
        // an SST file with >= 50% deletions, or 512 deletions among 1024 consecutive entries, is marked for compaction:
        // it makes the sweeper's tombstones (and the space they shadow) go away without a manual compaction
        this.deletionCollector = TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(1024, 512, 0.5);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(shared.blockCache)
                .setBlockSize(16 * 1024)
                .setFilterPolicy(bloom)
                .setWholeKeyFiltering(true)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        this.options = new Options()
                .setCreateIfMissing(true)
                .setEnv(shared.env)
                .setStatistics(shared.statistics)
                .setWriteBufferManager(shared.writeBufferManager)
                .setMaxBackgroundJobs(config.backgroundThreads + 1)
                .setBytesPerSync(1 << 20)
                .setMaxLogFileSize(8 << 20)
                .setKeepLogFileNum(3)
                // with the WAL off an unflushed memtable is simply dropped at close: PartitionStore.close() flushes
                // first, and a crash loses only what the replica layer's own log still holds
                .setAvoidFlushDuringShutdown(true)
                .setWriteBufferSize(config.writeBufferBytes)
                .setMaxWriteBufferNumber(3)
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setMemtableWholeKeyFiltering(true)
                .setTableFormatConfig(table);
        options.setTablePropertiesCollectorFactory(List.of(deletionCollector));
        if (config.prefixBytes > 0) {
            options.useCappedPrefixExtractor(config.prefixBytes);
            options.setMemtablePrefixBloomSizeRatio(0.1);
        }
    }

    @Override
    public void close() {
        options.close();
        deletionCollector.close();
        bloom.close();
    }
}
