package io.pegasus.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Settings of a {@link PegasusClient}. Immutable; made with {@link #builder()} or read from a properties file in the
 * official client's format ({@link #fromProperties}):
 *
 * <pre>
 * meta_servers = 127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603
 * operation_timeout = 1000
 * </pre>
 */
public final class ClientOptions {
    private final List<String> metaServers;
    private final int operationTimeoutMs;
    private final int metaQueryTimeoutMs;
    private final int metaAttempts;
    private final int serviceNotActiveDelayMs;
    private final int maxInFlightRequests;
    private final int batchWindow;
    private final int ioThreads;
    private final int callbackThreads;
    private final Executor callbackExecutor;
    private final boolean enableWriteLimit;
    private final boolean callerThreadIo;
    private final int retryBaseDelayMs;
    private final int adminPollIntervalMs;
    private final ClientMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private ClientOptions(Builder b) {
        this.metaServers = List.copyOf(b.metaServers);
        this.operationTimeoutMs = b.operationTimeoutMs;
        this.metaQueryTimeoutMs = b.metaQueryTimeoutMs;
        this.metaAttempts = b.metaAttempts;
        this.serviceNotActiveDelayMs = b.serviceNotActiveDelayMs;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.batchWindow = b.batchWindow;
        this.ioThreads = b.ioThreads;
        this.callbackThreads = b.callbackThreads;
        this.callbackExecutor = b.callbackExecutor;
        this.enableWriteLimit = b.enableWriteLimit;
        this.callerThreadIo = b.callerThreadIo;
        this.retryBaseDelayMs = b.retryBaseDelayMs;
        this.adminPollIntervalMs = b.adminPollIntervalMs;
        this.metrics = b.metrics == null ? new HistogramMetrics() : b.metrics;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the official client's keys: {@code meta_servers} (required, comma-separated ip:port list),
     * {@code operation_timeout} (ms), {@code meta_query_timeout} (ms), {@code async_workers} (callback threads),
     * {@code enable_write_limit}, {@code retry_base_interval_ms}; and this client's own {@code io_threads},
     * {@code max_in_flight_requests}, {@code batch_window}. Other keys of the official format (perf counters,
     * authentication...) are ignored.
     *
     * @throws IllegalArgumentException on a missing meta server list or a malformed number
     */
    public static ClientOptions fromProperties(Properties p) {
        Builder b = builder();
        String metas = p.getProperty("meta_servers");
        if (metas == null || metas.isBlank()) {
            throw new IllegalArgumentException("meta_servers is not set");
        }
        b.metaServers(metas);
        b.operationTimeoutMs(intProperty(p, "operation_timeout", b.operationTimeoutMs));
        b.metaQueryTimeoutMs(intProperty(p, "meta_query_timeout", b.metaQueryTimeoutMs));
        b.callbackThreads(intProperty(p, "async_workers", b.callbackThreads));
        b.ioThreads(intProperty(p, "io_threads", b.ioThreads));
        b.maxInFlightRequests(intProperty(p, "max_in_flight_requests", b.maxInFlightRequests));
        b.batchWindow(intProperty(p, "batch_window", b.batchWindow));
        b.retryBaseDelayMs(intProperty(p, "retry_base_interval_ms", b.retryBaseDelayMs));
        String writeLimit = p.getProperty("enable_write_limit");
        if (writeLimit != null) {
            b.enableWriteLimit(parseBoolean("enable_write_limit", writeLimit));
        }
        String callerThreadIo = p.getProperty("caller_thread_io");
        if (callerThreadIo != null) {
            b.callerThreadIo(parseBoolean("caller_thread_io", callerThreadIo));
        }
        return b.build();
    }

    /** Reads a properties file, see {@link #fromProperties}. */
    public static ClientOptions fromPropertiesFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read client configuration " + file, e);
        }
        return fromProperties(p);
    }

    private static int intProperty(Properties p, String key, int def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer: " + v, e);
        }
    }

    private static boolean parseBoolean(String key, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false: " + v);
        };
    }

    /** MetaServer addresses as "host:port". */
    public List<String> metaServers() {
        return metaServers;
    }

    /** Default timeout of every data operation (ms); a table view can override it ({@link PegasusTable#withTimeout}). */
    public int operationTimeoutMs() {
        return operationTimeoutMs;
    }

    /** Timeout of each MetaServer RPC attempt (ms). */
    public int metaQueryTimeoutMs() {
        return metaQueryTimeoutMs;
    }

    /** Attempts of one MetaServer call across the MetaServer list (spec 7.2: 5). */
    public int metaAttempts() {
        return metaAttempts;
    }

    /** How long to wait before asking a MetaServer that answered ERR_SERVICE_NOT_ACTIVE again (spec 7.2: 1 s). */
    public int serviceNotActiveDelayMs() {
        return serviceNotActiveDelayMs;
    }

    /**
     * Requests the whole client may have outstanding on ReplicaServers. An operation that finds the bound reached
     * waits (within its own timeout) for a slot, and fails with a timeout naming the bound if none frees up.
     */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** Items of one batch call started at a time; each item's timeout starts when it starts. */
    public int batchWindow() {
        return batchWindow;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** Threads completing the futures of the asynchronous API (official: async_workers). */
    public int callbackThreads() {
        return callbackThreads;
    }

    /** A caller-supplied executor for completing asynchronous results, or null to use the client's own. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /**
     * Whether the official client's write limits apply (spec 7.7): keys at most 1024 bytes, a value at most 400 KiB,
     * at most 1000 records and 1 MiB of values per multiSet or checkAndMutate.
     */
    public boolean enableWriteLimit() {
        return enableWriteLimit;
    }

    /**
     * Whether a synchronous single-key operation's thread writes the request and reads the reply itself, on a
     * blocking socket of its own, instead of handing both to a network thread (see {@link
     * io.pegasus.rpc.client.RpcConnection#callOnThisThread}). Default true: at one request in flight it takes two
     * thread wake-ups off every operation. Only while at most 4 synchronous operations are in progress in the client;
     * more at once, retries, the asynchronous API and batch operations use the one shared connection per server. The
     * sockets are extra connections to the servers: per server, one per call in progress this way and up to 32 idle.
     */
    public boolean callerThreadIo() {
        return callerThreadIo;
    }

    /** First retry delay (ms); later retries wait 1, 2, 3, 5, 10, 20, 40, 100 times it, capped at 100 ms. */
    public int retryBaseDelayMs() {
        return retryBaseDelayMs;
    }

    /** How often createTable asks whether the new table is healthy (ms). */
    public int adminPollIntervalMs() {
        return adminPollIntervalMs;
    }

    public ClientMetrics metrics() {
        return metrics;
    }

    /** Wall clock, for turning TTLs into absolute expiry times. */
    public Clock clock() {
        return clock;
    }

    /** Monotonic time in nanoseconds, for deadlines and throttling. */
    public LongSupplier nanoTime() {
        return nanoTime;
    }

    /** Builder of {@link ClientOptions}; {@link #metaServers} is required. */
    public static final class Builder {
        private final List<String> metaServers = new ArrayList<>();
        private int operationTimeoutMs = 1000;
        private int metaQueryTimeoutMs = 5000;
        private int metaAttempts = 5;
        private int serviceNotActiveDelayMs = 1000;
        private int maxInFlightRequests = 10_000;
        private int batchWindow = 512;
        private int ioThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int callbackThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Executor callbackExecutor;
        private boolean enableWriteLimit = true;
        private boolean callerThreadIo = true;
        private int retryBaseDelayMs = 1;
        private int adminPollIntervalMs = 500;
        private ClientMetrics metrics;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {}

        /** A comma-separated list of "host:port", e.g. "127.0.0.1:34601,127.0.0.1:34602". */
        public Builder metaServers(String commaSeparated) {
            metaServers.clear();
            for (String s : commaSeparated.split(",", -1)) {
                if (!s.isBlank()) {
                    metaServers.add(checkAddress(s.trim()));
                }
            }
            return this;
        }

        public Builder metaServers(List<String> addresses) {
            metaServers.clear();
            addresses.forEach(a -> metaServers.add(checkAddress(a.trim())));
            return this;
        }

        private static String checkAddress(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("meta server address must be host:port, got \"" + hostPort + "\"");
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in meta server address \"" + hostPort + "\"", e);
            }
            if (port <= 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range in meta server address \"" + hostPort + "\"");
            }
            return hostPort;
        }

        public Builder operationTimeoutMs(int ms) {
            this.operationTimeoutMs = positive("operation timeout", ms);
            return this;
        }

        public Builder metaQueryTimeoutMs(int ms) {
            this.metaQueryTimeoutMs = positive("meta query timeout", ms);
            return this;
        }

        public Builder metaAttempts(int attempts) {
            this.metaAttempts = positive("meta attempts", attempts);
            return this;
        }

        public Builder serviceNotActiveDelayMs(int ms) {
            this.serviceNotActiveDelayMs = nonNegative("service-not-active delay", ms);
            return this;
        }

        public Builder maxInFlightRequests(int requests) {
            this.maxInFlightRequests = positive("max in-flight requests", requests);
            return this;
        }

        public Builder batchWindow(int items) {
            this.batchWindow = positive("batch window", items);
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = positive("io threads", threads);
            return this;
        }

        public Builder callbackThreads(int threads) {
            this.callbackThreads = positive("callback threads", threads);
            return this;
        }

        /** Completes asynchronous results on this executor instead of the client's own threads. */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        public Builder enableWriteLimit(boolean enable) {
            this.enableWriteLimit = enable;
            return this;
        }

        /** See {@link ClientOptions#callerThreadIo()}. */
        public Builder callerThreadIo(boolean enable) {
            this.callerThreadIo = enable;
            return this;
        }

        public Builder retryBaseDelayMs(int ms) {
            this.retryBaseDelayMs = nonNegative("retry base delay", ms);
            return this;
        }

        public Builder adminPollIntervalMs(int ms) {
            this.adminPollIntervalMs = positive("admin poll interval", ms);
            return this;
        }

        public Builder metrics(ClientMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        private static int positive(String what, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + v);
            }
            return v;
        }

        private static int nonNegative(String what, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + v);
            }
            return v;
        }

        public ClientOptions build() {
            if (metaServers.isEmpty()) {
                throw new IllegalArgumentException("no meta servers configured");
            }
            return new ClientOptions(this);
        }
    }
}
