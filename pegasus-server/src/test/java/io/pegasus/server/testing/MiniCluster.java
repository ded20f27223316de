package io.pegasus.server.testing;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.agent.MetaAgentConfig;
import io.pegasus.server.log.FlushPolicy;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.meta.MetaServer;
import io.pegasus.server.meta.MetaServerConfig;
import io.pegasus.server.replica.ReplicaServer;
import io.pegasus.server.replica.ReplicaServerOptions;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.zk.EmbeddedZooKeeper;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.rpc_address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A whole cluster in one JVM for tests: a real ZooKeeper, real MetaServers and real ReplicaServers (RocksDB, mutation
 * logs, PacificA) on loopback sockets, in a temporary folder. Controls to kill and restart servers; a restarted
 * ReplicaServer keeps its port and its data folder, as a restarted process would.
 *
 * <p>Killing is closing in-process (storage is flushed); tests of crashes that lose unflushed state use separate
 * processes.
 */
public final class MiniCluster implements AutoCloseable {
    /** Failure detection fast enough for tests (beacon 300 ms, lease 900 ms, grace 1200 ms). */
    public static final Map<String, String> FAST = Map.ofEntries(
            Map.entry("fd.beacon_interval_ms", "300"),
            Map.entry("fd.lease_ms", "900"),
            Map.entry("fd.grace_ms", "1200"),
            Map.entry("meta.guardian_interval_ms", "100"),
            Map.entry("meta.takeover_warmup_ms", "600"),
            Map.entry("meta.learner_timeout_ms", "10000"),
            Map.entry("meta.push_timeout_ms", "1000"),
            Map.entry("meta.zk_session_timeout_ms", "3000"),
            Map.entry("meta.zk_connection_timeout_ms", "2000"),
            Map.entry("meta.rpc_io_threads", "1"),
            Map.entry("agent.config_sync_interval_ms", "500"),
            Map.entry("agent.meta_rpc_timeout_ms", "600"));

    private final Path root;
    private final boolean ownRoot;
    private final Map<String, String> settings;
    private final EmbeddedZooKeeper zk;
    private final List<MetaServer> metas = new ArrayList<>();
    private final List<ReplicaServer> replicas = new ArrayList<>();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final ReplicaOptions replicaOptions;
    private final long diskReserveBytes;

    public static Builder builder() {
        return new Builder();
    }

    /** How to build a MiniCluster. */
    public static final class Builder {
        private int metas = 1;
        private int replicaServers = 3;
        private Path root;
        private final Map<String, String> settings = new HashMap<>(FAST);
        private long diskReserveBytes = ReplicaServerOptions.DEFAULT_DISK_RESERVE_BYTES;
        private ReplicaOptions replicaOptions = ReplicaOptions.defaults().toBuilder()
                .prepareTimeoutMillis(2000)
                .groupCheckIntervalMillis(1000)
                .groupCheckTimeoutMillis(3000)
                .proposalRetryMillis(300)
                .build();

        public Builder metaServers(int n) {
            this.metas = n;
            return this;
        }

        public Builder replicaServers(int n) {
            this.replicaServers = n;
            return this;
        }

        /** A folder to keep the cluster's data in (default: a new temporary folder, deleted on close). */
        public Builder root(Path dir) {
            this.root = dir;
            return this;
        }

        /** Any configuration key (docs/configuration.md), e.g. fd.grace_ms. */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder replicaOptions(ReplicaOptions o) {
            this.replicaOptions = o;
            return this;
        }

        /** The ReplicaServers' disk reserve (replica.disk_reserve_mb; 0 = no check). */
        public Builder diskReserveBytes(long bytes) {
            this.diskReserveBytes = bytes;
            return this;
        }

        public MiniCluster start() throws Exception {
            MiniCluster c = new MiniCluster(this);
            try {
                for (int i = 0; i < metas; i++) {
                    c.startMeta();
                }
                for (int i = 0; i < replicaServers; i++) {
                    c.startReplicaServer();
                }
                c.awaitLeader(Duration.ofSeconds(30));
                c.awaitRegistered(Duration.ofSeconds(30));
                return c;
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
        }
    }

    private MiniCluster(Builder b) throws IOException {
        this.ownRoot = b.root == null;
        this.root = b.root == null ? Files.createTempDirectory("minicluster") : b.root;
        this.zk = EmbeddedZooKeeper.startOnFreePort(root.resolve("zookeeper"));
        this.settings = new HashMap<>(b.settings);
        settings.put(MetaServerConfig.ZK_SERVERS, zk.connectString());
        settings.putIfAbsent(MetaServerConfig.ZK_ROOT, "/pegasus/minicluster");
        this.replicaOptions = b.replicaOptions;
        this.diskReserveBytes = b.diskReserveBytes;
    }

