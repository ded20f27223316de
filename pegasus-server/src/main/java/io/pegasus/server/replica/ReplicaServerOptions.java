package io.pegasus.server.replica;

import io.pegasus.server.log.FlushPolicy;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.storage.StorageConfig;
import java.nio.file.Path;

/**
 * Settings of one ReplicaServer.
 *
 * @param host the address to bind and to be known by (IPv4, e.g. 127.0.0.1); replicas name each other "host:port"
 * @param port the port to serve on (34801.. in onebox); 0 picks a free one (tests)
 * @param dataDir where replicas keep their folders
 * @param ioThreads network threads (0 = Netty's default)
 * @param peerIoThreads network threads of the node's own connections to its peers; 0 (default) = the {@code
 *     ioThreads} (a prepare or acknowledgement is then written by the thread that handled the message causing it,
 *     instead of being handed to another thread that must be woken; docs/replication.md point 11)
 * @param replicaThreads threads shared by the replicas' event loops; 0 = unbounded (a replica installing a learned
 *     checkpoint holds one for the duration)
 * @param readThreads threads for range reads (multi_get, scans)
 * @param logThreads threads that write and fdatasync the mutation logs of all the node's partitions; 0 = a thread per
 *     partition log. Default 1: one thread going from log to log batches more records per fdatasync and wakes less
 *     often than a thread per log (docs/replication.md)
 * @param logJournal whether the partition logs write through one journal per node (slog/), which makes a round of
 *     appends of all partitions durable with one fdatasync instead of one per partition log ({@link
 *     io.pegasus.server.log.NodeJournal}); default true
 * @param deferSecondaryApplies whether a secondary writes the decrees it learns are committed into RocksDB after the
 *     network thread has sent what its round produced (acknowledgements first), instead of before logging the
 *     prepare that told it; default true (docs/replication.md point 17)
 * @param journalWritesAfterRound under {@code WRITE_EACH_BATCH}, whether the node journal writes the records a
 *     network thread's round handed it at the end of that round, in one write, and a partition log's append completes
 *     once in its own file, without waiting for the journal ({@link
 *     io.pegasus.server.log.NodeJournal#writeAfterRound}); default true (docs/replication.md point 17)
 * @param maxWriteBodyBytes writes with a longer request body get ERR_INVALID_DATA (spec 4.16; 1 MiB like Apache
 *     Pegasus)
 * @param diskReserveBytes free space the data folder's disk keeps: below it the node refuses writes with
 *     ERR_DISK_INSUFFICIENT, serves reads, and the MetaServer moves its primaries away ({@link DiskSpace}); 0 = no
 *     check
 */
