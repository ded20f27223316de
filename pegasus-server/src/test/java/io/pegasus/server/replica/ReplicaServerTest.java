package io.pegasus.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.log.FlushPolicy;
import io.pegasus.server.log.LogFaults;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.log.MutationLog;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.replication.Role;
import io.pegasus.server.storage.BenchAccess;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_request;
import io.pegasus.thrift.update_response;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Real ReplicaServers on loopback sockets with real storage and logs, one partition replicated three times; the
 * configuration manager is played by {@link TestConfigManager}. Checks the write path end to end, reconfiguration
 * after a secondary dies, learning by a new node, and primary failover.
 */
class ReplicaServerTest {
    private static final gpid PID = new gpid(1, 0);

    @TempDir
    Path tmp;

    private final List<ReplicaServer> servers = new ArrayList<>();
    private final RpcClient client = new RpcClient();
    private TestConfigManager meta;
    private LogOptions logOptions =
            LogOptions.builder().flushPolicy(FlushPolicy.WRITE_EACH_BATCH).build();
    private boolean journal = true;
    private boolean deferSecondaryApplies = true;
    private long memtableBytes = 0; // 0: the default
    private int ioThreads = 0; // 0: the default

    @AfterEach
    void stop() {
        client.close();
        servers.forEach(ReplicaServer::close);
    }

    private ReplicaServer startServer(String name) throws Exception {
        ReplicaServerOptions d = ReplicaServerOptions.defaults("127.0.0.1", 0, tmp.resolve(name));
        if (memtableBytes > 0) {
            d = d.withStorage(
                    d.storage().toBuilder().writeBufferBytes(memtableBytes).build());
        }
        if (ioThreads > 0) {
            d = d.withIoThreads(ioThreads);
        }
        ReplicaServerOptions o = d.withLog(logOptions)
                .withLogJournal(journal)
                .withDeferSecondaryApplies(deferSecondaryApplies)
                // timeouts well above a loaded CI machine's stalls (a learner copying a checkpoint beside three
                // servers on two cores): at 1 s a live secondary was now and then reported dead and removed
                .withReplica(ReplicaOptions.defaults().toBuilder()
                        .prepareTimeoutMillis(4000)
                        .groupCheckIntervalMillis(500)
                        .groupCheckTimeoutMillis(4000)
                        .proposalRetryMillis(300)
                        .build());
        ReplicaServer s = ReplicaServer.start(o, meta, Clock.systemUTC());
        servers.add(s);
        meta.register(s);
        return s;
    }

    private List<ReplicaServer> startThree() throws Exception {
        meta = new TestConfigManager(new TableInfo("t", 1, Map.of()));
        ReplicaServer a = startServer("a");
        ReplicaServer b = startServer("b");
        ReplicaServer c = startServer("c");
        meta.assign(PID, PartitionConfig.of(1, a.self(), b.self(), c.self()));
        await(() -> role(a) == Role.PRIMARY && role(b) == Role.SECONDARY && role(c) == Role.SECONDARY, "roles");
        await(() -> a.stub().get(PID).servesReads(), "primary serving");
        return List.of(a, b, c);
    }

