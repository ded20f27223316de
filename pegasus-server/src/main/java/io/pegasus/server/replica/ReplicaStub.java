package io.pegasus.server.replica;

import io.pegasus.server.log.NodeJournal;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.thrift.gpid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas a ReplicaServer hosts, by gpid: opens them at start from the data folder, creates them when the
 * MetaServer or a primary (learning) says so, closes and removes them, and drives their clocks and lease.
 *
 * <p>Everything the MetaServer tells the node arrives here ({@link #onConfig}, {@link #onAddLearner},
 * {@link #onLease}, {@link #closeReplica}, {@link #removeReplica}) and everything it asks ({@link #reports}) is
 * answered from here.
 */
final class ReplicaStub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStub.class);
    static final long TICK_MILLIS = 100;
    static final long JOURNAL_GC_MILLIS = 1000;

    /** One replica's report for the MetaServer. */
    record Report(gpid pid, ReplicaStatus status) {}

    private final ReplicaDriver.ReplicaEnv env;
    private final Map<gpid, ReplicaDriver> replicas = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    /**
     * Deletes the node journal's collected segments. Not on the ticker: deleting a 32 MiB segment took 50-200 ms under
     * load on the onebox, every two seconds or so, and the ticks (which time prepares, leases and group checks) waited
     * behind it (docs/replication.md point 19).
     */
    private final ScheduledExecutorService journalGc;
    /**
     * Run the MetaServer's orders (open, close, remove) off the agent's thread: opening RocksDB takes a while, and the
     * agent must keep beaconing meanwhile or the node loses its lease. Orders for one partition go to one stripe, so
     * they run in arrival order; different partitions open in parallel (a new table opens all of them at once).
     */
    private final java.util.concurrent.ExecutorService[] control = new java.util.concurrent.ExecutorService[4];

    private volatile boolean leaseValid;

    ReplicaStub(ReplicaDriver.ReplicaEnv env) {
        this.env = env;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThread("replica-ticker"));
        this.journalGc = Executors.newSingleThreadScheduledExecutor(daemonThread("journal-gc"));
        for (int i = 0; i < control.length; i++) {
            control[i] = Executors.newSingleThreadExecutor(daemonThread("replica-control-" + i));
        }
    }

    /** The stub's single-thread executors: one daemon thread each, named for what it does. */
    private static ThreadFactory daemonThread(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Opens every replica found in the data folder, then starts ticking. */
    void start() throws IOException {
        Path root = env.dataDir().resolve("replica");
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                gpid pid = parse(dir.getFileName().toString());
                if (pid == null) {
                    continue;
                }
                TableInfo table = TableInfoFile.read(dir);
                if (table == null) {
                    LOG.warn("skipping {}: no table.info", dir);
                    continue;
                }
                replicas.put(pid, ReplicaDriver.open(pid, table, env));
            }
        }
        LOG.info("opened {} replicas from {}", replicas.size(), root);
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        long gcEvery = env.logOptions().gcIntervalMillis();
        if (gcEvery > 0) {
            ticker.scheduleWithFixedDelay(this::gcLogs, gcEvery, gcEvery, TimeUnit.MILLISECONDS);
        }
        NodeJournal journal = env.logOptions().journal();
        if (journal != null) {
            // often, so the journal stays about one partition-sync period long
            journalGc.scheduleWithFixedDelay(
                    () -> gcJournal(journal), JOURNAL_GC_MILLIS, JOURNAL_GC_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} every {@code millis} on the stub's ticker thread (a failure is logged, the next run goes on). */
    void scheduleEvery(long millis, Runnable task) {
        ticker.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("periodic task failed: {}", e.toString());
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    private static void gcJournal(NodeJournal journal) {
        try {
            journal.gc();
        } catch (IOException | RuntimeException e) {
            LOG.warn("node journal GC failed: {}", e.toString());
        }
    }

    /** Each replica drops the log segments its storage no longer needs, on its own event thread. */
    private void gcLogs() {
        for (ReplicaDriver r : replicas.values()) {
            r.onEventThread(r::gcLog);
        }
    }

    private java.util.concurrent.ExecutorService control(gpid pid) {
        return control[Math.floorMod(pid.hashCode(), control.length)];
    }

    /** "2.5.pegasus" -> gpid(2, 5); anything else (dropped ".gar" folders) -> null. */
    static gpid parse(String name) {
        if (!name.endsWith(".pegasus")) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - ".pegasus".length()).split("\\.");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new gpid(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void tick() {
        long now = ReplicaDriver.monotonicMillis();
        boolean lease = env.meta().leaseValid();
        if (lease != leaseValid) {
            leaseValid = lease;
            LOG.info("node lease {}", lease ? "valid" : "EXPIRED: primaries stop serving");
        }
        for (Map.Entry<gpid, ReplicaDriver> e : replicas.entrySet()) {
            ReplicaDriver r = e.getValue();
            if (r.discardRequested()) {
                // this very replica only: one re-created meanwhile under the same gpid is not the failed learner
                if (replicas.remove(e.getKey(), r)) {
                    LOG.info("removing replica {}: a learner whose log failed, so that it can learn anew", e.getKey());
                    control(e.getKey()).execute(() -> remove(e.getKey(), r));
                }
                continue;
            }
            if (r.status().leaseValid() != lease) {
                // level-triggered: a replica that missed a change (created meanwhile) catches up on the next tick
                r.submit(lease ? new ReplicaEvent.LeaseRenewed() : new ReplicaEvent.LeaseExpired());
            }
            r.submit(new ReplicaEvent.Tick(now));
        }
    }

    ReplicaDriver get(gpid pid) {
        return replicas.get(pid);
    }

    /** The node's data disk and its reserve. */
    DiskSpace disk() {
        return env.disk();
    }

    NodeId self() {
        return env.self();
    }

    /**
     * The MetaServer's configuration for a partition of {@code table}. A node that is a member but does not host the
     * replica yet creates it (a new table, or a primary assigned after a restart lost nothing but the folder).
     */
    void onConfig(gpid pid, TableInfo table, PartitionConfig config) {
        control(pid).execute(() -> applyConfig(pid, table, config));
    }

    private void applyConfig(gpid pid, TableInfo table, PartitionConfig config) {
        ReplicaDriver r = replicas.get(pid);
        if (r == null) {
            if (!config.isMember(env.self())) {
                return;
            }
            r = openOrCreate(pid, table);
            if (r == null) {
                return;
            }
        } else {
            r.updateTable(table);
        }
        r.submit(new ReplicaEvent.ConfigUpdate(config));
    }

    /** The MetaServer asks this node's primary of {@code pid} to teach {@code learner}. */
    void onAddLearner(gpid pid, long ballot, NodeId learner) {
        ReplicaDriver r = replicas.get(pid);
        if (r != null) {
            r.submit(new ReplicaEvent.AddLearner(ballot, learner));
        }
    }

    /** The node's lease changed (the MetaServer agent noticed): every replica is told at once. */
    void onLease(boolean valid) {
        for (ReplicaDriver r : replicas.values()) {
            r.submit(valid ? new ReplicaEvent.LeaseRenewed() : new ReplicaEvent.LeaseExpired());
        }
    }

    /**
     * Opens or creates the replica of {@code pid} on the control thread (a primary invites this node to learn a
     * partition it does not host), then hands it to {@code then}.
     */
    void openForLearning(gpid pid, TableInfo table, java.util.function.Consumer<ReplicaDriver> then) {
        control(pid).execute(() -> {
            ReplicaDriver r = openOrCreate(pid, table);
            if (r != null) {
                then.accept(r);
            }
        });
    }

    /** The replica of {@code pid}, created empty if this node does not host it (a primary invites it to learn). */
    ReplicaDriver openOrCreate(gpid pid, TableInfo table) {
        return replicas.computeIfAbsent(pid, p -> {
            try {
                restoreKept(p);
                ReplicaDriver d = ReplicaDriver.open(p, table, env);
                d.submit(env.meta().leaseValid() ? new ReplicaEvent.LeaseRenewed() : new ReplicaEvent.LeaseExpired());
                return d;
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot open replica {}: {}", p, e.getMessage(), e);
                return null;
            }
        });
    }

    /** Moves a kept (closed) replica of {@code pid} back in place, so that a recalled table gets its data back. */
    private void restoreKept(gpid pid) throws IOException {
        for (KeptReplica k : keptReplicas()) {
            if (k.pid().equals(pid)) {
                Path live = ReplicaDirs.of(env.dataDir(), pid).root();
                if (!Files.exists(live)) {
                    Files.move(k.dir(), live);
                    Files.deleteIfExists(live.resolve(CLOSED_INFO));
                    LOG.info("reopening kept replica {} from {}", pid, k.dir().getFileName());
                }
            }
        }
    }

    /** Closes a replica, keeping its data (a dropped table within its reserve time) for a possible recall. */
    void closeReplica(gpid pid) {
        // out of the map at once, so requests get ERR_OBJECT_NOT_FOUND from now on; the close itself takes longer
        ReplicaDriver r = replicas.remove(pid);
        control(pid).execute(() -> close(pid, r));
    }

    private void close(gpid pid, ReplicaDriver r) {
        if (r != null) {
            ReplicaStatus last = r.status();
            r.close();
            try {
                Path dir = r.dirs().root();
                java.util.Properties p = new java.util.Properties();
                p.setProperty("ballot", Long.toString(last.ballot()));
                p.setProperty("committed_decree", Long.toString(last.committedDecree()));
                try (var out = Files.newBufferedWriter(dir.resolve(CLOSED_INFO))) {
                    p.store(out, "state of the replica when it was closed");
                }
                Files.move(
                        dir,
                        dir.resolveSibling(dir.getFileName() + "." + env.clock().millis() + ".gar"));
            } catch (IOException e) {
                LOG.warn("cannot move closed replica {} aside: {}", pid, e.toString());
            }
            LOG.info("closed replica {}", pid);
        }
    }

    private static final String CLOSED_INFO = "closed.info";

    /** A closed replica whose data this node keeps. */
    record KeptReplica(gpid pid, long ballot, long committedDecree, Path dir) {}

    /** Closed replicas kept on disk (newest per partition), reported to the MetaServer so a recall can reopen them. */
    List<KeptReplica> keptReplicas() {
        Map<gpid, KeptReplica> newest = new java.util.HashMap<>();
        Path root = env.dataDir().resolve("replica");
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!name.endsWith(".gar")) {
                    continue;
                }
                int cut = name.indexOf(".pegasus.");
                gpid pid = cut < 0 ? null : parse(name.substring(0, cut + ".pegasus".length()));
                if (pid == null || replicas.containsKey(pid)) {
                    continue;
                }
                java.util.Properties p = new java.util.Properties();
                try (var in = Files.newBufferedReader(dir.resolve(CLOSED_INFO))) {
                    p.load(in);
                } catch (IOException e) {
                    continue;
                }
                newest.put(
                        pid,
                        new KeptReplica(
                                pid,
                                Long.parseLong(p.getProperty("ballot", "0")),
                                Long.parseLong(p.getProperty("committed_decree", "0")),
                                dir));
            }
        } catch (IOException e) {
            LOG.warn("cannot list kept replicas: {}", e.toString());
        }
        return new ArrayList<>(newest.values());
    }

    /** Deletes whatever this node keeps of {@code pid} (a dropped table whose reserve time passed). */
    void removeReplica(gpid pid) {
        ReplicaDriver r = replicas.remove(pid);
        control(pid).execute(() -> remove(pid, r));
    }

    private void remove(gpid pid, ReplicaDriver r) {
        if (r != null) {
            // closed and deleted in place: setting the folder aside first writes a file, which fails on a full disk,
            // the very case a learner is removed for
            r.close();
            try {
                LearnSupport.deleteTree(r.dirs().root());
                LOG.info("removed replica {} ({})", pid, r.dirs().root());
            } catch (IOException e) {
                LOG.warn("cannot remove data of {}: {}", pid, e.toString());
            }
        }
        Path root = env.dataDir().resolve("replica");
        String prefix = pid.appId() + "." + pid.partitionIndex() + ".pegasus.";
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .toList()) {
                LearnSupport.deleteTree(dir);
                LOG.info("removed {}", dir);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove data of {}: {}", pid, e.toString());
        }
    }

    /** Every hosted replica with its current status, for the MetaServer's configuration sync. */
    List<Report> reports() {
        List<Report> out = new ArrayList<>();
        replicas.forEach((pid, r) -> out.add(new Report(pid, r.status())));
        return out;
    }

    Map<gpid, ReplicaDriver> replicas() {
        return replicas;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        journalGc.shutdownNow();
        for (var c : control) {
            c.shutdownNow();
        }
        for (ReplicaDriver r : replicas.values()) {
            r.close();
        }
        replicas.clear();
    }
}
