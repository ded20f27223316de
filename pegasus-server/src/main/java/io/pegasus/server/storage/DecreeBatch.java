package io.pegasus.server.storage;

import io.pegasus.data.PegasusTime;
import io.pegasus.data.ValueSchema;
import org.rocksdb.AbstractWriteBatch;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The write batch of one decree as the write handlers see it: reads that include the batch's own earlier writes, and
 * puts and deletes that become visible to nobody else until the whole batch is written.
 *
 * <p>"Now" for every expiry decision here is the decree's timestamp, assigned by the primary, not the local clock:
 * all replicas apply the same decree with the same timestamp and therefore make the same decisions.
 */
final class DecreeBatch {
    final long decree;
    /** Decree time in Pegasus epoch seconds. */
    final int nowSeconds;

    private final StoreContext ctx;
    private final AbstractWriteBatch batch;
    /** Non-null when some request of the decree reads state; then {@code batch} is this indexed batch. */
    private final WriteBatchWithIndex indexed;

    private final ReadOptions readOptions;
    private final long timetag;
    private final int defaultTtlSeconds;
    /** Whether this decree wrote a record with an expiry (see {@link StoreContext#expiringWrites}). */
    private boolean wroteExpiring;

    DecreeBatch(
            StoreContext ctx,
            AbstractWriteBatch batch,
            WriteBatchWithIndex indexed,
            ReadOptions readOptions,
            long decree,
            long timestampMicros,
            int clusterId,
            int defaultTtlSeconds) {
        this.ctx = ctx;
        this.batch = batch;
        this.indexed = indexed;
        this.readOptions = readOptions;
        this.decree = decree;
        this.nowSeconds = PegasusTime.epochSeconds(timestampMicros / 1000);
        this.timetag = ValueSchema.timetag(timestampMicros, clusterId, false);
        this.defaultTtlSeconds = defaultTtlSeconds;
    }

    PartitionId id() {
        return ctx.id;
    }

    int maxValueBytes() {
        return ctx.limits.maxValueBytes();
    }

    ValueCodec codec() {
        return ctx.codec;
    }

    /** The stored value (header included) if the record exists and is live at the decree's time, else null. */
    byte[] readLive(byte[] key) throws RocksDBException {
        if (indexed == null) {
            throw new IllegalStateException("a read in a decree batch without index");
        }
        byte[] v = indexed.getFromBatchAndDB(ctx.db, readOptions, key);
        return ctx.codec.isLive(v, nowSeconds) ? v : null;
    }

    /** Writes a record; an expiry of 0 becomes now + the table's default TTL when one is set (spec 4.1). */
    void put(byte[] key, byte[] user, int expireTs) throws RocksDBException {
        int expire = expireTs == 0 && defaultTtlSeconds > 0 ? nowSeconds + defaultTtlSeconds : expireTs;
        wroteExpiring |= expire != 0;
        batch.put(key, ctx.codec.encode(expire, timetag, user));
    }

    boolean wroteExpiring() {
        return wroteExpiring;
    }

    void delete(byte[] key) throws RocksDBException {
        batch.delete(key);
    }
}