    private static Role role(ReplicaServer s) {
        ReplicaDriver d = s.stub().get(PID);
        return d == null ? null : d.status().role();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        if (!waitUntil(condition, 30)) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    /** Polls {@code condition} every 20 ms for up to {@code seconds}; whether it held. */
    private static boolean waitUntil(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits until {@code count} has not changed for 500 ms, and returns it. */
    private static long awaitSteady(LongSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = count.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(500)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still changing after 30 s: " + last);
            }
            Thread.sleep(20);
            long now = count.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    private static byte[] key(String hk, String sk) {
        return StoredKey.encode(Bytes.utf8(hk), Bytes.utf8(sk));
    }

    private CompletableFuture<RpcResponse> put(ReplicaServer s, String hk, String sk, String value) {
        return put(s, hk, sk, value, 5000);
    }

    private CompletableFuture<RpcResponse> put(ReplicaServer s, String hk, String sk, String value, int timeoutMs) {
        byte[] k = key(hk, sk);
        return client.connection(NettyReplicaTransport.address(s.self()))
                .call(
                        RpcNames.PUT,
                        RequestMeta.forPartition(1, 0, timeoutMs, PartitionHash.ofStoredKey(k)),
                        Args.struct(new update_request(new blob(k), new blob(Bytes.utf8(value)), 0)),
                        timeoutMs);
    }

    private RpcResponse get(ReplicaServer s, String hk, String sk) throws Exception {
        byte[] k = key(hk, sk);
        return client.connection(NettyReplicaTransport.address(s.self()))
                .call(
                        RpcNames.GET,
                        RequestMeta.forPartition(1, 0, 5000, PartitionHash.ofStoredKey(k)),
                        Args.blob(k),
                        5000)
                .get(10, TimeUnit.SECONDS);
    }

    private static String storedValue(ReplicaServer s, String hk, String sk) {
        read_response r = s.stub().get(PID).store().get(key(hk, sk));
        return r.getError() == 0 ? new String(r.getValue().data(), java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    private void writeAndConfirm(ReplicaServer primary, String prefix, int count) throws Exception {
        List<CompletableFuture<RpcResponse>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(put(primary, "hk" + (i % 7), prefix + i, "v" + i));
        }
        for (CompletableFuture<RpcResponse> f : calls) {
            RpcResponse r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.error()).isEqualTo(ErrorCode.ERR_OK);
            assertThat(r.readResult(new update_response()).getError()).isZero();
        }
    }

    /** Waits until every member applied what the primary (the first) did: secondaries learn commits a bit later. */
    private static void awaitAllApplied(List<ReplicaServer> abc) throws InterruptedException {
        await(
                () -> abc.stream()
                        .allMatch(s -> s.stub().get(PID).store().lastAppliedDecree()
                                == abc.get(0).stub().get(PID).store().lastAppliedDecree()),
                "secondaries applied");
    }

    private static void assertHolds(ReplicaServer s, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(storedValue(s, "hk" + (i % 7), prefix + i))
                    .as("%s on %s", prefix + i, s.self())
                    .isEqualTo("v" + i);
        }
    }

    @Test
    void acknowledgedWritesAreOnEveryReplica() throws Exception {
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 500);
        RpcResponse g = get(abc.get(0), "hk3", "k3");
        assertThat(g.error()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(g.readResult(new read_response()).getValue().data()).isEqualTo(Bytes.utf8("v3"));
        // committed on every member (a secondary applies what the primary's later prepares say is committed)
        awaitAllApplied(abc);
        for (ReplicaServer s : abc) {
            assertHolds(s, "k", 500);
        }
        // a secondary refuses client reads and writes (clients refresh their routing on ERR_INVALID_STATE)
        assertThat(get(abc.get(1), "hk3", "k3").error()).isEqualTo(ErrorCode.ERR_INVALID_STATE);
        assertThat(put(abc.get(1), "x", "y", "z").get(10, TimeUnit.SECONDS).error())
                .isEqualTo(ErrorCode.ERR_INVALID_STATE);
        // a partition this node does not host
        RpcResponse other = client.connection(
                        NettyReplicaTransport.address(abc.get(0).self()))
                .call(RpcNames.GET, RequestMeta.forPartition(1, 5, 1000, 0), Args.blob(key("a", "b")), 1000)
                .get(10, TimeUnit.SECONDS);
        assertThat(other.error()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
    }

    /** Secondaries apply committed decrees after sending their round's acknowledgements; nothing is lost. */
    @Test
    void secondariesApplyAfterTheNetworkRoundAndMissNothing() throws Exception {
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 300);
        awaitAllApplied(abc);
        for (ReplicaServer s : abc) {
            assertHolds(s, "k", 300);
            MutationLog log = s.stub().get(PID).log();
            assertThat(log.lastDecree())
                    .isEqualTo(abc.get(0).stub().get(PID).log().lastDecree());
        }
        ReplicaDriver primary = abc.get(0).stub().get(PID);
        assertThat(primary.appliesDeferred())
                .as("the primary applies at once: its clients wait")
                .isZero();
        for (ReplicaServer secondary : abc.subList(1, 3)) {
            assertThat(secondary.stub().get(PID).appliesDeferred()).isPositive();
        }
    }

    /**
     * RocksDB's write stall (here: flushes held, so writes stop once the memtables are full) makes the partition wait,
     * on a replica thread, and not the node's network thread: the node keeps reading requests and answers a read
     * meanwhile. Once RocksDB lets writes through again, every write held back completes, on every replica.
     */
    @Test
    void aWriteStallInStorageHoldsUpItsPartitionNotTheNetworkThread() throws Exception {
        memtableBytes = 64 << 10;
        ioThreads = 1; // as on the onebox: a network thread asleep in RocksDB would then hold up every connection
        List<ReplicaServer> abc = startThree();
        ReplicaServer primary = abc.get(0);
        writeAndConfirm(primary, "before", 10);
        ReplicaDriver driver = primary.stub().get(PID);
        String big = "x".repeat(1000);
        List<CompletableFuture<RpcResponse>> calls = new ArrayList<>();
        driver.store().pauseBackgroundWork();
        try {
            // one write at a time, so that each reaches an idle replica and is handled on the network thread, until
            // RocksDB holds one back: the memtables are full and cannot be flushed
            boolean held = false;
            for (int i = 0; !held; i++) {
                assertThat(i).as("writes before RocksDB stops them").isLessThan(2000);
                CompletableFuture<RpcResponse> f = put(primary, "hk" + (i % 7), "held" + i, big + i, 60_000);
                calls.add(f);
                try {
                    assertThat(f.get(1, TimeUnit.SECONDS).error()).isEqualTo(ErrorCode.ERR_OK);
                } catch (TimeoutException e) {
                    held = true; // and one more write, which must queue behind it
                    calls.add(put(primary, "hk" + ((i + 1) % 7), "held" + (i + 1), big + (i + 1), 60_000));
                }
            }
            RpcResponse g = get(primary, "hk3", "before3"); // fails after 5 s if the network thread sleeps in RocksDB
            assertThat(g.error()).isEqualTo(ErrorCode.ERR_OK);
            assertThat(g.readResult(new read_response()).getValue().data()).isEqualTo(Bytes.utf8("v3"));
            assertThat(driver.storageStalls()).isPositive();
            assertThat(calls.get(calls.size() - 1))
                    .as("a write behind the held one")
                    .isNotDone();
        } finally {
            driver.store().continueBackgroundWork();
        }
        for (CompletableFuture<RpcResponse> f : calls) {
            RpcResponse r = f.get(60, TimeUnit.SECONDS);
            assertThat(r.error()).isEqualTo(ErrorCode.ERR_OK);
            assertThat(r.readResult(new update_response()).getError()).isZero();
        }
        awaitAllApplied(abc);
        for (ReplicaServer s : abc) {
            for (int i = 0; i < calls.size(); i++) {
                assertThat(storedValue(s, "hk" + (i % 7), "held" + i))
                        .as("held%d on %s", i, s.self())
                        .isEqualTo(big + i);
            }
        }
    }

    /**
     * A new primary whose RocksDB holds back the decree it re-proposed for its predecessor: that decree may have been
     * acknowledged by the old primary, so the new one serves no read until it is in storage.
     */
    @Test
    void aNewPrimaryWhoseStorageHoldsBackItsPredecessorsDecreeServesNoReadUntilItIsApplied() throws Exception {
        memtableBytes = 64 << 10;
        ioThreads = 1;
        List<ReplicaServer> abc = startThree();
        ReplicaServer a = abc.get(0);
        ReplicaServer b = abc.get(1);
        ReplicaServer c = abc.get(2);
        writeAndConfirm(a, "k", 20);
        awaitAllApplied(abc);
        ReplicaDriver nb = b.stub().get(PID);
        nb.store().pauseBackgroundWork();
        try {
            // b's RocksDB stops writes (full memtables that cannot be flushed) without a decree of b's waiting for it:
            // filled beside the replica, under keys outside the table's
            RocksDB db = BenchAccess.rawDb(nb.store());
            byte[] filler = new byte[16 << 10];
            try (WriteOptions noWait = new WriteOptions().setDisableWAL(true).setNoSlowdown(true)) {
                for (int i = 0; ; i++) {
                    assertThat(i).as("writes before RocksDB stops them").isLessThan(1000);
                    try {
                        db.put(noWait, Bytes.utf8("~filler" + i), filler);
                    } catch (RocksDBException e) {
                        break; // Incomplete: the write stall
                    }
                }
            }
            // the last write: acknowledged by a once b and c logged it; b learns it is committed only from a's next
            // prepare, which never comes
            RpcResponse w = put(a, "hw", "last", "v-last").get(10, TimeUnit.SECONDS);
            assertThat(w.error()).isEqualTo(ErrorCode.ERR_OK);
            meta.unregister(a.self());
            a.close();
            servers.remove(a);
            meta.failover(PID, b.self(), List.of(c.self()));
            // Normally b re-proposes the decree as primary, commits it, holds it back and serves with reads held. If
            // a's group check (every 500 ms) told b of the commit in the milliseconds before a closed, b held the
            // decree back as a secondary instead, and its promotion waits for storage: no read is served either way
            waitUntil(() -> nb.status().serving() && nb.status().role() == Role.PRIMARY, 10);
            assertThat(nb.storageStalls()).as("the decree was held back").isPositive();
            assertThat(nb.servesReads()).isFalse();
            assertThat(get(b, "hw", "last").error())
                    .as("a read while the acknowledged write is not in storage")
                    .isEqualTo(ErrorCode.ERR_INVALID_STATE);
            if (nb.status().role() != Role.PRIMARY) {
                assertThat(nb.status().role())
                        .as("held back as a secondary, the promotion waits for storage")
                        .isEqualTo(Role.SECONDARY);
            }
        } finally {
            nb.store().continueBackgroundWork();
        }
        await(nb::servesReads, "b serving reads once storage caught up");
        RpcResponse g = get(b, "hw", "last");
        assertThat(g.error()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(g.readResult(new read_response()).getValue().data()).isEqualTo(Bytes.utf8("v-last"));
        assertHolds(b, "k", 20);
    }

    @Test
    void applyingAfterTheRoundIsOptional() throws Exception {
        deferSecondaryApplies = false;
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 300);
        awaitAllApplied(abc);
        for (ReplicaServer s : abc) {
            assertHolds(s, "k", 300);
            assertThat(s.stub().get(PID).appliesDeferred()).isZero();
        }
    }

    @Test
    void theNodeJournalIsOptional() throws Exception {
        journal = false;
        logOptions = LogOptions.defaults(); // and each partition log fsyncs its own batches, as before the journal
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 200);
        awaitAllApplied(abc);
        for (ReplicaServer s : abc) {
            assertHolds(s, "k", 200);
            assertThat(s.options().dataDir().resolve("slog")).doesNotExist();
            assertThat(s.stub().get(PID).log().stats().syncs()).isPositive();
        }
    }

