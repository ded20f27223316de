package io.pegasus.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDB;
import org.rocksdb.TickerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage of one node: the RocksDB resources its partitions share (block cache, memtable memory limit, background
 * threads, statistics) and the partitions it has open. Also runs the periodic maintenance of every open partition:
 * TTL sweeper steps and scanner-context expiry.
 *
 * <p>Thread-safe. Closing the engine closes every partition still open.
 */
public final class StorageEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);

    static {
        RocksDB.loadLibrary();
    }

    private final StorageConfig config;
    private final SharedResources shared;
    private final Random random;
    private final Set<PartitionStore> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService maintenance;
    private boolean closed;

    public StorageEngine(StorageConfig config) {
        this.config = config;
        this.shared = new SharedResources(config);
        this.random = new Random(config.randomSeed);
        if (config.sweepIntervalMillis > 0) {
            this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "storage-maintenance");
                t.setDaemon(true);
                return t;
            });
            maintenance.scheduleWithFixedDelay(
                    this::maintain, config.sweepIntervalMillis, config.sweepIntervalMillis, TimeUnit.MILLISECONDS);
        } else {
            this.maintenance = null;
        }
    }

    public StorageConfig config() {
        return config;
    }

    /** Opens the partition stored in {@code dir}, creating an empty one if the folder holds none. */
    public synchronized PartitionStore open(PartitionId id, Path dir) {
        if (closed) {
            throw new IllegalStateException("storage engine is closed");
        }
        PartitionStore[] self = new PartitionStore[1];
        PartitionStore store =
                PartitionStore.open(shared, config, id, dir, random.nextInt(), () -> open.remove(self[0]));
        self[0] = store;
        open.add(store);
        return store;
    }

    /**
     * Opens a partition from a checkpoint (learning, restore): verifies the checkpoint's files against its metadata,
     * copies them into {@code dir} (which must not exist; immutable SST files are hard-linked when possible) and opens
     * it. The opened store's {@link PartitionStore#lastAppliedDecree()} is the checkpoint's decree.
     */
    public PartitionStore openFromCheckpoint(Path checkpointDir, Path dir) {
        CheckpointInfo info;
        try {
            info = CheckpointInfo.read(checkpointDir);
            info.verify(checkpointDir);
            if (Files.exists(dir)) {
                throw new IllegalArgumentException("restore target exists: " + dir);
            }
            Files.createDirectories(dir);
            for (CheckpointInfo.FileEntry f : info.files()) {
                Path from = checkpointDir.resolve(f.name());
                Path to = dir.resolve(f.name());
                if (!f.name().endsWith(".sst") || !tryLink(to, from)) {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot restore checkpoint " + checkpointDir, e);
        }
        PartitionStore store = open(info.id(), dir);
        if (store.lastAppliedDecree() != info.decree()) {
            store.close();
            throw new StorageException("checkpoint " + checkpointDir + " claims decree " + info.decree() + " but holds "
                    + store.lastAppliedDecree());
        }
        return store;
    }

    private static boolean tryLink(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A RocksDB statistics ticker summed over all partitions of the node. */
    public long ticker(TickerType type) {
        return shared.statistics.getTickerCount(type);
    }

    /** The full RocksDB statistics dump (for a metrics endpoint or logs). */
    public String statisticsReport() {
        return shared.statistics.toString();
    }

    /** Partitions currently open. */
    public List<PartitionStore> openPartitions() {
        return new ArrayList<>(open);
    }

    private void maintain() {
        for (PartitionStore store : open) {
            try {
                store.sweepExpired();
                store.expireIdleScanners();
            } catch (IllegalStateException closedMeanwhile) {
                // the store was closed between listing and use; nothing to do
            } catch (RuntimeException e) {
                LOG.warn("maintenance of partition {} failed", store.id(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (maintenance != null) {
            maintenance.shutdownNow();
            try {
                maintenance.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (PartitionStore store : new ArrayList<>(open)) {
            store.close();
        }
        shared.close();
    }
}
