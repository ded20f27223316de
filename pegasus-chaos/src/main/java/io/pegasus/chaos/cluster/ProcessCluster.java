package io.pegasus.chaos.cluster;

import io.pegasus.base.ErrorCode;
import io.pegasus.chaos.net.Network;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pegasus cluster as separate processes: one ZooKeeper, MetaServers and ReplicaServers, each on a host of its own
 * in a {@link Network}, with data and logs under one folder:
 *
 * <pre>
 * root/cluster.properties     the shared configuration file
 * root/zk/  root/meta1/ ...  root/replica1/ ...    each: server.log, data/
 * </pre>
 *
 * Controls: kill (SIGKILL), stop (SIGTERM), pause (SIGSTOP), resume, restart of any process, and the network's cuts.
 * {@link #close()} kills everything and removes the network, also when the JVM exits without calling it.
 */
public final class ProcessCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ClusterSpec spec;
    private final Network network;
    private final Path root;
    private final NodeProcess zookeeper;
    private final List<NodeProcess> metas = new ArrayList<>();
    private final List<NodeProcess> replicas = new ArrayList<>();
    private final Map<String, NodeProcess> byName = new LinkedHashMap<>();
    private final MetaAdminClient admin;
    private final RpcClient probe;
    private final Thread shutdownHook;
    private boolean closed;

    private ProcessCluster(ClusterSpec spec, Network network, Path root) throws IOException {
        this.spec = spec;
        this.network = network;
        this.root = root;
        Files.createDirectories(root);
        this.zookeeper = node("zk", NodeKind.ZOOKEEPER);
        for (int i = 1; i <= spec.metaCount(); i++) {
            metas.add(node("meta" + i, NodeKind.META));
        }
        for (int i = 1; i <= spec.replicaCount(); i++) {
            replicas.add(node("replica" + i, NodeKind.REPLICA));
        }
        writeConfig();
        List<rpc_address> metaAddresses = metas.stream()
                .map(m -> rpc_address.fromIpPort(m.host(), m.port()))
                .toList();
        this.admin = new MetaAdminClient(metaAddresses, 1000, Duration.ofSeconds(10));
        this.probe = new RpcClient(RpcClientOptions.defaults().withIoThreads(1).withConnectTimeoutMs(1000));
        this.shutdownHook = new Thread(this::killEverything, "chaos-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts ZooKeeper, the MetaServers and the ReplicaServers and waits until each listens. */
    public static ProcessCluster start(ClusterSpec spec, Network network, Path root) throws Exception {
        ProcessCluster c = new ProcessCluster(spec, network, root);
        try {
            c.zookeeper.start();
            c.zookeeper.awaitListening(START_TIMEOUT);
            for (NodeProcess m : c.metas) {
                m.start();
            }
            for (NodeProcess r : c.replicas) {
                r.start();
            }
            for (NodeProcess n : c.all()) {
                n.awaitListening(START_TIMEOUT);
            }
            c.awaitLeader(START_TIMEOUT);
            // listening is not yet alive at the leader (its first beacon may be on its way), and a create with more
            // replicas than live servers is refused: seed 6002 of a long run failed at its create so
            c.admin.waitAliveNodes(spec.replicaCount(), START_TIMEOUT);
            LOG.info("cluster up on {}: {}", network, c.byName.values());
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private NodeProcess node(String name, NodeKind kind) {
        String host = network.addHost(name);
        Path dir = root.resolve(name);
        List<String> cmd = new ArrayList<>(network.launchPrefix(name));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(spec.jvmOptions());
        cmd.add("-cp");
        cmd.add(spec.classpath());
        cmd.add(kind.mainClass());
        switch (kind) {
            case ZOOKEEPER ->
                cmd.addAll(List.of(
                        "--host", host,
                        "--port", Integer.toString(kind.port()),
                        "--data-dir", dir.resolve("data").toString(),
                        "--tick-ms", Integer.toString(spec.zkTickMillis())));
            case META ->
                cmd.addAll(List.of(
                        "--config", configFile().toString(), "--host", host, "--port", Integer.toString(kind.port())));
            case REPLICA ->
                cmd.addAll(List.of(
                        "--config", configFile().toString(),
                        "--host", host,
                        "--port", Integer.toString(kind.port()),
                        "--data-dir", dir.resolve("data").toString()));
        }
        NodeProcess n = new NodeProcess(name, kind, host, kind.port(), dir, cmd);
        byName.put(name, n);
        return n;
    }

    private Path configFile() {
        return root.resolve("cluster.properties");
    }

    private void writeConfig() throws IOException {
        StringBuilder sb = new StringBuilder("# written by the chaos harness (pegasus-chaos); docs/configuration.md\n");
        sb.append("cluster.meta_servers = ").append(metaServerList()).append('\n');
        sb.append("meta.zk_servers = ").append(zookeeper.address()).append('\n');
        sb.append("meta.zk_root = /pegasus/chaos\n");
        spec.settings().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(configFile(), sb.toString());
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Network network() {
        return network;
    }

    public Path root() {
        return root;
    }

    /** "ip:port,..." of the MetaServers, what clients are given. */
    public String metaServerList() {
        return metas.stream().map(NodeProcess::address).collect(Collectors.joining(","));
    }

    public NodeProcess zookeeper() {
        return zookeeper;
    }

    public List<NodeProcess> metas() {
        return List.copyOf(metas);
    }

    public List<NodeProcess> replicas() {
        return List.copyOf(replicas);
    }

    /** ZooKeeper, the MetaServers, the ReplicaServers, in that order. */
    public List<NodeProcess> all() {
        return List.copyOf(byName.values());
    }

    public NodeProcess node(String name) {
        NodeProcess n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return n;
    }

    /** The process serving "ip:port", if it is one of this cluster's. */
    public Optional<NodeProcess> byAddress(String address) {
        return byName.values().stream().filter(n -> n.address().equals(address)).findFirst();
    }

    public MetaAdminClient admin() {
        return admin;
    }

    /** Creates a table and waits until every partition has all its replicas. */
    public void createTable(String name, int partitions, int replicaCount, Duration timeout)
            throws RpcException, InterruptedException {
        var r = admin.createApp(name, partitions, replicaCount, Map.of());
        if (error_code.codeOf(r.getErr()) != ErrorCode.ERR_OK) {
            throw new IllegalStateException("create table " + name + ": " + r);
        }
        admin.waitHealthy(name, timeout);
    }

    public query_cfg_response queryConfig(String table) throws RpcException {
        return admin.queryConfig(table);
    }

    /** The ReplicaServer that is primary of a partition now, as the MetaServer says. */
    public Optional<NodeProcess> primaryOf(String table, int partition) throws RpcException {
        partition_configuration p = queryConfig(table).getPartitions().get(partition);
        if (p.getPrimary() == null || p.getPrimary().isInvalid()) {
            return Optional.empty();
        }
        return byAddress(p.getPrimary().toString());
    }

    /** The MetaServer that answers as leader now (asks each; empty if none does). */
    public Optional<NodeProcess> leaderMeta() {
        for (NodeProcess m : metas) {
            if (m.state() != NodeProcess.State.RUNNING) {
                continue;
            }
            try {
                RpcResponse resp = probe.connection(new java.net.InetSocketAddress(m.host(), m.port()))
                        .call(
                                RpcNames.LIST_APPS,
                                RequestMeta.forMeta(1000),
                                Args.struct(new configuration_list_apps_request()),
                                1000)
                        .get(2, TimeUnit.SECONDS);
                if (resp.ok()
                        && error_code.codeOf(resp.readResult(new configuration_list_apps_response())
                                        .getErr())
                                == ErrorCode.ERR_OK) {
                    return Optional.of(m);
                }
            } catch (Exception e) {
                // not answering: not the leader as far as anyone can tell
            }
        }
        return Optional.empty();
    }

    /** Waits until some MetaServer answers as leader. */
    public NodeProcess awaitLeader(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<NodeProcess> l = leaderMeta();
            if (l.isPresent()) {
                return l.get();
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no MetaServer leader within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** Starts a stopped process again (same address, same data) and waits until it listens. */
    public void restart(NodeProcess n) throws IOException, InterruptedException {
        n.start();
        n.awaitListening(START_TIMEOUT);
    }

    /** Undoes every fault: heals the network, resumes paused processes, restarts stopped ones (ZooKeeper first). */
    public void healAll() throws IOException, InterruptedException {
        network.healAll();
        for (NodeProcess n : all()) {
            n.resume();
        }
        List<NodeProcess> started = new ArrayList<>();
        for (NodeProcess n : all()) {
            if (n.state() == NodeProcess.State.STOPPED) {
                n.start();
                started.add(n);
            }
        }
        for (NodeProcess n : started) {
            n.awaitListening(START_TIMEOUT);
        }
    }

    /** Polls the MetaServer until every partition of the table has a primary and all its secondaries. */
    public void awaitHealthy(String table, Duration timeout) throws RpcException, InterruptedException {
        admin.waitHealthy(table, timeout);
    }

    /**
     * Stops every process cleanly (SIGTERM; ReplicaServers flush their RocksDB on the way out), ReplicaServers
     * first. The data stays for inspection; the network stays until {@link #close()}.
     */
    public void stopAll() throws InterruptedException {
        for (NodeProcess n : reversed(all())) {
            n.stop(Duration.ofSeconds(30));
        }
    }

    private static List<NodeProcess> reversed(List<NodeProcess> l) {
        List<NodeProcess> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    /** The log files, for failure messages. */
    public String logs() {
        return all().stream().map(n -> n.logFile().toString()).collect(Collectors.joining(", "));
    }

    private void killEverything() {
        for (NodeProcess n : all()) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("cannot kill {}: {}", n, e.toString());
            }
        }
        network.close();
    }

    /** Kills every process still running and removes the network. The data folder is left (see the caller). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        probe.close();
        killEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    /** Deletes a folder tree (a run's data after it passed). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