    @Test
    void writesGoThroughTheNodeJournal() throws Exception {
        logOptions = LogOptions.defaults();
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 200);
        for (ReplicaServer s : abc) {
            assertThat(s.options().dataDir().resolve("slog")).isDirectory();
            assertThat(s.options().dataDir().resolve("replica/1.0.pegasus/plog/journal.id"))
                    .exists();
        }
        // every record of the node's one partition log went through the journal, which fsyncs per batch (a secondary's
        // journal write may follow its acknowledgement by a moment: it is done at the end of the network round)
        for (ReplicaServer s : abc) {
            MutationLog partitionLog = s.stub().get(PID).log();
            assertThat(partitionLog.lastDecree()).isPositive();
            await(
                    () -> s.journal().log().stats().records()
                            == partitionLog.stats().records(),
                    "the journal of " + s.self() + " holding every record");
            assertThat(s.journal().log().stats().syncs()).isPositive();
        }
    }

    @Test
    void logSegmentsAreDeletedOnceStorageMadeThemDurable() throws Exception {
        logOptions = logOptions.toBuilder()
                .segmentBytes(4096)
                .preallocateBytes(0)
                .gcIntervalMillis(100)
                .build();
        List<ReplicaServer> abc = startThree();
        writeAndConfirm(abc.get(0), "k", 300);
        Thread.sleep(500); // several GC rounds: nothing is durable in RocksDB yet (memtables only, no WAL)
        for (ReplicaServer s : abc) {
            MutationLog log = s.stub().get(PID).log();
            assertThat(log.firstDecree())
                    .as("log of %s before a flush", s.self())
                    .isEqualTo(1);
            assertThat(log.segments().size()).isGreaterThan(4);
        }
        awaitAllApplied(abc);
        long applied = abc.get(0).stub().get(PID).store().lastAppliedDecree();
        for (ReplicaServer s : abc) {
            s.stub().get(PID).store().flush();
        }
        await(
                () -> abc.stream()
                        .allMatch(s -> s.stub().get(PID).log().segments().size() <= 2),
                "GC of the durable segments");
        for (ReplicaServer s : abc) {
            MutationLog log = s.stub().get(PID).log();
            assertThat(log.firstDecree())
                    .as("first decree left on %s", s.self())
                    .isGreaterThan(1);
            assertThat(log.lastDecree()).isGreaterThanOrEqualTo(applied);
        }
        // the partition keeps taking writes, and the data is all there
        writeAndConfirm(abc.get(0), "later", 20);
        assertHolds(abc.get(0), "k", 300);
    }

    @Test
    void deadSecondaryIsRemovedAndWritesContinue() throws Exception {
        List<ReplicaServer> abc = startThree();
        ReplicaServer a = abc.get(0);
        writeAndConfirm(a, "before", 50);
        ReplicaServer c = abc.get(2);
        meta.unregister(c.self());
        c.close();
        servers.remove(c);
        writeAndConfirm(a, "after", 50); // stalls until the primary proposes to drop c, then commits with a and b
        PartitionConfig now = meta.configs.get(PID);
        assertThat(now.ballot()).isEqualTo(2);
        assertThat(now.secondaries()).containsExactly(abc.get(1).self());
        ReplicaServer b = abc.get(1);
        await(
                () -> b.stub().get(PID).store().lastAppliedDecree()
                        == a.stub().get(PID).store().lastAppliedDecree(),
                "b applied what the primary committed");
        assertHolds(b, "after", 50);
    }

    @Test
    void newNodeLearnsAndBecomesSecondary() throws Exception {
        List<ReplicaServer> abc = startThree();
        ReplicaServer a = abc.get(0);
        writeAndConfirm(a, "old", 300);
        ReplicaServer d = startServer("d");
        meta.addLearner(PID, d.self());
        // writes keep going while d learns
        writeAndConfirm(a, "during", 100);
        await(() -> meta.configs.get(PID).secondaries().contains(d.self()), "d upgraded to secondary");
        writeAndConfirm(a, "new", 100);
        awaitCaughtUp(d, a);
        assertHolds(d, "old", 300);
        assertHolds(d, "during", 100);
        assertHolds(d, "new", 100);
    }

    private static void awaitCaughtUp(ReplicaServer follower, ReplicaServer primary) throws InterruptedException {
        await(
                () -> follower.stub().get(PID).store().lastAppliedDecree()
                        == primary.stub().get(PID).store().lastAppliedDecree(),
                follower.self() + " caught up");
    }

    /** The folders of {@link #PID} (live or set aside) under a server's data folder. */
    private static List<Path> replicaFolders(Path dataDir) {
        String prefix = PID.appId() + "." + PID.partitionIndex() + ".pegasus";
        try (var dirs = java.nio.file.Files.list(dataDir.resolve("replica"))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLearnerWhoseLogFailsIsRemovedAndCanLearnAgainFromScratch() throws Exception {
        List<ReplicaServer> abc = startThree();
        ReplicaServer a = abc.get(0);
        writeAndConfirm(a, "old", 300);
        // d's partition logs fail every write (a full disk) until the flag is cleared; its node journal does not
        AtomicBoolean diskFull = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        LogOptions healthy = logOptions;
        String replicaDir = "/" + PID.appId() + "." + PID.partitionIndex() + ".pegasus/";
        logOptions = LogFaults.failingWrites(healthy, path -> {
            boolean fail = diskFull.get() && path.toString().contains(replicaDir);
            if (fail) {
                refused.incrementAndGet();
            }
            return fail;
        });
        ReplicaServer d = startServer("d");
        logOptions = healthy;
        meta.addLearner(PID, d.self());
        await(() -> refused.get() > 0, "the learner's log refused a write");
        // the learner's log failed while installing: instead of retrying for ever with a log that takes no more
        // appends, the node removes the replica and its data
        await(() -> d.stub().get(PID) == null, "the failed learner removed");
        await(() -> replicaFolders(tmp.resolve("d")).isEmpty(), "the failed learner's data deleted");
        assertThat(meta.configs.get(PID).secondaries()).doesNotContain(d.self());

        // space back: asked again (as the MetaServer's guardian does), d learns from scratch and joins
        diskFull.set(false);
        meta.addLearner(PID, d.self());
        await(() -> meta.configs.get(PID).secondaries().contains(d.self()), "d upgraded to secondary");
        writeAndConfirm(a, "new", 50);
        awaitCaughtUp(d, a);
        assertHolds(d, "old", 300);
        assertHolds(d, "new", 50);
    }

    @Test
    void primaryFailoverKeepsEveryAcknowledgedWrite() throws Exception {
        List<ReplicaServer> abc = startThree();
        ReplicaServer a = abc.get(0);
        ReplicaServer b = abc.get(1);
        ReplicaServer c = abc.get(2);
        writeAndConfirm(a, "k", 200);
        meta.unregister(a.self());
        a.close();
        servers.remove(a);
        long deferredAsSecondary = awaitSteady(() -> b.stub().get(PID).appliesDeferred());
        meta.failover(PID, b.self(), List.of(c.self()));
        await(() -> b.stub().get(PID).servesReads(), "b serving as primary");
        // the decrees b re-proposed are a's, maybe acknowledged: in storage before b serves, not after the round
        assertThat(b.stub().get(PID).appliesDeferred()).isEqualTo(deferredAsSecondary);
        assertHolds(b, "k", 200);
        writeAndConfirm(b, "after", 100);
        await(
                () -> c.stub().get(PID).store().lastAppliedDecree()
                        == b.stub().get(PID).store().lastAppliedDecree(),
                "c caught up");
        assertHolds(c, "after", 100);
        assertHolds(c, "k", 200);
    }

    static NodeId node(ReplicaServer s) {
        return s.self();
    }
}
