package io.pegasus.server.storage;

import io.pegasus.data.PegasusTime;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

/**
 * What the read and write paths of one partition share: the open RocksDB, the partition's identity, its value codec,
 * limits and clock. Immutable apart from the counters; owned and closed by {@link PartitionStore}.
 */
final class StoreContext implements AutoCloseable {
    final RocksDB db;
    final PartitionId id;
    final ValueCodec codec;
    final StoreLimits limits;
    final int prefixBytes;
    final LongSupplier clockMillis;
    /** Point lookups (get, multiGet): no iterator, so the seek mode does not matter. Thread-safe, shared. */
    final ReadOptions pointRead = new ReadOptions();

    /** How many range reads used the prefix bloom, and how many total order; for tests and metrics. */
    final LongAdder prefixSeeks = new LongAdder();

    final LongAdder totalOrderSeeks = new LongAdder();

    /**
     * Decrees applied so far that wrote a record with an expiry; the TTL sweeper compares it before and after a pass
     * to know whether the partition can hold expiring records at all. Written by the applier (under its lock) after
     * the decree is in RocksDB, so a value read before a walk covers only writes the walk can see.
     */
    private volatile long expiringWrites;

    long expiringWrites() {
        return expiringWrites;
    }

    /** Called by the single writer (the applier, under its lock). */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void noteExpiringWrite() {
        expiringWrites++;
    }

    StoreContext(RocksDB db, PartitionId id, ValueCodec codec, StorageConfig config) {
        this.db = db;
        this.id = id;
        this.codec = codec;
        this.limits = config.limits;
        this.prefixBytes = config.prefixBytes;
        this.clockMillis = config.clockMillis;
    }

    /** Local "now" for read-side expiry decisions, Pegasus epoch seconds. */
    int nowSeconds() {
        return PegasusTime.epochSeconds(clockMillis.getAsLong());
    }

    Deadline deadline() {
        return new Deadline(clockMillis, limits.timeBudgetMillis());
    }

    RangeIterator openRange(KeyBounds bounds, boolean reverse, boolean fillCache) {
        RangeIterator it = new RangeIterator(db, bounds, prefixBytes, reverse, fillCache);
        (it.prefixMode() ? prefixSeeks : totalOrderSeeks).increment();
        return it;
    }

    @Override
    public void close() {
        pointRead.close();
    }
}
