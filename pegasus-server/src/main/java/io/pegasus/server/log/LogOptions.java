package io.pegasus.server.log;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** Settings of one {@link MutationLog}; build with {@link #builder()}. Immutable. */
public final class LogOptions {
    /** A segment is sealed and a new one started once it would grow past this. */
    public static final long DEFAULT_SEGMENT_BYTES = 32L << 20;

    public static final long DEFAULT_SYNC_INTERVAL_MILLIS = 10;
    public static final boolean DEFAULT_INLINE_WRITES = true;
    public static final int DEFAULT_MAX_BATCH_BYTES = 4 << 20;
    public static final long DEFAULT_PREALLOCATE_BYTES = 1L << 20;
    public static final long DEFAULT_GC_INTERVAL_MILLIS = 30_000;
    /** Off here: a log used on its own writes each batch at once; a ReplicaServer sets its own default. */
    public static final int DEFAULT_JOURNALED_BUFFER_BYTES = 0;

    private final long segmentBytes;
    private final FlushPolicy flushPolicy;
    private final long syncIntervalMillis;
    private final boolean inlineWrites;
    private final int maxBatchBytes;
    private final long preallocateBytes;
    private final int journaledBufferBytes;
    private final CorruptionPolicy corruptionPolicy;
    private final int gcReserveSegments;
    private final long gcReserveMillis;
    private final long gcIntervalMillis;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> failureListener;
    private final SegmentChannel.Factory channels;
    private final NodeJournal journal;

    private LogOptions(Builder b) {
        this.segmentBytes = b.segmentBytes;
        this.flushPolicy = b.flushPolicy;
        this.syncIntervalMillis = b.syncIntervalMillis;
        this.inlineWrites = b.inlineWrites;
        this.maxBatchBytes = b.maxBatchBytes;
        this.preallocateBytes = b.preallocateBytes;
        this.journaledBufferBytes = b.journaledBufferBytes;
        this.corruptionPolicy = b.corruptionPolicy;
        this.gcReserveSegments = b.gcReserveSegments;
        this.gcReserveMillis = b.gcReserveMillis;
        this.gcIntervalMillis = b.gcIntervalMillis;
        this.clock = b.clock;
        this.executor = b.executor;
        this.failureListener = b.failureListener;
        this.channels = b.channels;
        this.journal = b.journal;
    }

    public static LogOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.segmentBytes = segmentBytes;
        b.flushPolicy = flushPolicy;
        b.syncIntervalMillis = syncIntervalMillis;
        b.inlineWrites = inlineWrites;
        b.maxBatchBytes = maxBatchBytes;
        b.preallocateBytes = preallocateBytes;
        b.journaledBufferBytes = journaledBufferBytes;
        b.corruptionPolicy = corruptionPolicy;
        b.gcReserveSegments = gcReserveSegments;
        b.gcReserveMillis = gcReserveMillis;
        b.gcIntervalMillis = gcIntervalMillis;
        b.clock = clock;
        b.executor = executor;
        b.failureListener = failureListener;
        b.channels = channels;
        b.journal = journal;
        return b;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public FlushPolicy flushPolicy() {
        return flushPolicy;
    }

    /** Under {@link FlushPolicy#WRITE_EACH_BATCH}: the longest a written batch waits for its fdatasync. */
    public long syncIntervalMillis() {
        return syncIntervalMillis;
    }

    /**
     * Under a policy without an fdatasync per batch ({@link FlushPolicy#WRITE_EACH_BATCH}, {@link FlushPolicy#NONE}):
     * whether the appending thread writes its batch itself (true, the default: no hand-off to the executor and back)
     * rather than the executor. Ignored under {@link FlushPolicy#FSYNC_EACH_BATCH}, whose fdatasync always runs on the
     * executor.
     */
    public boolean inlineWrites() {
        return inlineWrites;
    }

    /** Appends waiting together are written with one write call of at most this many bytes. */
    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * The active segment is extended with this many bytes of zeros ahead of the writes (never past {@link
     * #segmentBytes()}), so that an fdatasync rarely has to commit a new file length; 0 turns it off.
     */
    public long preallocateBytes() {
        return preallocateBytes;
    }

    /**
     * A partition log under a node journal ({@link #journal()}) keeps up to this many bytes of records in memory, and
     * writes them to its file in one write when the buffer is full, before its background fdatasync, a segment roll, a
     * read or its close. Its appends then complete once the journal has written their records: the journal is the
     * copy in the operating system that a process crash keeps, and recovery restores the partition log's tail from
     * it. 0 (the default here): each batch is written to the file at once. Ignored without a journal.
     */
    public int journaledBufferBytes() {
        return journaledBufferBytes;
    }

    public CorruptionPolicy corruptionPolicy() {
        return corruptionPolicy;
    }

    /** GC keeps at least this many of the newest sealed segments (for learners and duplication). */
    public int gcReserveSegments() {
        return gcReserveSegments;
    }

    /** GC keeps segments whose newest mutation timestamp is younger than this. */
    public long gcReserveMillis() {
        return gcReserveMillis;
    }

    /**
     * How often a ReplicaServer runs {@link MutationLog#gc} on each replica's log, passing the decree its storage has
     * made durable; 0 = never. The log itself never schedules GC.
     */
    public long gcIntervalMillis() {
        return gcIntervalMillis;
    }

    /** The time GC measures segment age against. */
    public Clock clock() {
        return clock;
    }

    /**
     * The threads the log writes and fsyncs on, shared by the logs of all partitions of a node; null means the log
     * starts a thread of its own and stops it on close. Group commit is per log whatever the executor.
     */
    public ScheduledExecutorService executor() {
        return executor;
    }

    /** Told once when the log fails (an append's write or fsync, or a background fsync). */
    public Consumer<Throwable> failureListener() {
        return failureListener;
    }

    SegmentChannel.Factory channels() {
        return channels;
    }

    /**
     * The node's journal, or null. With one, the log writes its batches to its own file without fdatasync and an
     * append completes once the journal has it under {@link #flushPolicy()}: one fdatasync per round for all the
     * node's logs (see {@link NodeJournal}).
     */
    public NodeJournal journal() {
        return journal;
    }

    /** Builds {@link LogOptions}; every setting has a default. */
    public static final class Builder {
        private long segmentBytes = DEFAULT_SEGMENT_BYTES;
        private FlushPolicy flushPolicy = FlushPolicy.FSYNC_EACH_BATCH;
        private long syncIntervalMillis = DEFAULT_SYNC_INTERVAL_MILLIS;
        private boolean inlineWrites = DEFAULT_INLINE_WRITES;
        private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private long preallocateBytes = DEFAULT_PREALLOCATE_BYTES;
        private int journaledBufferBytes = DEFAULT_JOURNALED_BUFFER_BYTES;
        private CorruptionPolicy corruptionPolicy = CorruptionPolicy.FAIL;
        private int gcReserveSegments;
        private long gcReserveMillis;
        private long gcIntervalMillis = DEFAULT_GC_INTERVAL_MILLIS;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService executor;
        private Consumer<Throwable> failureListener = t -> {};
        private SegmentChannel.Factory channels = SegmentChannel.FILES;
        private NodeJournal journal;

        private Builder() {}

        public Builder segmentBytes(long bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("segmentBytes must be >= 4096: " + bytes);
            }
            this.segmentBytes = bytes;
            return this;
        }

        public Builder flushPolicy(FlushPolicy policy) {
            this.flushPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder syncIntervalMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("syncIntervalMillis must be >= 1: " + millis);
            }
            this.syncIntervalMillis = millis;
            return this;
        }

        public Builder inlineWrites(boolean inline) {
            this.inlineWrites = inline;
            return this;
        }

        public Builder maxBatchBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBatchBytes must be >= 1: " + bytes);
            }
            this.maxBatchBytes = bytes;
            return this;
        }

        /** See {@link LogOptions#journaledBufferBytes()}. */
        public Builder journaledBufferBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("journaledBufferBytes must be >= 0: " + bytes);
            }
            this.journaledBufferBytes = bytes;
            return this;
        }

        public Builder preallocateBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("preallocateBytes must be >= 0: " + bytes);
            }
            this.preallocateBytes = bytes;
            return this;
        }

        public Builder corruptionPolicy(CorruptionPolicy policy) {
            this.corruptionPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder gcReserveSegments(int segments) {
            if (segments < 0) {
                throw new IllegalArgumentException("gcReserveSegments must be >= 0: " + segments);
            }
            this.gcReserveSegments = segments;
            return this;
        }

        public Builder gcReserveMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("gcReserveMillis must be >= 0: " + millis);
            }
            this.gcReserveMillis = millis;
            return this;
        }

        public Builder gcIntervalMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("gcIntervalMillis must be >= 0: " + millis);
            }
            this.gcIntervalMillis = millis;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder executor(ScheduledExecutorService executor) {
            this.executor = executor;
            return this;
        }

        public Builder failureListener(Consumer<Throwable> listener) {
            this.failureListener = Objects.requireNonNull(listener);
            return this;
        }

        /** Writes through {@code journal} (null: none, the default); see {@link LogOptions#journal()}. */
        public Builder journal(NodeJournal journal) {
            this.journal = journal;
            return this;
        }

        /** The seam tests use to inject IO failures. */
        Builder channels(SegmentChannel.Factory factory) {
            this.channels = Objects.requireNonNull(factory);
            return this;
        }

        public LogOptions build() {
            return new LogOptions(this);
        }
    }
}
