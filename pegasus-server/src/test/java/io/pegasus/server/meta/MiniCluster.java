package io.pegasus.server.meta;

import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.server.agent.FakeReplicaNode;
import io.pegasus.thrift.rpc_address;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * MetaServers and fake ReplicaServers in one JVM, on real sockets and a real ZooKeeper, with kill controls. Settings
 * are the shared configuration keys (docs/configuration.md); {@link #FAST} keeps tests short.
 */
public final class MiniCluster implements AutoCloseable {
    /** Sub-second failure detection for tests that are not about timing. */
    public static final Map<String, String> FAST = Map.ofEntries(
            Map.entry("fd.beacon_interval_ms", "300"),
            Map.entry("fd.lease_ms", "900"),
            Map.entry("fd.grace_ms", "1200"),
            Map.entry("meta.guardian_interval_ms", "100"),
            Map.entry("meta.takeover_warmup_ms", "600"),
            Map.entry("meta.learner_timeout_ms", "3000"),
            Map.entry("meta.push_timeout_ms", "1000"),
            Map.entry("meta.zk_session_timeout_ms", "3000"),
            Map.entry("meta.zk_connection_timeout_ms", "2000"),
            Map.entry("meta.rpc_io_threads", "1"),
            Map.entry("agent.config_sync_interval_ms", "500"),
            Map.entry("agent.meta_rpc_timeout_ms", "600"));

    private final Map<String, String> settings;
    private final MetaObserver observer;
    private final List<MetaServer> metas = new CopyOnWriteArrayList<>();
    private final List<FakeReplicaNode> nodes = new CopyOnWriteArrayList<>();
    private final RpcClient nodeClient =
            new RpcClient(RpcClientOptions.defaults().withIoThreads(1).withConnectTimeoutMs(500));
    private MetaAdminClient admin;

    public MiniCluster(String zkConnect, Map<String, String> settings, MetaObserver observer) {
        Map<String, String> s = new HashMap<>(settings);
        s.put(MetaServerConfig.ZK_SERVERS, zkConnect);
        s.putIfAbsent(MetaServerConfig.ZK_ROOT, "/pegasus/test");
        this.settings = s;
        this.observer = observer;
    }

    public MiniCluster(String zkConnect, Map<String, String> settings) {
        this(zkConnect, settings, MetaObserver.NONE);
    }

    /** Starts a MetaServer on a free port. */
    public MetaServer startMeta() throws Exception {
        Map<String, String> s = new HashMap<>(settings);
        s.put(MetaServerConfig.PORT, "0");
        MetaServer m = new MetaServer(MetaServerConfig.fromMap(s), FakeReplicaNode::now, Clock.systemUTC(), observer);
        m.start();
        metas.add(m);
        return m;
    }

    public List<MetaServer> metas() {
        return List.copyOf(metas);
    }

    public List<rpc_address> metaAddresses() {
        return metas.stream().map(MetaServer::address).toList();
    }

    private Map<String, String> nodeSettings() {
        Map<String, String> s = new HashMap<>(settings);
        s.put(
                "cluster.meta_servers",
                metas.stream().map(m -> m.address().toString()).collect(Collectors.joining(",")));
        s.keySet().removeIf(k -> k.startsWith("meta."));
        return s;
    }

    /** Starts a fake ReplicaServer on a free port that knows every MetaServer started so far. */
    public FakeReplicaNode startNode() throws InterruptedException {
        return startNode(0, System.nanoTime());
    }

    /** Starts a fake ReplicaServer on {@code port} (e.g. a restart of a stopped one) with that incarnation. */
    public FakeReplicaNode startNode(int port, long incarnation) throws InterruptedException {
        FakeReplicaNode n = FakeReplicaNode.start(nodeSettings(), port, nodeClient, incarnation);
        nodes.add(n);
        return n;
    }

    public List<FakeReplicaNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Stops a node as a crash would. */
    public void killNode(FakeReplicaNode n) {
        n.close();
        nodes.remove(n);
    }

    /** Waits for one MetaServer to be the ready leader. */
    public MetaServer awaitLeader(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (MetaServer m : metas) {
                if (m.isLeader()) {
                    return m;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no MetaServer leads after " + timeout);
    }

    /** Stops a MetaServer as a killed process would: its ZooKeeper session is left to expire. */
    public void haltMeta(MetaServer m) {
        m.halt();
        metas.remove(m);
    }

    /** Stops a MetaServer cleanly: it leaves the election at once. */
    public void stopMeta(MetaServer m) {
        m.close();
        metas.remove(m);
    }

    /** An admin client over the MetaServers started so far. */
    public synchronized MetaAdminClient admin() {
        if (admin == null) {
            admin = new MetaAdminClient(new ArrayList<>(metaAddresses()), 1000, Duration.ofSeconds(30));
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        nodes.forEach(FakeReplicaNode::close);
        metas.forEach(MetaServer::close);
        nodeClient.close();
    }
}
