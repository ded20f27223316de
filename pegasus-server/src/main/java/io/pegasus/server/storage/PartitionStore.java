package io.pegasus.server.storage;

import io.pegasus.data.ValueSchema;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_get_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import io.pegasus.thrift.ttl_response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.thrift.TBase;
import org.rocksdb.Checkpoint;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.ReadTier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The data of one partition replica: one RocksDB instance in its own folder, serving every data operation of spec
 * section 4 with the generated Thrift structs, plus what replication needs (decree-tagged atomic writes, the last
 * applied and last durable decree, checkpoints).
 *
 * <p>Reads are thread-safe and run concurrently with writes; they see whole decrees only. Writes ({@link #apply}) are
 * serialized: the caller applies decrees one at a time in order, and apply itself is also safe against concurrent
 * callers. Responses carry this partition's app id and index; {@code server} is left "" for the replica layer.
 *
 * <p>Every public method fails with {@link IllegalStateException} once the store is closed; closing waits for running
 * calls, so no native object is used after it is freed.
 */
public final class PartitionStore implements AutoCloseable {
    private final Path dir;
    private final boolean walEnabled;
    private final PartitionOptions options;
    private final RocksDB db;
    private final StoreContext ctx;
    private final WriteApplier applier;
    private final PointReader points;
    private final MultiGetReader multiGets;
    private final ScanService scans;
    private final TtlSweeper sweeper;
    private final Runnable onClose;
    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private final Lock shared = guard.readLock();

    private volatile boolean validatePartitionHash;
    private boolean closed;

    private PartitionStore(
            Path dir,
            StorageConfig config,
            PartitionOptions options,
            RocksDB db,
            PartitionId id,
            int dataVersion,
            int scannerIdPrefix,
            Runnable onClose)
            throws RocksDBException {
        this.dir = dir;
        this.walEnabled = config.walEnabled;
        this.options = options;
        this.db = db;
        this.onClose = onClose;
        this.ctx = new StoreContext(db, id, new ValueCodec(ValueSchema.of(dataVersion)), config);
        this.applier = new WriteApplier(
                ctx, MetaKeys.Applied.decode(db.get(MetaKeys.LAST_APPLIED)), config.walEnabled, config.clusterId);
        this.points = new PointReader(ctx);
        this.multiGets = new MultiGetReader(ctx);
        StoreLimits limits = config.limits;
        this.scans = new ScanService(
                ctx,
                new ScannerRegistry(scannerIdPrefix, limits.scannerIdleMillis(), limits.maxScanners()),
                () -> validatePartitionHash);
        this.sweeper = new TtlSweeper(ctx, applier, config);
    }

    /** Opens (creating if missing) the partition in {@code dir}. Used by {@link StorageEngine}. */
    static PartitionStore open(
            SharedResources shared,
            StorageConfig config,
            PartitionId id,
            Path dir,
            int scannerIdPrefix,
            Runnable onClose) {
        PartitionOptions options = new PartitionOptions(shared, config);
        RocksDB db = null;
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options.options, dir.toString());
            byte[] version = db.get(MetaKeys.DATA_VERSION);
            if (version == null) {
                // a new partition; written WAL or not, flushed with the first data (an empty store has no version)
                db.put(MetaKeys.DATA_VERSION, MetaKeys.encodeInt(ValueSchema.CURRENT_VERSION));
            }
            int dataVersion = version == null ? ValueSchema.CURRENT_VERSION : MetaKeys.decodeInt(version);
            return new PartitionStore(dir, config, options, db, id, dataVersion, scannerIdPrefix, onClose);
        } catch (RocksDBException | IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            options.close();
            throw new StorageException("cannot open partition " + id + " in " + dir, e);
        }
    }

    public PartitionId id() {
        return ctx.id;
    }

    public Path dir() {
        return dir;
    }

    // ---- reads (spec 4.8-4.15) ----

    public read_response get(byte[] storedKey) {
        enter();
        try {
            return points.get(storedKey);
        } finally {
            shared.unlock();
        }
    }

    public multi_get_response multiGet(multi_get_request request) {
        enter();
        try {
            return multiGets.multiGet(request);
        } finally {
            shared.unlock();
        }
    }

    public batch_get_response batchGet(batch_get_request request) {
        enter();
        try {
            return points.batchGet(request);
        } finally {
            shared.unlock();
        }
    }

    public count_response sortkeyCount(byte[] hashKey) {
        enter();
        try {
            return points.sortkeyCount(hashKey);
        } finally {
            shared.unlock();
        }
    }

    public ttl_response ttl(byte[] storedKey) {
        enter();
        try {
            return points.ttl(storedKey);
        } finally {
            shared.unlock();
        }
    }

    public scan_response getScanner(get_scanner_request request) {
        enter();
        try {
            return scans.getScanner(request);
        } finally {
            shared.unlock();
        }
    }

    public scan_response scan(scan_request request) {
        enter();
        try {
            return scans.scan(request);
        } finally {
            shared.unlock();
        }
    }

    public void clearScanner(long contextId) {
        enter();
        try {
            scans.clear(contextId);
        } finally {
            shared.unlock();
        }
    }

    // ---- writes and replication support ----

    /**
     * Applies one decree: every request in order, each seeing the earlier ones, in ONE atomic write batch together
     * with the new last applied decree. Returns one response per request ({@code update_response} for put, multi_put
     * and remove, {@code multi_remove_response}, {@code incr_response}, {@code check_and_set_response},
     * {@code check_and_mutate_response}) with {@code decree} filled. An empty list only advances the decree.
     *
     * @param timestampMicros the decree's timestamp assigned by the primary: "now" of every expiry decision here
     * @throws IllegalArgumentException if {@code decree <= lastAppliedDecree()}; nothing is changed
     * @throws StorageException if RocksDB failed; nothing of the decree is written
     */
    public List<TBase<?, ?>> apply(long decree, long timestampMicros, List<WriteRequest> requests) {
        enter();
        try {
            return applier.apply(decree, timestampMicros, requests);
        } finally {
            shared.unlock();
        }
    }

    /**
     * As {@link #apply}, except that a write RocksDB would hold back (its write stall: too many level-0 files or
     * unflushed memtables, too much compaction pending) is not made: nothing of the decree is written and {@link
     * WriteStalledException} is thrown at once, where {@link #apply} would sleep until RocksDB lets the write through.
     * For threads that must not sleep (a node's network threads); retry with {@link #apply} from a thread that may.
     */
    public List<TBase<?, ?>> applyWithoutWaiting(long decree, long timestampMicros, List<WriteRequest> requests)
            throws WriteStalledException {
        enter();
        try {
            return applier.applyWithoutWaiting(decree, timestampMicros, requests);
        } finally {
            shared.unlock();
        }
    }

    /** The last decree applied (0 for a new partition). After a reopen: where to resume (next = this + 1). */
    public long lastAppliedDecree() {
        return applier.applied().decree();
    }

    /**
     * The last decree whose data survives a crash of the process. With the WAL on this is {@link
     * #lastAppliedDecree()} (the WAL is written, not fsynced, before apply returns). With the WAL off it is the decree
     * in the flushed SST files: read through RocksDB's persisted tier, which skips memtables when the WAL is off.
     * Background flushes only move it forward, so after a crash the store reopens at a {@link #lastAppliedDecree()}
     * at least as high as any value returned here, holding exactly the decrees up to it; the replica layer may drop
     * its log up to this decree and replays from {@code lastAppliedDecree() + 1} after reopening.
     */
    public long lastDurableDecree() {
        enter();
        try (ReadOptions persisted = new ReadOptions().setReadTier(ReadTier.PERSISTED_TIER)) {
            return MetaKeys.Applied.decode(db.get(persisted, MetaKeys.LAST_APPLIED))
                    .decree();
        } catch (RocksDBException e) {
            throw new StorageException("cannot read the durable decree of " + ctx.id, e);
        } finally {
            shared.unlock();
        }
    }

    /** Flushes memtables to SST files and waits; afterwards {@link #lastDurableDecree()} equals the applied one. */
    public void flush() {
        enter();
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
        } catch (RocksDBException e) {
            throw new StorageException("flush of " + ctx.id + " failed", e);
        } finally {
            shared.unlock();
        }
    }

    /**
     * Writes a checkpoint to {@code target} (which must not exist; same file system for hard links): RocksDB files
     * holding exactly the decrees up to the returned {@link CheckpointInfo#decree()}, plus the metadata file. Writes
     * are held back only while the checkpoint itself is cut (a flush of what was written since a preceding flush).
     */
    public CheckpointInfo checkpoint(Path target) {
        enter();
        try {
            if (Files.exists(target)) {
                throw new IllegalArgumentException("checkpoint target exists: " + target);
            }
            try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                db.flush(f); // the bulk of the flush happens here, with writes going on
            }
            MetaKeys.Applied at = applier.exclusive(() -> {
                try (Checkpoint cp = Checkpoint.create(db)) {
                    cp.createCheckpoint(target.toString());
                }
                return applier.applied();
            });
            return CheckpointInfo.describe(target, ctx.id, at.decree(), at.timestampMicros(), ctx.codec.version());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("checkpoint of " + ctx.id + " to " + target + " failed", e);
        } finally {
            shared.unlock();
        }
    }

    /** Table-level default TTL (table env {@code default_ttl}): writes whose expiry would be 0 get now + this. 0 = none. */
    public void setDefaultTtlSeconds(int seconds) {
        applier.setDefaultTtlSeconds(seconds);
    }

    /** Table env {@code replica.split.validate_partition_hash}: scans skip keys of other partitions (spec 4.13). */
    public void setValidatePartitionHash(boolean validate) {
        this.validatePartitionHash = validate;
    }

    // ---- maintenance ----

    /**
     * Stops flushes and compactions until {@link #continueBackgroundWork()} (waits for running ones to finish). Once the
     * memtables fill, RocksDB stops writes: tests use this to make a real write stall.
     */
    public void pauseBackgroundWork() {
        enter();
        try {
            db.pauseBackgroundWork();
        } catch (RocksDBException e) {
            throw new StorageException("cannot pause the background work of " + ctx.id, e);
        } finally {
            shared.unlock();
        }
    }

    /** Lets flushes and compactions run again after {@link #pauseBackgroundWork()}. */
    public void continueBackgroundWork() {
        enter();
        try {
            db.continueBackgroundWork();
        } catch (RocksDBException e) {
            throw new StorageException("cannot continue the background work of " + ctx.id, e);
        } finally {
            shared.unlock();
        }
    }

    /** One step of the TTL sweeper (bounded work); the engine calls it periodically. */
    public SweepResult sweepExpired() {
        enter();
        try {
            return sweeper.step();
        } catch (RocksDBException e) {
            throw new StorageException("TTL sweep of " + ctx.id + " failed", e);
        } finally {
            shared.unlock();
        }
    }

    /** A whole sweeper pass over the partition, step by step. */
    public SweepResult sweepAllExpired() {
        enter();
        try {
            return sweeper.pass();
        } catch (RocksDBException e) {
            throw new StorageException("TTL sweep of " + ctx.id + " failed", e);
        } finally {
            shared.unlock();
        }
    }

    /** Closes scanner contexts idle for longer than the limit; returns how many. */
    public int expireIdleScanners() {
        enter();
        try {
            return scans.expireIdle();
        } finally {
            shared.unlock();
        }
    }

    int openScanners() {
        return scans.openContexts();
    }

    long prefixSeeks() {
        return ctx.prefixSeeks.sum();
    }

    long totalOrderSeeks() {
        return ctx.totalOrderSeeks.sum();
    }

    /** The raw database, for the benchmark's plain-RocksDB baseline only. */
    RocksDB rawDb() {
        return db;
    }

    private void enter() {
        shared.lock();
        if (closed) {
            shared.unlock();
            throw new IllegalStateException("partition store " + ctx.id + " is closed");
        }
    }

    /** Closes the store; with the WAL off, flushes first so a clean shutdown loses nothing. Idempotent. */
    @Override
    public void close() {
        close(!walEnabled);
    }

    /** Closes without flushing: what a crash leaves behind (unflushed data is lost when the WAL is off). */
    void closeWithoutFlush() {
        close(false);
    }

    private void close(boolean flush) {
        guard.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            scans.close(); // releases every scanner's native iterator while the database is still open
            StorageException failure = null;
            if (flush) {
                try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(f);
                } catch (RocksDBException e) {
                    failure = new StorageException("flush at close of " + ctx.id + " failed", e);
                }
            }
            applier.close();
            ctx.close();
            db.close();
            options.close();
            onClose.run();
            if (failure != null) {
                throw failure;
            }
        } finally {
            guard.writeLock().unlock();
        }
    }
}
