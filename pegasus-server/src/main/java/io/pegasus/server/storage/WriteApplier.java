package io.pegasus.server.storage;

import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.update_request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.thrift.TBase;
import org.rocksdb.AbstractWriteBatch;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * Applies decrees: one call, one decree, one atomic RocksDB write batch holding every record the decree's requests
 * write plus the new last-applied decree (reserved key {@link MetaKeys#LAST_APPLIED}).
 *
 * <p>Invariants, all guarded by {@link #lock}:
 *
 * <ul>
 *   <li>Decrees are applied one at a time and strictly increasing; a decree {@code <= lastApplied} is rejected with
 *       {@link IllegalArgumentException} and changes nothing (the replica layer skips what it already applied: after a
 *       restart it resumes at {@code lastApplied + 1}). Gaps are allowed (learning jumps ahead).
 *   <li>Requests of one decree apply in order, each seeing the earlier ones (an indexed batch is read through when a
 *       request reads state), so two incr of one key in one decree give 1 then 3.
 *   <li>Decree timestamps never go backwards: a timestamp below the last applied one is raised to it. Every replica
 *       sees the same decree sequence, so this is deterministic, and it lets the TTL sweeper rely on it.
 *   <li>Readers never see half a decree: RocksDB applies a write batch atomically.
 *   <li>The TTL sweeper deletes under the same lock, so it can never delete a record a decree is rewriting.
 * </ul>
 */
final class WriteApplier implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final StoreContext ctx;
    private final int clusterId;
    private final WriteOptions writeOptions;
    /** As {@link #writeOptions}, but a write RocksDB would delay or stop (its write stall) fails at once instead. */
    private final WriteOptions noSlowdown;

    private final ReadOptions readOptions = new ReadOptions();
    private final WriteBatch plain = new WriteBatch();
    private final WriteBatchWithIndex indexed = new WriteBatchWithIndex(true);

    private volatile MetaKeys.Applied applied;
    private volatile int defaultTtlSeconds;

    WriteApplier(StoreContext ctx, MetaKeys.Applied applied, boolean walEnabled, int clusterId) {
        this.ctx = ctx;
        this.applied = applied;
        this.clusterId = clusterId;
        this.writeOptions = new WriteOptions().setDisableWAL(!walEnabled);
        this.noSlowdown = new WriteOptions().setDisableWAL(!walEnabled).setNoSlowdown(true);
    }

    MetaKeys.Applied applied() {
        return applied;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    void setDefaultTtlSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("default TTL must be >= 0: " + seconds);
        }
        this.defaultTtlSeconds = seconds;
    }

    /** Applies a decree, waiting if RocksDB delays or stops writes (its write stall). */
    List<TBase<?, ?>> apply(long decree, long timestampMicros, List<WriteRequest> requests) {
        return write(decree, timestampMicros, requests, true);
    }

    /**
     * Applies a decree unless RocksDB would delay or stop the write (its write stall: too many level-0 files or
     * unflushed memtables, too much pending compaction), in which case nothing is written and {@link
     * WriteStalledException} says so at once, instead of the calling thread sleeping.
     */
    List<TBase<?, ?>> applyWithoutWaiting(long decree, long timestampMicros, List<WriteRequest> requests)
            throws WriteStalledException {
        List<TBase<?, ?>> responses = write(decree, timestampMicros, requests, false);
        if (responses == null) {
            throw new WriteStalledException("RocksDB is holding back writes to partition " + ctx.id
                    + " (write stall); decree " + decree + " was not written");
        }
        return responses;
    }

    /** The responses, or null if {@code !mayWait} and RocksDB would have held the write back; then nothing changed. */
    private List<TBase<?, ?>> write(long decree, long timestampMicros, List<WriteRequest> requests, boolean mayWait) {
        lock.lock();
        try {
            MetaKeys.Applied last = applied;
            if (decree <= last.decree()) {
                throw new IllegalArgumentException("decree " + decree + " of partition " + ctx.id
                        + " is not after the last applied " + last.decree());
            }
            MetaKeys.Applied next = new MetaKeys.Applied(decree, Math.max(timestampMicros, last.timestampMicros()));
            boolean reads = false;
            for (WriteRequest r : requests) {
                reads |= r.kind().readsState();
            }
            AbstractWriteBatch batch = reads ? indexed : plain;
            DecreeBatch b = new DecreeBatch(
                    ctx,
                    batch,
                    reads ? indexed : null,
                    readOptions,
                    decree,
                    next.timestampMicros(),
                    clusterId,
                    defaultTtlSeconds);
            try {
                List<TBase<?, ?>> responses = new ArrayList<>(requests.size());
                for (WriteRequest r : requests) {
                    responses.add(applyOne(b, r));
                }
                batch.put(MetaKeys.LAST_APPLIED, next.encode());
                WriteOptions options = mayWait ? writeOptions : noSlowdown;
                try {
                    if (reads) {
                        ctx.db.write(options, indexed);
                    } else {
                        ctx.db.write(options, plain);
                    }
                } catch (RocksDBException e) {
                    if (!mayWait && e.getStatus() != null && e.getStatus().getCode() == Status.Code.Incomplete) {
                        return null; // the batch is cleared below; the responses computed are dropped with it
                    }
                    throw e;
                }
                applied = next;
                if (b.wroteExpiring()) {
                    ctx.noteExpiringWrite();
                }
                return responses;
            } catch (RocksDBException | ValueCodec.CorruptValueException e) {
                throw new StorageException("applying decree " + decree + " to partition " + ctx.id + " failed", e);
            } finally {
                batch.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    private static TBase<?, ?> applyOne(DecreeBatch b, WriteRequest r) throws RocksDBException {
        return switch (r.kind()) {
            case PUT -> BlindWrites.put(b, (update_request) r.body());
            case MULTI_PUT -> BlindWrites.multiPut(b, (multi_put_request) r.body());
            case REMOVE -> BlindWrites.remove(b, (blob) r.body());
            case MULTI_REMOVE -> BlindWrites.multiRemove(b, (multi_remove_request) r.body());
            case INCR -> IncrWrite.apply(b, (incr_request) r.body());
            case CHECK_AND_SET -> CheckedWrites.checkAndSet(b, (check_and_set_request) r.body());
            case CHECK_AND_MUTATE -> CheckedWrites.checkAndMutate(b, (check_and_mutate_request) r.body());
        };
    }

    /** Runs {@code action} with no decree being applied meanwhile (sweeper deletes, checkpoints). */
    <T> T exclusive(Callable<T> action) throws Exception {
        lock.lock();
        try {
            return action.call();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            plain.close();
            indexed.close();
            readOptions.close();
            writeOptions.close();
            noSlowdown.close();
        } finally {
            lock.unlock();
        }
    }
}
