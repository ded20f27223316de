package io.pegasus.server.zk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real standalone ZooKeeper server (ZooKeeper's own {@link ZooKeeperServer} and NIO connection factory) on one
 * address and data folder, for onebox and for tests. Its data survives {@link #stop()} / {@link #start()}, so a
 * restart keeps every znode and every session that reconnects within its timeout.
 *
 * <p>Sessions may last between 2 and 20 ticks (ZooKeeper's rule); the default tick of 500 ms allows 1 s to 10 s,
 * which covers the MetaServer's defaults and the shorter timeouts of tests.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    public static final int DEFAULT_TICK_MS = 500;

    private final String host;
    private final Path dataDir;
    private final int tickMs;
    private int port;
    private ZooKeeperServer server;
    private ServerCnxnFactory factory;

    /**
     * @param host address to bind, e.g. 127.0.0.1
     * @param port port to bind; 0 picks a free one, which is then kept across restarts
     * @param dataDir snapshots and transaction logs (created if missing)
     */
    public EmbeddedZooKeeper(String host, int port, Path dataDir, int tickMs) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.tickMs = tickMs;
    }

    /** Starts a server on 127.0.0.1 with a free port and the default tick. */
    public static EmbeddedZooKeeper startOnFreePort(Path dataDir) throws IOException {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper("127.0.0.1", 0, dataDir, DEFAULT_TICK_MS);
        zk.start();
        return zk;
    }

    /** Starts serving (again, after {@link #stop()}) with the data already in the folder. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("ZooKeeper already running on " + connectString());
        }
        Files.createDirectories(dataDir);
        ZooKeeperServer zks = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), tickMs);
        zks.setMinSessionTimeout(2 * tickMs);
        zks.setMaxSessionTimeout(20 * tickMs);
        ServerCnxnFactory f = ServerCnxnFactory.createFactory();
        f.configure(new InetSocketAddress(host, port), 200);
        try {
            f.startup(zks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.shutdown();
            throw new IOException("interrupted while starting ZooKeeper", e);
        }
        port = f.getLocalPort();
        server = zks;
        factory = f;
        LOG.info("ZooKeeper serving {} from {}", connectString(), dataDir);
    }

    /** Stops serving; every client connection drops. The data stays in the folder. */
    public synchronized void stop() {
        if (factory == null) {
            return;
        }
        factory.shutdown();
        server.shutdown();
        factory = null;
        server = null;
        LOG.info("ZooKeeper on {}:{} stopped", host, port);
    }

    /** Stops and starts again on the same port with the same data. */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port served (the real one when 0 was asked for, once started). */
    public synchronized int port() {
        return port;
    }

    /** "host:port", what ZooKeeper clients are given. */
    public synchronized String connectString() {
        return host + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }
}
