package io.pegasus.server.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the node journal's recovery costs at a start after a process crash, next to what opening the same partition
 * logs costs (which the recovery used to do for every log with journaled records, before the replicas open them
 * again). Writes {@code logs} partition logs of {@code mib} MiB each through one journal, "crashes" (nothing closed),
 * then times a journal open and an open of every partition log.
 *
 * <p>Run: {@code bin/bench-main pegasus-server io.pegasus.server.log.JournalRecoveryBench [logs] [MiB per log]}
 */
public final class JournalRecoveryBench {
    public static void main(String[] args) throws Exception {
        int logs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path root = Files.createTempDirectory("journal-recovery");
        LogOptions options =
                LogOptions.builder().flushPolicy(FlushPolicy.WRITE_EACH_BATCH).build();
        NodeJournal journal = NodeJournal.open(root, root.resolve("slog"), options);
        List<Path> dirs = new ArrayList<>();
        List<MutationLog> open = new ArrayList<>();
        for (int p = 0; p < logs; p++) {
            Path dir = root.resolve("replica/1." + p + ".pegasus/plog");
            Files.createDirectories(dir);
            dirs.add(dir);
            open.add(MutationLog.open(dir, options.toBuilder().journal(journal).build()));
        }
        byte[] payload = new byte[1024];
        long records = (long) mib * 1024;
        for (long d = 1; d <= records; d++) {
            List<CompletableFuture<Void>> f = new ArrayList<>();
            for (MutationLog log : open) {
                f.add(log.append(new LogRecord(1, d, d, payload)));
            }
            if (d % 256 == 0) {
                CompletableFuture.allOf(f.toArray(new CompletableFuture[0])).join();
            }
        }
        for (MutationLog log : open) {
            log.append(new LogRecord(1, records + 1, 0, payload)).join();
        }
        Thread.sleep(2 * NodeJournal.PARTITION_SYNC_INTERVAL_MILLIS); // the partition logs' background fsyncs
        GcResult gc = journal.gc(); // as the ReplicaServer does every second
        System.out.printf(
                "%d partition logs of %d MiB written through the journal; journal GC: %s; journal now %d MiB%n",
                logs,
                mib,
                gc,
                journal.log().segments().stream().mapToLong(SegmentInfo::bytes).sum() >> 20);
        // a process crash: the kernel keeps every page; a copy of the folder as it is stands for the node after it
        Path crashed = Files.createTempDirectory("journal-recovery-crashed");
        LogTesting.copyTree(root, crashed);
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            NodeJournal recovered = NodeJournal.open(crashed, crashed.resolve("slog"), options);
            long t1 = System.nanoTime();
            NodeJournal.RecoveryReport r = recovered.recoveryReport();
            recovered.close();
            long t2 = System.nanoTime();
            for (Path dir : dirs) {
                MutationLog.open(crashed.resolve(root.relativize(dir).toString()), options)
                        .close();
            }
            long t3 = System.nanoTime();
            System.out.printf(
                    "round %d: journal recovery %.0f ms (%s)%n         opening the %d partition logs (what the recovery"
                            + " used to do too, before the replicas open them) %.0f ms%n",
                    round, (t1 - t0) / 1e6, r, logs, (t3 - t2) / 1e6);
        }
    }

    private JournalRecoveryBench() {}
}
