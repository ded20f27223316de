package io.pegasus.server.replica;

import io.pegasus.rpc.NetworkStallWatchdog;
import io.pegasus.rpc.NetworkThreads;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.server.agent.MetaAgent;
import io.pegasus.server.agent.MetaAgentConfig;
import io.pegasus.server.log.LogOptions;
import io.pegasus.server.log.MutationLog;
import io.pegasus.server.log.NodeJournal;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ReplicaServer process's core: the RPC server with the data and replication handlers, the replicas
 * ({@link ReplicaStub}), storage shared by them, and the connection to the MetaServer ({@link MetaGateway}, plus
 * whoever feeds {@link #stub()} the MetaServer's orders).
 */
public final class ReplicaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaServer.class);
    /**
     * Half the prepare timeout and the client's default timeout (1 s): a network thread away this long is already
     * delaying every partition of the node, and twice as long fails clients' calls and removes secondaries.
     */
    static final long STALL_REPORT_MILLIS = 500;

    private final ReplicaServerOptions options;
    private final StorageEngine engine;
    private final ExecutorService replicaPool;
    private final ExecutorService readPool;
    /** Flush threads shared by every partition's mutation log, or null when each log runs its own. */
    private final ScheduledExecutorService logPool;
    /** The node's journal (slog/), or null when {@link ReplicaServerOptions#logJournal()} is off. */
    private final NodeJournal journal;

    private final NetworkThreads network;
    /** Logs a network thread that stops taking tasks for {@link #STALL_REPORT_MILLIS} (docs/operations.md). */
    private final NetworkStallWatchdog stallWatchdog;

    private final RpcClient peers;
    private final RpcServer server;
    private final ReplicaStub stub;
    private final DiskSpace disk;
    private final NodeId self;
    private final MetaAgent agent;
    private final MetaAdminClient metaQueries;

    /**
     * Binds the port, opens the replicas found in the data folder and starts serving.
     *
     * @param meta the MetaServer side; its {@link MetaGateway#leaseValid()} gates every read and write
     */
    static ReplicaServer start(ReplicaServerOptions options, MetaGateway meta, Clock clock)
            throws IOException, InterruptedException {
        return new ReplicaServer(options, meta, null, clock);
    }

    /**
     * Starts a ReplicaServer that registers with the MetaServers of {@code agentConfig}: beacons, lease, configuration
     * sync, and the MetaServer's pushes on this server's own port.
     */
    public static ReplicaServer start(ReplicaServerOptions options, MetaAgentConfig agentConfig)
            throws IOException, InterruptedException {
        return new ReplicaServer(options, new MetaBridge(), agentConfig, Clock.systemUTC());
    }

    private ReplicaServer(ReplicaServerOptions options, MetaGateway meta, MetaAgentConfig agentConfig, Clock clock)
            throws IOException, InterruptedException {
        this.options = options;
        Files.createDirectories(options.dataDir());
        if (!Files.isWritable(options.dataDir())) {
            throw new IOException("data folder " + options.dataDir() + " is not writable");
        }
        this.disk = new DiskSpace(options.dataDir(), options.diskReserveBytes());
        this.engine = new StorageEngine(options.storage());
        this.replicaPool = options.replicaThreads() > 0
                ? Executors.newFixedThreadPool(options.replicaThreads(), daemon("replica"))
                : Executors.newCachedThreadPool(daemon("replica"));
        this.readPool = Executors.newFixedThreadPool(Math.max(1, options.readThreads()), daemon("read"));
        // one set of network threads for what the node receives and what it sends its peers: a prepare or an
        // acknowledgement sent while handling a message is written by the thread handling it, not handed to a
        // client thread that must be woken (docs/replication.md point 11)
        this.network = new NetworkThreads(options.ioThreads());
        this.stallWatchdog = new NetworkStallWatchdog(network.group(), STALL_REPORT_MILLIS, ReplicaServer::logStall);
        this.peers = options.peerIoThreads() > 0
                ? new RpcClient(RpcClientOptions.defaults().withIoThreads(options.peerIoThreads()))
                : new RpcClient(RpcClientOptions.defaults(), network);
        // the node's name includes its port, so a port chosen by the OS (tests) is fixed before anything else
        int port = bindPort(options);
        this.self = NodeId.of(options.host() + ":" + port);
        this.server = new RpcServer(
                RpcServerOptions.defaults(options.host(), port)
                        .withMaxBodyLength(Math.max(64 << 20, options.maxWriteBodyBytes() * 2)),
                network);
        this.logPool = options.logThreads() > 0 && options.log().executor() == null
                ? MutationLog.newExecutor(options.logThreads(), "mutation-log")
                : null;
        LogOptions logOptions = logPool == null
                ? options.log()
                : options.log().toBuilder().executor(logPool).build();
        // before any replica opens its log: the journal gives back what a power loss cut from their tails
        this.journal = options.logJournal()
                ? NodeJournal.open(options.dataDir(), options.dataDir().resolve("slog"), logOptions)
                : null;
        if (journal != null && options.journalWritesAfterRound()) {
            // a secondary's acknowledgement no longer waits for the journal's write (docs/replication.md point 17)
            journal.writeAfterRound(
                    logOptions.journaledBufferBytes() > 0
                            ? network::runLaterThisRound // appends wait for its write: not after the round's sends
                            : network::runAfterThisRound);
        }
        ReplicaDriver.ReplicaEnv env = new ReplicaDriver.ReplicaEnv(
                self,
                self.address(),
                options.dataDir(),
                engine,
                journal == null
                        ? logOptions
                        : logOptions.toBuilder().journal(journal).build(),
                options.replica(),
                replicaPool,
                clock,
                new NettyReplicaTransport(peers),
                meta,
                disk,
                network::runAfterThisRound,
                options.deferSecondaryApplies());
        this.stub = new ReplicaStub(env);
        new DataHandlers(stub, readPool, options.maxWriteBodyBytes(), self.address()).registerOn(server);
        new ReplicationHandlers(stub, options.dataDir()).registerOn(server);
        stub.start();
        if (agentConfig != null) {
            MetaBridge bridge = (MetaBridge) meta;
            // a new incarnation per start: the MetaServer tells a restarted node from one that kept running
            this.agent = new MetaAgent(
                    agentConfig,
                    MetaBridge.address(self),
                    bridge,
                    peers,
                    ReplicaDriver::monotonicMillis,
                    clock.millis());
            this.metaQueries = new MetaAdminClient(
                    agentConfig.metaServers(), agentConfig.rpcTimeoutMs(), java.time.Duration.ofSeconds(10));
            bridge.attach(stub, agent, metaQueries, replicaPool);
            agent.registerHandlers(server);
        } else {
            this.agent = null;
            this.metaQueries = null;
        }
        server.start();
        if (agent != null) {
            agent.start();
        }
        MetaAgent a = agent;
        stub.scheduleEvery(DISK_CHECK_MILLIS, () -> {
            if (disk.check() && a != null) {
                a.requestConfigSync(); // the MetaServer hears of it now, not at the next periodic sync
            }
        });
        LOG.info(
                "ReplicaServer {} serving {} replicas from {}",
                self,
                stub.replicas().size(),
                options.dataDir());
    }

    /** The port to bind: the configured one, or a free one found now when 0 was asked for. */
    private static int bindPort(ReplicaServerOptions options) throws IOException {
        if (options.port() != 0) {
            return options.port();
        }
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(options.host()))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** How often the data disk's free space is sampled (a statfs: cheap; often, so a burst rarely outruns the reserve). */
    private static final long DISK_CHECK_MILLIS = 200;

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public NodeId self() {
        return self;
    }

    /** True once the MetaServer leader acknowledged this node's beacons (it holds a lease and counts as alive). */
    public boolean registered() {
        return agent != null && agent.isLeaseValid();
    }

    /** The port this server listens on. */
    public int port() {
        return Integer.parseInt(self.address().substring(self.address().lastIndexOf(':') + 1));
    }

    ReplicaStub stub() {
        return stub;
    }

    public ReplicaServerOptions options() {
        return options;
    }

    /** The node journal, or null when it is off. */
    NodeJournal journal() {
        return journal;
    }

    private static void logStall(NetworkStallWatchdog.Stall stall) {
        if (stall.ended()) {
            LOG.warn("network thread {} is back after {} ms", stall.thread(), stall.millis());
            return;
        }
        StringBuilder where = new StringBuilder();
        stall.stack().stream().limit(25).forEach(f -> where.append("\n    at ").append(f));
        LOG.warn(
                "network thread {} has not taken a task for {} ms: every partition of this node waits; it is at:{}",
                stall.thread(),
                stall.millis(),
                where);
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
            metaQueries.close();
        }
        server.close();
        stub.close();
        if (journal != null) {
            try {
                journal.close(); // after every partition log closed, before the threads that write it stop
            } catch (IOException e) {
                LOG.warn("closing the node journal failed: {}", e.toString());
            }
        }
        peers.close();
        stallWatchdog.close();
        network.close();
        replicaPool.shutdownNow();
        readPool.shutdownNow();
        if (logPool != null) {
            logPool.shutdownNow(); // after the stub closed every log
        }
        engine.close();
        LOG.info("ReplicaServer {} stopped", self);
    }
}
