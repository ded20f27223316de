package io.pegasus.server.storage;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Settings of a node's {@link StorageEngine} and of every {@link PartitionStore} it opens. Immutable; build one with
 * {@link #builder()}. Defaults are documented in docs/storage.md together with the RocksDB options they feed.
 */
public final class StorageConfig {
    final long blockCacheBytes;
    final long writeBufferLimitBytes;
    final long writeBufferBytes;
    final int backgroundThreads;
    final boolean walEnabled;
    final int prefixBytes;
    final StoreLimits limits;
    final LongSupplier clockMillis;
    final long randomSeed;
    final long sweepIntervalMillis;
    final int sweepBatch;
    final long sweepSkewMarginSeconds;
    final int sweepCompactMinDeletes;
    final double sweepCompactRatio;
    final int clusterId;

    private StorageConfig(Builder b) {
        this.blockCacheBytes = b.blockCacheBytes;
        this.writeBufferLimitBytes = b.writeBufferLimitBytes;
        this.writeBufferBytes = b.writeBufferBytes;
        this.backgroundThreads = b.backgroundThreads;
        this.walEnabled = b.walEnabled;
        this.prefixBytes = b.prefixBytes;
        this.limits = b.limits;
        this.clockMillis = b.clockMillis;
        this.randomSeed = b.randomSeed;
        this.sweepIntervalMillis = b.sweepIntervalMillis;
        this.sweepBatch = b.sweepBatch;
        this.sweepSkewMarginSeconds = b.sweepSkewMarginSeconds;
        this.sweepCompactMinDeletes = b.sweepCompactMinDeletes;
        this.sweepCompactRatio = b.sweepCompactRatio;
        this.clusterId = b.clusterId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.blockCacheBytes = blockCacheBytes;
        b.writeBufferLimitBytes = writeBufferLimitBytes;
        b.writeBufferBytes = writeBufferBytes;
        b.backgroundThreads = backgroundThreads;
        b.walEnabled = walEnabled;
        b.prefixBytes = prefixBytes;
        b.limits = limits;
        b.clockMillis = clockMillis;
        b.randomSeed = randomSeed;
        b.sweepIntervalMillis = sweepIntervalMillis;
        b.sweepBatch = sweepBatch;
        b.sweepSkewMarginSeconds = sweepSkewMarginSeconds;
        b.sweepCompactMinDeletes = sweepCompactMinDeletes;
        b.sweepCompactRatio = sweepCompactRatio;
        b.clusterId = clusterId;
        return b;
    }

    public boolean walEnabled() {
        return walEnabled;
    }

    public StoreLimits limits() {
        return limits;
    }

    public int prefixBytes() {
        return prefixBytes;
    }

    /** Fluent builder; every setter returns this. */
    public static final class Builder {
        private long blockCacheBytes = 256L << 20;
        private long writeBufferLimitBytes = 128L << 20;
        private long writeBufferBytes = 32L << 20;
        private int backgroundThreads = 2;
        private boolean walEnabled = true;
        private int prefixBytes = 10;
        private StoreLimits limits = StoreLimits.DEFAULT;
        // the wall clock is IO: the default reads it here, at the edge; tests inject their own
        private LongSupplier clockMillis = System::currentTimeMillis;
        // a fixed default would make every restart hand out the scanner ids of the previous run (spec 4.13 item 5
        // wants ids hard to collide with across restarts): the default draws its seed here, at the edge
        private long randomSeed = ThreadLocalRandom.current().nextLong();
        private long sweepIntervalMillis = 10_000;
        private int sweepBatch = 10_000;
        private long sweepSkewMarginSeconds = 3600;
        private int sweepCompactMinDeletes = 1000;
        private double sweepCompactRatio = 0.2;
        private int clusterId = 0;

        private Builder() {}

        /** Shared LRU block cache of the node; memtables are charged to it too (see writeBufferLimitBytes). */
        public Builder blockCacheBytes(long v) {
            this.blockCacheBytes = v;
            return this;
        }

        /** Memtable memory of all partitions of the node together (RocksDB WriteBufferManager). */
        public Builder writeBufferLimitBytes(long v) {
            this.writeBufferLimitBytes = v;
            return this;
        }

        /** Size of one memtable of one partition before it is switched and flushed. */
        public Builder writeBufferBytes(long v) {
            this.writeBufferBytes = v;
            return this;
        }

        /** RocksDB background threads (compactions) of the process; flushes get one thread of their own. */
        public Builder backgroundThreads(int v) {
            this.backgroundThreads = v;
            return this;
        }

        /**
         * Whether writes go through RocksDB's WAL. On (the default) a store is durable on its own; the replica layer
         * turns it off and replays its own mutation log from {@link PartitionStore#lastDurableDecree()}.
         */
        public Builder walEnabled(boolean v) {
            this.walEnabled = v;
            return this;
        }

        /** Length N of the capped prefix extractor (2-byte length + N-2 hash-key bytes); 0 disables prefix blooms. */
        public Builder prefixBytes(int v) {
            this.prefixBytes = v;
            return this;
        }

        public Builder limits(StoreLimits v) {
            this.limits = Objects.requireNonNull(v);
            return this;
        }

        /** Wall clock in Unix milliseconds: read expiry, scanner idle time, time budgets, sweeper. */
        public Builder clockMillis(LongSupplier v) {
            this.clockMillis = Objects.requireNonNull(v);
            return this;
        }

        /** Seed of the engine's Random (scanner-context id prefixes); default: a different one per builder. */
        public Builder randomSeed(long v) {
            this.randomSeed = v;
            return this;
        }

        /** Period of the background TTL sweeper and scanner expiry; 0 = never scheduled (tests call them). */
        public Builder sweepIntervalMillis(long v) {
            this.sweepIntervalMillis = v;
            return this;
        }

        /** Records the sweeper examines per step. */
        public Builder sweepBatch(int v) {
            this.sweepBatch = v;
            return this;
        }

        /** How far behind the local clock a decree timestamp may plausibly be (see TtlSweeper). */
        public Builder sweepSkewMarginSeconds(long v) {
            this.sweepSkewMarginSeconds = v;
            return this;
        }

        /** A sweep step compacts its range when it deleted at least this many records ... */
        public Builder sweepCompactMinDeletes(int v) {
            this.sweepCompactMinDeletes = v;
            return this;
        }

        /** ... and at least this fraction of the records it examined. */
        public Builder sweepCompactRatio(double v) {
            this.sweepCompactRatio = v;
            return this;
        }

        /** 7-bit cluster id written into value timetags (spec 5.7). */
        public Builder clusterId(int v) {
            this.clusterId = v;
            return this;
        }

        public StorageConfig build() {
            if (prefixBytes != 0 && prefixBytes < 3) {
                throw new IllegalArgumentException("prefixBytes must be 0 or >= 3");
            }
            if (backgroundThreads <= 0 || sweepBatch <= 0 || blockCacheBytes <= 0 || writeBufferBytes <= 0) {
                throw new IllegalArgumentException("sizes and thread counts must be positive");
            }
            return new StorageConfig(this);
        }
    }
}
