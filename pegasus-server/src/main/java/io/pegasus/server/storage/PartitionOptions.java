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
    /** No memtable bloom: see the constructor for why. */
    static final double MEMTABLE_PREFIX_BLOOM_RATIO = 0;

    /**
     * Arena block of a memtable. RocksDB's default (1 MiB for our memtables) is allocated by the first write and charged
     * to the node's write buffer budget, so a few hundred lightly written partitions would fill the budget with one
     * block each.
     */
    static final long ARENA_BLOCK_BYTES = 64 << 10;

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
                .setArenaBlockSize(ARENA_BLOCK_BYTES)
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setTableFormatConfig(table);
        options.setTablePropertiesCollectorFactory(List.of(deletionCollector));
        if (!config.walEnabled) {
            // RocksDB creates a write-ahead log file even when every write disables the WAL, and preallocates it
            // (fallocate: disk blocks really reserved) at 1.1 x the memtable size, and the MANIFEST at 4 MiB: about
            // 40 MiB of disk per partition before its first write (EmptyPartitionDiskTest). Without the WAL the
            // remaining preallocations (SST files, the MANIFEST) buy little, so none.
            options.setAllowFAllocate(false);
        }
        if (config.prefixBytes > 0) {
            options.useCappedPrefixExtractor(config.prefixBytes);
            // No memtable bloom (neither prefix nor whole key): it is allocated in full when the memtable is created
            // and counts against the node's write buffer budget even while the memtable is empty. At 10 % of a 32 MiB
            // memtable a node with ~35 partitions filled the default budget with empty memtables and the write buffer
            // manager flushed a memtable of a few records on almost every write (460 flushes of 1-20 records in one
            // partition during a benchmark); at 1 % the same happened at a few hundred partitions. A memtable is a
            // skip list in memory: a lookup without the bloom costs a few hundred nanoseconds more. SST files keep
            // their whole-key and prefix blooms.
            options.setMemtablePrefixBloomSizeRatio(MEMTABLE_PREFIX_BLOOM_RATIO);
        }
    }

    @Override
    public void close() {
        options.close();
        deletionCollector.close();
        bloom.close();
    }
}
