package io.pegasus.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of a Pegasus cluster, created from its MetaServer addresses. Thread-safe; meant to be shared by the whole
 * process and closed at exit. Nothing is sent until a table is opened or an admin call is made.
 *
 * <pre>{@code
 * try (PegasusClient client = PegasusClient.create("127.0.0.1:34601,127.0.0.1:34602")) {
 *     PegasusTable table = client.openTable("temp");
 *     table.set(hashKey, sortKey, value);
 *     byte[] v = table.get(hashKey, sortKey);
 * }
 * }</pre>
 *
 * <p>Opening a table asks the MetaServer for its partition configuration once; the handle is cached, so later
 * {@link #openTable} calls for the same name are cheap. Table administration ({@link #createTable},
 * {@link #dropTable}, {@link #listTables}) is here too.
 */
public final class PegasusClient implements AutoCloseable {
    private final ClientRuntime rt;
    private final Admin admin;
    private final Map<String, CompletableFuture<TableHandle>> tables = new ConcurrentHashMap<>();

    private PegasusClient(ClientOptions options) {
        this.rt = new ClientRuntime(options);
        this.admin = new Admin(rt);
    }

    public static PegasusClient create(ClientOptions options) {
        return new PegasusClient(options);
    }

    /** A client with default options for a comma-separated MetaServer list ("host:port,host:port"). */
    public static PegasusClient create(String metaServers) {
        return new PegasusClient(
                ClientOptions.builder().metaServers(metaServers).build());
    }

    /** A client configured by official-client style properties ({@link ClientOptions#fromProperties}). */
    public static PegasusClient fromProperties(Properties properties) {
        return new PegasusClient(ClientOptions.fromProperties(properties));
    }

    public static PegasusClient fromPropertiesFile(Path file) {
        return new PegasusClient(ClientOptions.fromPropertiesFile(file));
    }

    public ClientOptions options() {
        return rt.options;
    }

    /** Where this client reports operation latencies; a {@link HistogramMetrics} unless the options gave another. */
    public ClientMetrics metrics() {
        return rt.options.metrics();
    }

    /**
     * Opens a table: fetches its routing from the MetaServer (following the leader) unless it is already open.
     *
     * @throws PegasusTableNotFoundException when no such table exists ("No such table")
     * @throws PegasusException when no MetaServer could be reached within the attempts
     */
    public PegasusTable openTable(String name) throws PegasusException {
        return Futures.await(openInternal(name));
    }

    public CompletableFuture<PegasusTable> openTableAsync(String name) {
        return Futures.onExecutor(openInternal(name), rt.callbacks);
    }

    private CompletableFuture<PegasusTable> openInternal(String name) {
        if (name == null || name.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new PegasusInvalidArgumentException(name, "table name must not be null or empty"));
        }
        if (rt.closed()) {
            return CompletableFuture.failedFuture(new PegasusException(
                    ErrorContext.table(name), io.pegasus.base.ErrorCode.ERR_SESSION_RESET, "the client is closed"));
        }
        CompletableFuture<TableHandle> handle = tables.computeIfAbsent(name, n -> TableHandle.open(rt, n));
        // a failed open is not cached: the next call asks again
        var unused = handle.whenComplete((h, e) -> {
            if (e != null) {
                tables.remove(name, handle);
            }
        });
        return handle.thenApply(h -> new PegasusTable(h, rt.options.operationTimeoutMs()));
    }

    /**
     * Creates a table (or accepts an identical existing one) and waits until every partition has a primary and
     * {@code replicaCount - 1} secondaries, polling the MetaServer like the official admin client.
     *
     * @param envs table environment variables, or null
     * @return the table id
     * @throws PegasusTimeoutException when the table is not healthy within {@code timeout}
     */
    public int createTable(
            String name, int partitionCount, int replicaCount, Map<String, String> envs, Duration timeout)
            throws PegasusException {
        return Futures.await(admin.createTable(name, partitionCount, replicaCount, envs, timeout));
    }

    /**
     * Drops a table (success if it does not exist); the MetaServer keeps it recallable for {@code reserveSeconds}
     * (0 or negative = the server's default).
     */
    public void dropTable(String name, long reserveSeconds) throws PegasusException {
        Futures.await(admin.dropTable(name, reserveSeconds));
        tables.remove(name);
    }

    /** The available tables. */
    public List<TableInfo> listTables() throws PegasusException {
        return Futures.await(admin.listTables(false));
    }

    /** The tables the MetaServer knows; with {@code includeDropped}, also dropped ones still retained. */
    public List<TableInfo> listTables(boolean includeDropped) throws PegasusException {
        return Futures.await(admin.listTables(includeDropped));
    }

    /** Closes every connection; operations in progress fail, later ones fail at once. */
    @Override
    public void close() {
        rt.close();
    }
}