    /** Starts one more MetaServer on a free port. */
    public synchronized MetaServer startMeta() throws Exception {
        Map<String, String> s = new HashMap<>(settings);
        s.put(MetaServerConfig.PORT, "0");
        MetaServer m = new MetaServer(MetaServerConfig.fromMap(s)).start();
        metas.add(m);
        return m;
    }

    /** "127.0.0.1:p1,127.0.0.1:p2,..." of the MetaServers started so far. */
    public synchronized String metaServerList() {
        return metas.stream().map(m -> m.address().toString()).collect(Collectors.joining(","));
    }

    public synchronized List<rpc_address> metaAddresses() {
        return metas.stream().map(MetaServer::address).toList();
    }

    private MetaAgentConfig agentConfig() {
        Map<String, String> s = new HashMap<>(settings);
        s.put(MetaAgentConfig.META_SERVERS, metaServerList());
        s.keySet().removeIf(k -> k.startsWith("meta."));
        return MetaAgentConfig.fromMap(s);
    }

    private ReplicaServerOptions replicaServerOptions(int index, int port) {
        return ReplicaServerOptions.defaults("127.0.0.1", port, root.resolve("replica" + index))
                .withLog(LogOptions.builder()
                        .flushPolicy(FlushPolicy.WRITE_EACH_BATCH)
                        .build())
                .withReplica(replicaOptions)
                .withDiskReserveBytes(diskReserveBytes);
    }

    /** Starts one more ReplicaServer on a free port; returns its index. */
    public synchronized int startReplicaServer() throws Exception {
        int index = replicas.size();
        ReplicaServer r = ReplicaServer.start(replicaServerOptions(index, 0), agentConfig());
        replicas.add(r);
        replicaPorts.add(r.port());
        return index;
    }

    public synchronized ReplicaServer replicaServer(int i) {
        return replicas.get(i);
    }

    public synchronized int replicaServerCount() {
        return replicas.size();
    }

    /** Stops ReplicaServer {@code i} (its port and data stay reserved for a restart). */
    public synchronized void killReplicaServer(int i) {
        ReplicaServer r = replicas.get(i);
        if (r != null) {
            r.close();
            replicas.set(i, null);
        }
    }

    /** Starts ReplicaServer {@code i} again on its old port with its old data. */
    public synchronized void restartReplicaServer(int i) throws Exception {
        if (replicas.get(i) != null) {
            killReplicaServer(i);
        }
        replicas.set(i, ReplicaServer.start(replicaServerOptions(i, replicaPorts.get(i)), agentConfig()));
    }

    /** Waits until every running ReplicaServer holds a lease from the leader, i.e. the leader counts it alive. */
    public void awaitRegistered(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            boolean all;
            synchronized (this) {
                all = replicas.stream().allMatch(r -> r == null || r.registered());
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ReplicaServers not registered with the MetaServer after " + timeout);
    }

    /** The MetaServer that leads now, waiting for one up to {@code timeout}. */
    public MetaServer awaitLeader(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (this) {
                for (MetaServer m : metas) {
                    if (m.isLeader()) {
                        return m;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no MetaServer leads after " + timeout);
    }

    /** Stops the leading MetaServer as a killed process would: its ZooKeeper session is left to expire. */
    public void killMetaLeader() throws InterruptedException {
        MetaServer leader = awaitLeader(Duration.ofSeconds(30));
        leader.halt();
        synchronized (this) {
            metas.remove(leader);
        }
    }

    public EmbeddedZooKeeper zooKeeper() {
        return zk;
    }

    /** Creates a table (or finds it) and waits until every partition has a primary and its secondaries. */
    public void createTable(String name, int partitions, int replicaCount) throws Exception {
        try (MetaAdminClient admin = admin()) {
            configuration_create_app_response r = admin.createApp(name, partitions, replicaCount, Map.of());
            if (r.getErr().code() != ErrorCode.ERR_OK) {
                throw new IllegalStateException("create table " + name + " failed: " + r.getErr());
            }
            admin.waitHealthy(name, Duration.ofSeconds(60));
        }
    }

    /** A MetaServer admin client on this cluster (close it). */
    public MetaAdminClient admin() {
        return new MetaAdminClient(metaAddresses(), 3000, Duration.ofSeconds(30));
    }

    @Override
    public synchronized void close() {
        for (ReplicaServer r : replicas) {
            if (r != null) {
                r.close();
            }
        }
        replicas.clear();
        for (MetaServer m : metas) {
            m.close();
        }
        metas.clear();
        zk.close();
        if (ownRoot) {
            try (var s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a temporary folder; the OS cleans it eventually (a file that vanished during the walk included)
            }
        }
    }
}
