package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.log.GcResult;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.log.LogRecord;
import io.pegasus.server.log.MutationLog;
import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.RecoveredState;
import io.pegasus.server.replication.Replica;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaMessage;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WriteRequest;
import io.pegasus.server.storage.PartitionId;
import io.pegasus.server.storage.PartitionStore;
import io.pegasus.server.storage.StorageEngine;
import io.pegasus.server.storage.WriteStalledException;
import io.pegasus.server.wire.logged_mutation;
import io.pegasus.thrift.gpid;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one partition replica: feeds events to its PacificA state machine ({@link Replica}) one at a time on a
 * {@link SerialExecutor}, and performs the actions it returns against the real world: the mutation log, RocksDB
 * storage, the network and the MetaServer. This is the only class that knows both the protocol and the IO.
 *
 * <p>Threads: every call into {@link #replica} happens on {@link #events}. Reads never go through it: they check the
 * published {@link #status} and the node's lease, then read {@link #store()} directly (storage is thread-safe).
 */
final class ReplicaDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaDriver.class);
    /** {@code -Dpegasus.replica.inlineHotEvents=false} sends every event through the pool (for comparison). */
    private static final boolean INLINE_HOT_EVENTS =
            Boolean.parseBoolean(System.getProperty("pegasus.replica.inlineHotEvents", "true"));

    private final gpid pid;
    private final NodeId self;
    private final ReplicaDirs dirs;
    private final ReplicaEnv env;
    private final SerialExecutor events;
    private final Replica replica;
    private final Map<Long, ClientWrite> pendingWrites = new ConcurrentHashMap<>();
    private final LearnSupport learn;
    private volatile PartitionStore store;
    private volatile MutationLog log;
    private volatile ReplicaStatus status;
    private volatile TableInfo table;
    private volatile boolean closed;
    /** Set when this replica, a learner, lost its log: the node removes it ({@link ReplicaStub}) so it can learn anew. */
    private volatile boolean discardRequested;

    private long promotedAtMillis; // event thread only
    /** Storage writes left for the end of the network round (docs/replication.md point 17). */
    private final RoundEndWork roundEnd;
    /**
     * Committed decrees waiting for storage, in decree order: RocksDB held back (its write stall) a write made on a
     * thread that must not sleep, a network thread. That one and every later one are then applied by a task on the
     * replica pool, where waiting for RocksDB holds up this partition only, not every partition of the node. Event
     * thread only.
     */
    private final ArrayDeque<PendingApply> storageBacklog = new ArrayDeque<>();

    /** A write stall is logged at most this often per replica: in a long one RocksDB holds back write after write. */
    private static final long STALL_REPORT_INTERVAL_NANOS = 10_000_000_000L;

    private long stalledAtNanos; // event thread only, as are the next two
    private long stallReportedAtNanos;
    private boolean stallReported;
    private volatile long storageStalls;
    /**
     * A primary's storage lacks a decree a predecessor may have acknowledged (it waits in {@link #storageBacklog}):
     * no reads until it is applied.
     */
    private volatile boolean readsHeldForStorage;

    private record PendingApply(Mutation mutation, boolean reply) {}

    /** A client write waiting for its mutation to be applied here. */
    interface ClientWrite {
        void reply(TBase<?, ?> response);

        void fail(ErrorCode error);
    }

    private ReplicaDriver(
            gpid pid,
            TableInfo table,
            ReplicaDirs dirs,
            ReplicaEnv env,
            PartitionStore store,
            MutationLog log,
            Replica replica) {
        this.pid = pid;
        this.table = table;
        this.self = env.self();
        this.dirs = dirs;
        this.env = env;
        this.store = store;
        this.log = log;
        this.replica = replica;
        this.events = new SerialExecutor(env.pool(), "replica " + pid);
        this.learn = new LearnSupport(this);
        this.roundEnd = new RoundEndWork(env.afterNetworkRound(), events::runOrExecute);
        this.status = replica.status();
        // the state machine measures timeouts between ticks: give it the time before any other event
        submit(new ReplicaEvent.Tick(monotonicMillis()));
    }

    /** The clock replica timeouts run on: monotonic, unaffected by wall-clock steps. */
    static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /**
     * Opens (or creates) the replica of {@code pid} on this node: opens storage and the log, applies the logged
     * mutations that were committed, and hands the rest to the state machine as prepared. The replica starts
     * INACTIVE until a configuration gives it a role.
     */
    static ReplicaDriver open(gpid pid, TableInfo table, ReplicaEnv env) throws IOException {
        ReplicaDirs dirs = ReplicaDirs.of(env.dataDir(), pid);
        Files.createDirectories(dirs.root());
        TableInfoFile.write(dirs.root(), table);
        PartitionConfig config = PersistedConfig.read(dirs.meta());
        PartitionStore store = env.engine()
                .open(new PartitionId(pid.appId(), pid.partitionIndex(), table.partitionCount()), dirs.rdb());
        store.setDefaultTtlSeconds(table.defaultTtlSeconds());
        MutationLog log;
        try {
            log = MutationLog.open(dirs.log(), env.logOptions());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            RecoveredState recovered = recover(pid, config, store, log);
            Replica replica = Replica.recover(env.self(), env.replicaOptions(), recovered);
            LOG.info(
                    "replica {} opened: ballot {}, applied decree {}, {} logged mutations to re-prepare",
                    pid,
                    config.ballot(),
                    recovered.committedDecree(),
                    recovered.uncommitted().size());
            return new ReplicaDriver(pid, table, dirs, env, store, log, replica);
        } catch (IOException | TException | RuntimeException e) {
            store.close();
            log.close();
            throw new IOException("cannot recover replica " + pid + " in " + dirs.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replays the log after the decree storage holds: mutations the log knew to be committed are applied now; the
     * consecutive ones after them become the state machine's prepared (uncommitted) list.
     */
    private static RecoveredState recover(gpid pid, PartitionConfig config, PartitionStore store, MutationLog log)
            throws IOException, TException {
        long applied = store.lastAppliedDecree();
        List<Mutation> logged = new ArrayList<>();
        long[] knownCommitted = {applied};
        List<TException> errors = new ArrayList<>();
        log.replay(applied, r -> {
            try {
                logged_mutation lm = WireCodec.readLogPayload(r.payload());
                logged.add(WireCodec.fromWire(lm.getMutation()));
                knownCommitted[0] = Math.max(knownCommitted[0], lm.getCommitted_decree());
            } catch (TException e) {
                errors.add(e);
            }
        });
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        List<Mutation> uncommitted = new ArrayList<>();
        long next = applied + 1;
        for (Mutation m : logged) {
            if (m.decree() != next) {
                LOG.warn(
                        "replica {}: log has decree {} where {} was expected; ignoring the rest",
                        pid,
                        m.decree(),
                        next);
                break;
            }
            if (m.decree() <= knownCommitted[0]) {
                store.apply(m.decree(), m.timestampMicros(), storageRequests(m));
            } else {
                uncommitted.add(m);
            }
            next++;
        }
        return new RecoveredState(config, store.lastAppliedDecree(), uncommitted);
    }

    gpid pid() {
        return pid;
    }

    NodeId self() {
        return self;
    }

    ReplicaDirs dirs() {
        return dirs;
    }

    ReplicaEnv env() {
        return env;
    }

    TableInfo table() {
        return table;
    }

    /** New table info from the MetaServer (envs may change at any time); persisted for restarts. */
    void updateTable(TableInfo t) {
        if (t.equals(table)) {
            return;
        }
        table = t;
        store.setDefaultTtlSeconds(t.defaultTtlSeconds());
        try {
            TableInfoFile.write(dirs.root(), t);
        } catch (IOException e) {
            LOG.warn("replica {}: cannot persist table info: {}", pid, e.toString());
        }
    }

    /** The storage, for reads; may be swapped by a learner's checkpoint install (callers handle a closed store). */
    PartitionStore store() {
        return store;
    }

    MutationLog log() {
        return log;
    }

    /** The state machine's status after the last event. */
    ReplicaStatus status() {
        return status;
    }

    /** True if a normal read may be served here now: an active primary whose node holds a valid lease. */
    boolean servesReads() {
        ReplicaStatus s = status;
        return s.serving() && s.role() == Role.PRIMARY && env.meta().leaseValid() && !readsHeldForStorage;
    }

    /** True if a backup read (spec 7.6) may be served here: a secondary, or a serving primary. */
    boolean servesBackupReads() {
        ReplicaStatus s = status;
        return s.role() == Role.SECONDARY || servesReads();
    }

    /** Whether the node should remove this replica and its data ({@link ReplicaAction.DiscardReplica} says when). */
    boolean discardRequested() {
        return discardRequested;
    }

    /**
     * Feeds an event to the state machine, in order with every other event. Events of the write path ({@link
     * #isHot}) run on the calling thread when the replica is idle ({@link SerialExecutor#runOrExecute}): each hand-off
     * to a pool thread is a wake-up, and wake-ups were most of a put's CPU (docs/replication.md). Everything else,
     * learning included (it installs checkpoints), runs on the pool.
     */
    void submit(ReplicaEvent event) {
        if (closed) {
            return;
        }
        if (INLINE_HOT_EVENTS && isHot(event)) {
            events.runOrExecute(() -> handle(event));
        } else {
            events.execute(() -> handle(event));
        }
    }

    /** Short events of the write path: a client write, a prepare, an acknowledgement, a log append completing. */
    private static boolean isHot(ReplicaEvent event) {
        return event instanceof ReplicaEvent.ClientWrite
                || event instanceof ReplicaEvent.LogAppended
                || (event instanceof ReplicaEvent.MessageReceived m
                        && (m.message() instanceof ReplicaMessage.Prepare
                                || m.message() instanceof ReplicaMessage.PrepareAck));
    }

    /** A client write arrived: it is answered when applied, or with an error. */
    void write(long requestId, WireWrite write, ClientWrite call) {
        pendingWrites.put(requestId, call);
        submit(new ReplicaEvent.ClientWrite(
                new WriteRequest(requestId, write), env.clock().millis() * 1000));
    }

    private void handle(ReplicaEvent event) {
        if (closed) {
            return;
        }
        if (!isHot(event)) {
            catchUpStorage(); // a configuration change, learning or a timer finds storage as it was
        }
        if (event instanceof ReplicaEvent.MessageReceived m
                && m.message() instanceof ReplicaMessage.PrepareAck a
                && a.error() != ErrorCode.ERR_OK) {
            LOG.info(
                    "replica {}: {} refused decree {}.{}: {} (its ballot {})",
                    pid,
                    m.from(),
                    a.mutationBallot(),
                    a.decree(),
                    a.error(),
                    a.ballot());
        }
        List<ReplicaAction> actions;
        try {
            actions = replica.handle(event, monotonicMillis());
        } catch (RuntimeException e) {
            LOG.error("replica {}: state machine failed on {}", pid, event, e);
            return;
        }
        for (ReplicaAction a : actions) {
            try {
                perform(a);
            } catch (RuntimeException e) {
                LOG.error("replica {}: action {} failed", pid, a, e);
            }
        }
        ReplicaStatus before = status;
        status = replica.status();
        if (status.serving() != before.serving()) {
            if (status.serving()) {
                LOG.info(
                        "replica {}: primary serving at ballot {} ({} ms after it became primary)",
                        pid,
                        status.ballot(),
                        monotonicMillis() - promotedAtMillis);
                env.meta().primaryServing(pid);
            } else {
                LOG.info("replica {}: stopped serving ({} at ballot {})", pid, status.role(), status.ballot());
            }
        }
    }

    private void perform(ReplicaAction action) {
        if (!(action instanceof ReplicaAction.Send
                || action instanceof ReplicaAction.AppendToLog
                || action instanceof ReplicaAction.Apply)) {
            catchUpStorage(); // whatever else an event does comes after the applies before it
        }
        if (action instanceof ReplicaAction.Send s) {
            WireCodec.Outgoing out = WireCodec.toWire(self, s.message());
            if (out.body() instanceof io.pegasus.server.wire.group_check_msg g) {
                TableInfo t = table;
                g.setPartition_count(t.partitionCount());
                g.setApp_name(t.appName());
                g.setEnvs(new java.util.HashMap<>(t.envs()));
            }
            env.transport().send(s.to(), pid, out);
        } else if (action instanceof ReplicaAction.AppendToLog a) {
            appendToLog(a.mutation(), a.committedDecree());
        } else if (action instanceof ReplicaAction.TruncateLog t) {
            log.truncateAfter(status.ballot(), t.afterDecree()).whenComplete((v, e) -> {
                if (e != null) {
                    submit(new ReplicaEvent.LogFailed("truncating the log of " + pid + " failed: " + e));
                }
            });
        } else if (action instanceof ReplicaAction.Apply a) {
            // a decree no client waits for here (a secondary's or learner's) is written into storage after the
            // round's acknowledgements are sent: a prepare that tells a secondary a decree is committed used to wait
            // for that decree's RocksDB write before being logged and acknowledged. Not a primary's: one without
            // clients here is a predecessor's decree, which may have been acknowledged, and the primary may serve
            // reads as soon as this event ends
            if (a.replyToClients()
                    || replica.role() == Role.PRIMARY
                    || !env.deferSecondaryApplies()
                    || !roundEnd.defer(() -> apply(a.mutation(), false))) {
                roundEnd.runAll();
                apply(a.mutation(), a.replyToClients());
            }
        } else if (action instanceof ReplicaAction.ReplyError r) {
            ClientWrite w = pendingWrites.remove(r.requestId());
            if (w != null) {
                w.fail(r.error());
            }
        } else if (action instanceof ReplicaAction.AbandonRequests r) {
            r.requestIds().forEach(pendingWrites::remove);
        } else if (action instanceof ReplicaAction.ProposeToMeta p) {
            LOG.info("replica {}: proposing {}", pid, p.proposal());
            env.meta().propose(pid, p.proposal()).whenComplete((outcome, e) -> {
                if (e != null) {
                    submit(new ReplicaEvent.ProposalReply(p.proposal(), ErrorCode.ERR_TIMEOUT, status.config()));
                } else {
                    submit(new ReplicaEvent.ProposalReply(p.proposal(), outcome.error(), outcome.config()));
                }
            });
        } else if (action instanceof ReplicaAction.QueryConfig q) {
            env.meta().queryConfig(pid, table.appName()).whenComplete((config, e) -> {
                if (e == null && config != null) {
                    submit(new ReplicaEvent.ConfigQueryReply(q.queryId(), config));
                } else {
                    LOG.debug("replica {}: configuration query failed: {}", pid, String.valueOf(e));
                }
            });
        } else if (action instanceof ReplicaAction.PersistConfig p) {
            try {
                PersistedConfig.write(dirs.meta(), p.config());
            } catch (IOException e) {
                LOG.error("replica {}: cannot persist configuration {}", pid, p.config(), e);
                submit(new ReplicaEvent.LogFailed("cannot persist the configuration: " + e.getMessage()));
            }
        } else if (action instanceof ReplicaAction.PrepareLearnState p) {
            learn.prepare(p);
        } else if (action instanceof ReplicaAction.InstallLearnState i) {
            learn.install(i); // synchronous: nothing else touches this replica's storage or log meanwhile
        } else if (action instanceof ReplicaAction.ReportError r) {
            LOG.error("replica {} entered the error state: {}", pid, r.reason());
        } else if (action instanceof ReplicaAction.RoleChanged c) {
            LOG.info("replica {}: {} -> {} with {}", pid, c.from(), c.to(), c.config());
            if (c.to() == Role.PRIMARY) {
                promotedAtMillis = monotonicMillis();
            }
        } else if (action instanceof ReplicaAction.DiscardReplica d) {
            LOG.error(
                    "replica {}: a learner whose log failed ({}); the node removes it to learn anew", pid, d.reason());
            discardRequested = true;
        } else if (action instanceof ReplicaAction.ServeRead) {
            // reads do not go through the state machine (see the class comment)
        }
    }

    private void appendToLog(Mutation m, long committedDecree) {
        byte[] payload;
        try {
            payload = WireCodec.logPayload(m, committedDecree);
        } catch (TException e) {
            submit(new ReplicaEvent.LogFailed("cannot encode " + m + ": " + e));
            return;
        }
        MutationLog target = log;
        target.append(new LogRecord(m.ballot(), m.decree(), m.timestampMicros(), payload))
                .whenComplete((v, e) -> {
                    if (target != log) {
                        return; // the log was replaced by a learner's install meanwhile
                    }
                    submit(
                            e == null
                                    ? new ReplicaEvent.LogAppended(m.ballot(), m.decree())
                                    : new ReplicaEvent.LogFailed("log append of " + m + " failed: " + e));
                });
    }

    /**
     * Applies a committed decree to storage and answers its clients. A write RocksDB would hold back is never waited
     * for here: it is left for a task on the replica pool, with every decree after it ({@link #storageBacklog}). On a
     * network thread that is what keeps the node's other partitions going. On a pool thread it is what keeps the
     * replica's status current: the event that committed the decree ends, so a new primary whose predecessor's
     * decree waits is serving with its reads held ({@link #readsHeldForStorage}), whichever thread committed it.
     */
    private void apply(Mutation m, boolean reply) {
        if (!storageBacklog.isEmpty()) {
            holdBack(m, reply); // behind the decrees already waiting, in order
            return;
        }
        applyNow(m, reply, false);
    }

    private void applyNow(Mutation m, boolean reply, boolean mayWait) {
        List<TBase<?, ?>> responses;
        try {
            if (m.decree() <= store.lastAppliedDecree()) {
                return; // already in storage (replayed at open, or installed by learning)
            }
            List<io.pegasus.server.storage.WriteRequest> requests = storageRequests(m);
            responses = mayWait
                    ? store.apply(m.decree(), m.timestampMicros(), requests)
                    : store.applyWithoutWaiting(m.decree(), m.timestampMicros(), requests);
        } catch (WriteStalledException e) {
            holdBack(m, reply);
            storageStalls++;
            stalledAtNanos = System.nanoTime();
            stallReported = storageStalls == 1 || stalledAtNanos - stallReportedAtNanos >= STALL_REPORT_INTERVAL_NANOS;
            if (stallReported) {
                LOG.warn(
                        "replica {}: RocksDB holds back writes (write stall {} of this replica; reported at most every"
                                + " 10 s); decree {} and those after it are applied on a replica thread, so that only"
                                + " this partition waits",
                        pid,
                        storageStalls,
                        m.decree());
                stallReportedAtNanos = stalledAtNanos;
            }
            events.execute(this::catchUpStorage); // not a quick task: never run inline, always on the pool
            return;
        } catch (TException | RuntimeException e) {
            LOG.error("replica {}: applying {} failed", pid, m, e);
            submit(new ReplicaEvent.LogFailed("applying decree " + m.decree() + " failed: " + e));
            return;
        }
        if (!reply) {
            return;
        }
        for (int i = 0; i < m.writes().size(); i++) {
            ClientWrite w = pendingWrites.remove(m.writes().get(i).requestId());
            if (w != null) {
                TBase<?, ?> r = responses.get(i);
                Responses.setServer(r, env.serverName());
                w.reply(r);
            }
        }
    }

    static List<io.pegasus.server.storage.WriteRequest> storageRequests(Mutation m) throws TException {
        List<io.pegasus.server.storage.WriteRequest> out =
                new ArrayList<>(m.writes().size());
        for (WriteRequest w : m.writes()) {
            out.add(((WireWrite) w.payload()).request());
        }
        return out;
    }

    /**
     * Brings storage to what the state machine committed: the round's deferred applies, then, on a pool thread only
     * (it may wait for RocksDB), the decrees a write stall held back.
     */
    private void catchUpStorage() {
        roundEnd.runAll();
        if (storageBacklog.isEmpty() || events.runningInline()) {
            return;
        }
        int decrees = storageBacklog.size();
        PendingApply p;
        while ((p = storageBacklog.poll()) != null) {
            applyNow(p.mutation(), p.reply(), true);
        }
        readsHeldForStorage = false;
        if (stallReported) {
            LOG.info(
                    "replica {}: storage caught up after the write stall ({} held-back decrees applied, {} ms after it"
                            + " began)",
                    pid,
                    decrees,
                    (System.nanoTime() - stalledAtNanos) / 1_000_000);
        }
    }

    /**
     * Leaves a committed decree for the pool ({@link #storageBacklog}). A primary's decree without clients here is a
     * predecessor's, whose client may have had its answer: reads wait until it is in storage. (Its own clients'
     * decrees are answered only once applied, so they need no such care.)
     */
    private void holdBack(Mutation m, boolean reply) {
        storageBacklog.add(new PendingApply(m, reply));
        if (!reply && replica.role() == Role.PRIMARY) {
            readsHeldForStorage = true;
        }
    }

    /** How many times RocksDB held back a write this replica made on a network thread (its write stall). */
    long storageStalls() {
        return storageStalls;
    }

    /** Replaces storage and log after a learner installed a checkpoint; called on the event thread only. */
    void swap(PartitionStore newStore, MutationLog newLog) {
        this.store = newStore;
        this.log = newLog;
    }

    /**
     * Deletes the log segments whose every decree the storage has made durable (flushed to SST files: with RocksDB's
     * WAL off, the log is what replays the rest after a crash). A learner asking for a deleted range gets a checkpoint
     * instead. Runs on the event thread, so a learner's install cannot swap the log meanwhile.
     */
    void gcLog() {
        if (closed) {
            return;
        }
        long durable;
        try {
            durable = store.lastDurableDecree();
            GcResult r = log.gc(durable);
            if (r.deletedSegments() > 0) {
                LOG.debug("replica {}: log GC up to durable decree {}: {}", pid, durable, r);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("replica {}: log GC failed: {}", pid, e.toString());
        }
    }

    /** Runs {@code task} on this replica's event thread. */
    void onEventThread(Runnable task) {
        events.execute(() -> {
            catchUpStorage();
            task.run();
        });
    }

    /** How many committed decrees were applied at the end of a network round rather than at once. */
    long appliesDeferred() {
        return roundEnd.deferred();
    }

    /** Writes waiting for their mutation. */
    int pendingWrites() {
        return pendingWrites.size();
    }

    /** Stops the replica: pending writes are failed ERR_INVALID_STATE, storage and log are closed. */
    void close() {
        Runnable shutdown = () -> {
            if (closed) {
                return;
            }
            catchUpStorage();
            closed = true;
            pendingWrites.values().forEach(w -> w.fail(ErrorCode.ERR_INVALID_STATE));
            pendingWrites.clear();
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.warn("replica {}: closing storage failed", pid, e);
            }
            try {
                log.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("replica {}: closing the log failed", pid, e);
            }
            learn.cleanUp();
        };
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        events.execute(() -> {
            shutdown.run();
            done.complete(null);
        });
        done.join();
    }

    @Override
    public String toString() {
        return "replica " + pid + " on " + self;
    }

    /** What every replica of a node shares. */
    record ReplicaEnv(
            NodeId self,
            String serverName,
            java.nio.file.Path dataDir,
            StorageEngine engine,
            LogOptions logOptions,
            ReplicaOptions replicaOptions,
            Executor pool,
            java.time.Clock clock,
            ReplicaTransport transport,
            MetaGateway meta,
            DiskSpace disk,
            /** Runs a task after the calling network thread's round; false if the caller is not one. */
            java.util.function.Predicate<Runnable> afterNetworkRound,
            boolean deferSecondaryApplies) {}
}
