package io.pegasus.server.replica;

import io.pegasus.base.StatusCode;
import io.pegasus.server.log.LogIoException;
import io.pegasus.server.log.LogRecord;
import io.pegasus.server.log.MutationLog;
import io.pegasus.server.replication.LearnState;
import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.storage.CheckpointInfo;
import io.pegasus.server.storage.PartitionStore;
import io.pegasus.server.wire.checkpoint_file;
import io.pegasus.server.wire.checkpoint_ref;
import io.pegasus.server.wire.fetch_file_request;
import io.pegasus.server.wire.fetch_file_response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IO half of learning (PacificA: a new replica copies the primary's state before it joins).
 *
 * <p>Primary side ({@link #prepare}): if the mutation log still holds every decree the learner lacks, send those
 * mutations; otherwise make a RocksDB checkpoint (which contains exactly a known decree) and send its file list plus the
 * log after it. Learner side ({@link #install}): copy the checkpoint files from the primary in chunks, verify their
 * sizes and CRC32C, replace storage and log with them, then apply and log the mutations that follow. A checkpoint or
 * a batch of mutations that would take the disk below its reserve is refused before the first byte (and a copy stops
 * if the disk gets low on the way): the learn fails and is asked for again after the learn retry interval, the
 * partition stays short of that replica meanwhile, and the disk keeps its room.
 */
final class LearnSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LearnSupport.class);
    static final int CHUNK_BYTES = 4 << 20;
    /**
     * Log payload sent to a learner per round at most. A partition's whole log in one message would hold the
     * primary's memory and network for as long as it takes (and may pass the RPC size limit); in rounds, the learner
     * installs each part and asks for the next.
     */
    static final long ROUND_BYTES = 8 << 20;

    private static final int READ_WINDOW_DECREES = 64;
    private static final long FETCH_TIMEOUT_SECONDS = 60;
    private static final int CHECKPOINTS_KEPT = 2;

    private final ReplicaDriver driver;

    LearnSupport(ReplicaDriver driver) {
        this.driver = driver;
    }

    /** Primary side: gathers the learner's state off the event thread and reports it as an event. */
    void prepare(ReplicaAction.PrepareLearnState p) {
        CompletableFuture.supplyAsync(() -> gather(p), driver.env().pool()).whenComplete((state, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                LOG.warn(
                        "replica {}: cannot prepare learn state for {}: {}",
                        driver.pid(),
                        p.learner(),
                        cause.toString());
                driver.submit(new ReplicaEvent.LearnStatePrepareFailed(
                        p.learner(), p.learnSignature(), p.round(), String.valueOf(cause.getMessage())));
            } else {
                driver.submit(new ReplicaEvent.LearnStatePrepared(p.learner(), p.learnSignature(), p.round(), state));
            }
        });
    }

    private LearnState gather(ReplicaAction.PrepareLearnState p) {
        long from = p.learnerCommittedDecree();
        long upTo = p.upToDecree();
        MutationLog log = driver.log();
        try {
            if (upTo <= from) {
                return LearnState.ofMutations(from, List.of());
            }
            long first = log.firstDecree();
            if (first > 0 && first <= from + 1 && log.lastDecree() >= upTo) {
                return LearnState.ofMutations(from, readLog(log, from, upTo, ROUND_BYTES));
            }
            Path dir = newCheckpointDir(p.learnSignature(), p.round());
            CheckpointInfo info = driver.store().checkpoint(dir);
            long c = info.decree();
            List<Mutation> after = c < upTo ? readLog(log, c, upTo, ROUND_BYTES) : List.of();
            List<checkpoint_file> files = new ArrayList<>();
            for (CheckpointInfo.FileEntry f : info.files()) {
                files.add(new checkpoint_file(f.name(), f.size(), f.crc32c()));
            }
            long metaSize = Files.size(dir.resolve(CheckpointInfo.META_FILE));
            files.add(new checkpoint_file(CheckpointInfo.META_FILE, metaSize, 0));
            LOG.info(
                    "replica {}: learner {} gets checkpoint at decree {} ({} files) and {} mutations up to {}",
                    driver.pid(),
                    p.learner(),
                    c,
                    files.size(),
                    after.size(),
                    upTo);
            return LearnState.ofCheckpoint(
                    c, new checkpoint_ref(driver.self().address(), dir.toString(), files), after);
        } catch (IOException | TException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /**
     * The mutations after {@code fromExclusive}, up to {@code toInclusive} or until they hold {@code maxBytes} of log
     * payload (at least one): the rest comes in the learner's next round.
     */
    static List<Mutation> readLog(MutationLog log, long fromExclusive, long toInclusive, long maxBytes)
            throws IOException, TException {
        List<Mutation> out = new ArrayList<>();
        long bytes = 0;
        long next = fromExclusive;
        while (next < toInclusive) {
            long end = Math.min(toInclusive, next + READ_WINDOW_DECREES);
            for (LogRecord r : log.read(next, end)) {
                out.add(WireCodec.fromWire(WireCodec.readLogPayload(r.payload()).getMutation()));
                bytes += r.payload().length;
                if (bytes >= maxBytes) {
                    return out;
                }
            }
            next = end;
        }
        return out;
    }

    private Path newCheckpointDir(long signature, long round) throws IOException {
        Path parent = driver.dirs().learnCheckpoints();
        Files.createDirectories(parent);
        List<Path> old;
        try (Stream<Path> s = Files.list(parent)) {
            old = s.sorted(Comparator.comparingLong(LearnSupport::modified)).toList();
        }
        for (int i = 0; i < old.size() - (CHECKPOINTS_KEPT - 1); i++) {
            deleteTree(old.get(i));
        }
        return parent.resolve("cp." + signature + "." + round + "." + System.nanoTime());
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Learner side: installs {@code i}'s state synchronously on the replica's event thread, then reports the outcome
     * as an event (handled after this one).
     */
    void install(ReplicaAction.InstallLearnState i) {
        LearnState s = i.state();
        try {
            if (s.hasCheckpoint()) {
                installCheckpoint((checkpoint_ref) s.checkpoint(), i.learnSignature());
            } else {
                PartitionStore store = driver.store();
                driver.log()
                        .truncateAfter(driver.status().ballot(), store.lastAppliedDecree())
                        .get(60, TimeUnit.SECONDS);
            }
            List<Mutation> todo = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            long bytes = 0;
            for (Mutation m : s.mutations()) {
                if (m.decree() > driver.store().lastAppliedDecree()) {
                    todo.add(m);
                    payloads.add(WireCodec.logPayload(m, m.decree()));
                    bytes += payloads.get(payloads.size() - 1).length;
                }
            }
            // each mutation lands twice: in the log now, in RocksDB's files at the next flush
            String noRoom = driver.env().disk().cannotFit(2 * bytes);
            if (noRoom != null) {
                throw new IOException(todo.size() + " learned mutations: " + noRoom);
            }
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int k = 0; k < todo.size(); k++) {
                Mutation m = todo.get(k);
                appends.add(driver.log()
                        .append(new LogRecord(m.ballot(), m.decree(), m.timestampMicros(), payloads.get(k))));
                driver.store().apply(m.decree(), m.timestampMicros(), ReplicaDriver.storageRequests(m));
            }
            CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0]))
                    .get(60, TimeUnit.SECONDS);
            LOG.info("replica {}: learned up to decree {}", driver.pid(), s.lastDecree());
            driver.submit(new ReplicaEvent.LearnStateInstalled(i.learnSignature(), s.lastDecree()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LogIoException logFailure = driver.log().failure();
            if (logFailure != null) {
                // the log takes no more appends, so asking again would fail again (a full disk freed later included):
                // the learner goes to the error state, and the driver has the node remove it
                driver.submit(new ReplicaEvent.LogFailed("log failed while learning: " + logFailure.getMessage()));
                return;
            }
            LOG.warn("replica {}: installing learned state failed: {}", driver.pid(), e.toString());
            driver.submit(new ReplicaEvent.LearnStateInstallFailed(i.learnSignature(), String.valueOf(e.getMessage())));
        }
    }

    private void installCheckpoint(checkpoint_ref ref, long signature) throws Exception {
        Path incoming = driver.dirs().learnIncoming().resolve("cp." + signature);
        deleteTree(incoming);
        Files.createDirectories(incoming);
        NodeId source = NodeId.of(ref.getSource_node());
        long total = ref.getFiles().stream().mapToLong(checkpoint_file::getSize).sum();
        String noRoom = driver.env().disk().cannotFit(total);
        if (noRoom != null) {
            throw new IOException("checkpoint of " + ref.getFiles().size() + " files from " + source + ": " + noRoom);
        }
        long bytes = 0;
        try {
            for (checkpoint_file f : ref.getFiles()) {
                bytes += fetch(source, ref.getDir(), f, incoming.resolve(f.getName()));
            }
        } catch (Exception e) {
            try { // a part of a checkpoint is of no use, and its room may be what the disk lacks
                deleteTree(incoming);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info(
                "replica {}: copied checkpoint of {} files, {} bytes from {}",
                driver.pid(),
                ref.getFiles().size(),
                bytes,
                source);
        PartitionStore old = driver.store();
        old.close();
        driver.log().close();
        deleteTree(driver.dirs().rdb());
        deleteTree(driver.dirs().log());
        PartitionStore store =
                driver.env().engine().openFromCheckpoint(incoming, driver.dirs().rdb());
        MutationLog log = MutationLog.open(driver.dirs().log(), driver.env().logOptions());
        driver.swap(store, log);
        deleteTree(incoming);
    }

    private long fetch(NodeId source, String dir, checkpoint_file f, Path target) throws Exception {
        long offset = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            while (true) {
                fetch_file_response r = driver.env()
                        .transport()
                        .fetchFile(source, driver.pid(), new fetch_file_request(dir, f.getName(), offset, CHUNK_BYTES))
                        .get(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (r.getError() != StatusCode.OK) {
                    throw new IOException("fetching " + f.getName() + " at " + offset + " from " + source + " failed: "
                            + StatusCode.name(r.getError()));
                }
                byte[] data = r.getData();
                if (driver.env().disk().low()) { // other copies or writes took the room meanwhile
                    throw new IOException("copying " + f.getName() + " from " + source + " stopped at " + offset
                            + " bytes: " + driver.env().disk().describe());
                }
                out.write(data);
                offset += data.length;
                if (offset >= r.getFile_size() || data.length == 0) {
                    break;
                }
            }
        }
        if (f.getSize() != offset) {
            throw new IOException(
                    "fetched " + offset + " bytes of " + f.getName() + " from " + source + ", expected " + f.getSize());
        }
        return offset;
    }

    /** Deletes checkpoints made for learners and files copied in (at close). */
    void cleanUp() {
        try {
            deleteTree(driver.dirs().learnCheckpoints());
            deleteTree(driver.dirs().learnIncoming());
        } catch (IOException e) {
            LOG.warn("replica {}: cannot clean learn folders: {}", driver.pid(), e.toString());
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
