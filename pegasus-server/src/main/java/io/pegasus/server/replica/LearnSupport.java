package io.pegasus.server.replica;

import io.pegasus.base.StatusCode;
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
 * sizes and CRC32C, replace storage and log with them, then apply and log the mutations that follow.
 */
final class LearnSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LearnSupport.class);
    static final int CHUNK_BYTES = 4 << 20;
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
                return LearnState.ofMutations(from, readLog(log, from, upTo));
            }
            Path dir = newCheckpointDir(p.learnSignature(), p.round());
            CheckpointInfo info = driver.store().checkpoint(dir);
            long c = info.decree();
            List<Mutation> after = c < upTo ? readLog(log, c, upTo) : List.of();
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

    private static List<Mutation> readLog(MutationLog log, long fromExclusive, long toInclusive)
            throws IOException, TException {
        List<Mutation> out = new ArrayList<>();
        for (LogRecord r : log.read(fromExclusive, toInclusive)) {
            out.add(WireCodec.fromWire(WireCodec.readLogPayload(r.payload()).getMutation()));
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
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (Mutation m : s.mutations()) {
                if (m.decree() <= driver.store().lastAppliedDecree()) {
                    continue;
                }
                appends.add(driver.log()
                        .append(new LogRecord(
                                m.ballot(), m.decree(), m.timestampMicros(), WireCodec.logPayload(m, m.decree()))));
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
            LOG.warn("replica {}: installing learned state failed: {}", driver.pid(), e.toString());
            driver.submit(new ReplicaEvent.LearnStateInstallFailed(i.learnSignature(), String.valueOf(e.getMessage())));
        }
    }

    private void installCheckpoint(checkpoint_ref ref, long signature) throws Exception {
        Path incoming = driver.dirs().learnIncoming().resolve("cp." + signature);
        deleteTree(incoming);
        Files.createDirectories(incoming);
        NodeId source = NodeId.of(ref.getSource_node());
        long bytes = 0;
        for (checkpoint_file f : ref.getFiles()) {
            bytes += fetch(source, ref.getDir(), f, incoming.resolve(f.getName()));
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
