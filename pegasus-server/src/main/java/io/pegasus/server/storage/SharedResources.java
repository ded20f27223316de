package io.pegasus.server.storage;

import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.Statistics;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB objects shared by every partition of a node: the block cache, the memtable memory limit, the background
 * thread pools (of the process-wide default Env) and the statistics. Closed by the engine after all its stores.
 */
final class SharedResources implements AutoCloseable {
    final LRUCache blockCache;
    final WriteBufferManager writeBufferManager;
    final Statistics statistics;
    final Env env;

    SharedResources(StorageConfig config) {
        // memtables are charged to the block cache, so blockCacheBytes bounds both
        this.blockCache = new LRUCache(Math.max(config.blockCacheBytes, config.writeBufferLimitBytes));
        this.writeBufferManager = new WriteBufferManager(config.writeBufferLimitBytes, blockCache);
        this.statistics = new Statistics();
        this.env = Env.getDefault();
        // compactions run in the LOW pool, flushes in the HIGH pool so a long compaction never delays a flush
        env.setBackgroundThreads(config.backgroundThreads, Priority.LOW);
        env.setBackgroundThreads(1, Priority.HIGH);
    }

    @Override
    public void close() {
        statistics.close();
        writeBufferManager.close();
        blockCache.close();
    }
}
