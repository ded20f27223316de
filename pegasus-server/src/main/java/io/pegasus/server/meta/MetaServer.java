package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcClientOptions;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.server.thrift.server_info_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.rpc_address;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MetaServer process: an RPC server for the client meta RPCs (spec section 3) and the internal meta protocol,
 * a ZooKeeper session, a place in the leader election, and the {@link MetaService} that acts when this server leads.
 * Several run per cluster; the leader is the only one that decides, the others forward.
 */
public final class MetaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);

    private final MetaServerConfig config;
    private final LongSupplier ticker;
    private final Clock wallClock;
    private final MetaObserver observer;
    private RpcServer rpcServer;
    private RpcClient pushClient;
    private CuratorFramework zk;
    private Leadership leadership;
    private MetaService service;
    private ScheduledExecutorService serviceThread;
    private rpc_address address;

    /** A MetaServer on the system clocks. */
    public MetaServer(MetaServerConfig config) {
        this(config, () -> System.nanoTime() / 1_000_000, Clock.systemUTC(), MetaObserver.NONE);
    }

    /**
     * @param ticker monotonic milliseconds, for beacons, grace periods and timeouts
     * @param wallClock unix time, for table creation, drop and expiry times
     */
    public MetaServer(MetaServerConfig config, LongSupplier ticker, Clock wallClock, MetaObserver observer) {
        this.config = config;
        this.ticker = ticker;
        this.wallClock = wallClock;
        this.observer = observer;
    }

    /** Binds the RPC port, connects to ZooKeeper (in the background) and joins the election. */
    public synchronized MetaServer start() throws Exception {
        zk = CuratorFrameworkFactory.builder()
                .connectString(config.zkServers())
                .sessionTimeoutMs(config.zkSessionTimeoutMs())
                .connectionTimeoutMs(config.zkConnectionTimeoutMs())
                .retryPolicy(new RetryNTimes(2, 200))
                .build();
        zk.start();
        MetaStore store = new MetaStore(zk, config.zkRoot());
        pushClient = new RpcClient(RpcClientOptions.defaults().withIoThreads(1).withConnectTimeoutMs(1000));
        String threadName = "meta-service-" + config.port();
        serviceThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        service = new MetaService(
                config,
                store,
                new NodePusher(pushClient, config.pushTimeoutMs()),
                ticker,
                wallClock,
                observer,
                serviceThread);
        rpcServer = new RpcServer(
                RpcServerOptions.defaults(config.host(), config.port()).withIoThreads(config.rpcIoThreads()));
        long startedMs = wallClock.millis();
        MetaRpcHandlers.register(rpcServer, service, this::leader, () -> serverInfo(startedMs));
        rpcServer.start();
        address = rpc_address.fromIpPort(config.host(), rpcServer.localAddress().getPort());
        String id = address.toString();
        service.setSelfId(id);
        serviceThread.execute(() -> Thread.currentThread().setName("meta-service-" + id));
        leadership = new Leadership(zk, store.leaderPath(), id, new Leadership.Listener() {
            @Override
            public void elected() {
                service.elected();
            }

            @Override
            public void deposed(String why) {
                service.deposed(why);
            }
        });
        service.setRelinquish(leadership::rejoin);
        leadership.start(Math.max(100, Math.min(1000, config.beaconIntervalMs())));
        LOG.info("MetaServer {} started (ZooKeeper {} at {})", id, config.zkServers(), config.zkRoot());
        return this;
    }

    /** RPC_CM_SERVER_INFO: this MetaServer's own view of itself. */
    private server_info_response serverInfo(long startedMs) {
        MetaService.Role role = service.role();
        String version = MetaServer.class.getPackage().getImplementationVersion();
        return new server_info_response(
                new error_code(ErrorCode.ERR_OK),
                address == null ? PartitionConfig.NONE : rpc_address.fromValue(address.value()),
                switch (role) {
                    case LEADER -> "leader";
                    case TAKING_OVER -> "taking over";
                    case FOLLOWER -> "follower";
                },
                rpc_address.fromValue(leader().value()),
                version == null ? "0.1.0-SNAPSHOT" : version,
                startedMs);
    }

    /** The address this MetaServer serves on. */
    public rpc_address address() {
        return address;
    }

    /** True while this MetaServer is the ready leader. */
    public boolean isLeader() {
        return service != null && service.role() == MetaService.Role.LEADER;
    }

    /** The leader as this MetaServer last saw it (itself when leading), all-zero when unknown. */
    public rpc_address leader() {
        if (isLeader()) {
            return address;
        }
        return leadership == null ? PartitionConfig.NONE : leadership.leader();
    }

    /**
     * Stops as a killed process would (for tests): no goodbye to ZooKeeper, so the session, and with it the election
     * latch, lingers until ZooKeeper expires it; the port closes at once.
     */
    public synchronized void halt() {
        try {
            // drops the connection without closing the session, like a process that died
            zk.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        } catch (Exception e) {
            LOG.debug("injecting a session expiration: {}", e.toString());
        }
        if (leadership != null) {
            leadership.abandon();
        }
        if (service != null) {
            service.deposed("halted");
        }
        serviceThread.shutdownNow();
        rpcServer.close();
        pushClient.close();
        zk.close();
        LOG.info("MetaServer {} halted", address);
    }

    /**
     * Stops: leaves the election first (a successor takes over at once), then closes the port and the ZooKeeper
     * session.
     */
    @Override
    public synchronized void close() {
        if (leadership != null) {
            leadership.close();
        }
        if (service != null) {
            service.deposed("shutting down");
        }
        if (serviceThread != null) {
            serviceThread.shutdown();
            try {
                serviceThread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serviceThread.shutdownNow();
        }
        if (rpcServer != null) {
            rpcServer.close();
        }
        if (pushClient != null) {
            pushClient.close();
        }
        if (zk != null) {
            zk.close();
        }
        LOG.info("MetaServer {} stopped", address);
    }
}