public record ReplicaServerOptions(
        String host,
        int port,
        Path dataDir,
        int ioThreads,
        int peerIoThreads,
        int replicaThreads,
        int readThreads,
        int logThreads,
        boolean logJournal,
        boolean deferSecondaryApplies,
        boolean journalWritesAfterRound,
        int maxWriteBodyBytes,
        long diskReserveBytes,
        StorageConfig storage,
        LogOptions log,
        ReplicaOptions replica) {

    public static final int DEFAULT_LOG_THREADS = 1;
    public static final boolean DEFAULT_LOG_JOURNAL = true;
    public static final boolean DEFAULT_DEFER_SECONDARY_APPLIES = true;
    public static final boolean DEFAULT_JOURNAL_WRITES_AFTER_ROUND = true;
    public static final long DEFAULT_DISK_RESERVE_BYTES = 256L << 20;
    /**
     * A mutation counts as logged once written to the operating system, fdatasynced within {@link
     * LogOptions#syncIntervalMillis()} (10 ms): a process crash loses nothing, a power loss of all three replicas at
     * the same instant can lose that interval. Apache Pegasus acknowledges at the same point (its private log's
     * {@code plog_force_flush}, an fdatasync after each write, is off by default). docs/mutation-log.md weighs it
     * against {@link FlushPolicy#FSYNC_EACH_BATCH}.
     */
    public static final FlushPolicy DEFAULT_FLUSH_POLICY = FlushPolicy.WRITE_EACH_BATCH;

    /**
     * A partition log keeps up to 64 KiB of records in memory and writes them in one go; its appends complete once the
     * node journal wrote them (docs/replication.md point 22). 0: each batch goes to the partition log's file at once.
     */
    public static final int DEFAULT_LOG_BUFFER_BYTES = 64 << 10;

    public static ReplicaServerOptions defaults(String host, int port, Path dataDir) {
        return new ReplicaServerOptions(
                host,
                port,
                dataDir,
                0,
                0,
                0,
                2,
                DEFAULT_LOG_THREADS,
                DEFAULT_LOG_JOURNAL,
                DEFAULT_DEFER_SECONDARY_APPLIES,
                DEFAULT_JOURNAL_WRITES_AFTER_ROUND,
                1 << 20,
                DEFAULT_DISK_RESERVE_BYTES,
                StorageConfig.builder().walEnabled(false).build(),
                LogOptions.builder()
                        .flushPolicy(DEFAULT_FLUSH_POLICY)
                        .journaledBufferBytes(DEFAULT_LOG_BUFFER_BYTES)
                        .build(),
                ReplicaOptions.defaults());
    }

    public ReplicaServerOptions withPort(int p) {
        Copy c = new Copy(this);
        c.port = p;
        return c.build();
    }

    public ReplicaServerOptions withIoThreads(int n) {
        Copy c = new Copy(this);
        c.ioThreads = n;
        return c.build();
    }

    public ReplicaServerOptions withReplica(ReplicaOptions r) {
        Copy c = new Copy(this);
        c.replica = r;
        return c.build();
    }

    public ReplicaServerOptions withLog(LogOptions l) {
        Copy c = new Copy(this);
        c.log = l;
        return c.build();
    }

    public ReplicaServerOptions withStorage(StorageConfig s) {
        Copy c = new Copy(this);
        c.storage = s;
        return c.build();
    }

    public ReplicaServerOptions withLogJournal(boolean on) {
        Copy c = new Copy(this);
        c.logJournal = on;
        return c.build();
    }

    public ReplicaServerOptions withDeferSecondaryApplies(boolean on) {
        Copy c = new Copy(this);
        c.deferSecondaryApplies = on;
        return c.build();
    }

    public ReplicaServerOptions withJournalWritesAfterRound(boolean on) {
        Copy c = new Copy(this);
        c.journalWritesAfterRound = on;
        return c.build();
    }

    public ReplicaServerOptions withDiskReserveBytes(long bytes) {
        Copy c = new Copy(this);
        c.diskReserveBytes = bytes;
        return c.build();
    }

    /**
     * A copy of some options, changed by name and built again: the one place that lists every component, so that a
     * withX names what it changes and a component added to the record is added here alone.
     */
    private static final class Copy {
        private final ReplicaServerOptions o;
        int port;
        int ioThreads;
        boolean logJournal;
        boolean deferSecondaryApplies;
        boolean journalWritesAfterRound;
        long diskReserveBytes;
        StorageConfig storage;
        LogOptions log;
        ReplicaOptions replica;

        Copy(ReplicaServerOptions o) {
            this.o = o;
            port = o.port;
            ioThreads = o.ioThreads;
            logJournal = o.logJournal;
            deferSecondaryApplies = o.deferSecondaryApplies;
            journalWritesAfterRound = o.journalWritesAfterRound;
            diskReserveBytes = o.diskReserveBytes;
            storage = o.storage;
            log = o.log;
            replica = o.replica;
        }

        ReplicaServerOptions build() {
            return new ReplicaServerOptions(
                    o.host,
                    port,
                    o.dataDir,
                    ioThreads,
                    o.peerIoThreads,
                    o.replicaThreads,
                    o.readThreads,
                    o.logThreads,
                    logJournal,
                    deferSecondaryApplies,
                    journalWritesAfterRound,
                    o.maxWriteBodyBytes,
                    diskReserveBytes,
                    storage,
                    log,
                    replica);
        }
    }
}
