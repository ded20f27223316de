package io.pegasus.server.meta;

import io.pegasus.server.config.Settings;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MetaServer's settings, read from the shared configuration file (docs/configuration.md lists every key with its
 * default). Keys under {@code meta.} belong to the MetaServer; {@code fd.} (failure detection) and
 * {@code cluster.} are shared with the ReplicaServers, which is why one file serves both.
 *
 * @param host IPv4 address the MetaServer binds and announces (its leader id)
 * @param zkServers ZooKeeper connect string
 * @param zkRoot the cluster's ZooKeeper folder
 * @param graceMs a node missing its beacons this long is dead; must exceed {@code leaseMs}
 * @param guardianIntervalMs how often the leader checks for dead nodes and under-replicated partitions
 * @param learnerTimeoutMs a learner that has not become a secondary after this long is asked for again
 * @param takeoverWarmupMs after a takeover, operations that count live nodes wait this long for the nodes to find the
 *     new leader
 * @param minLiveNodesForUnfreeze with fewer live nodes the cluster acts as if the meta level were freezed
 * @param balancerMaxConcurrentMoves the load balancer starts no move while this many are under way
 * @param balancerMoveTimeoutMs a balancer move not finished after this long is forgotten (and may be planned again)
 */
public record MetaServerConfig(
        String host,
        int port,
        String zkServers,
        String zkRoot,
        int zkSessionTimeoutMs,
        int zkConnectionTimeoutMs,
        long beaconIntervalMs,
        long leaseMs,
        long graceMs,
        long guardianIntervalMs,
        long learnerTimeoutMs,
        long takeoverWarmupMs,
        long defaultReserveSeconds,
        int maxReplicaCount,
        int maxPartitionCount,
        int maxNameLength,
        int minLiveNodesForUnfreeze,
        int pushTimeoutMs,
        int rpcIoThreads,
        int balancerMaxConcurrentMoves,
        long balancerMoveTimeoutMs) {

    public static final String HOST = "meta.host";
    public static final String PORT = "meta.port";
    public static final String ZK_SERVERS = "meta.zk_servers";
    public static final String ZK_ROOT = "meta.zk_root";
    public static final String ZK_SESSION_TIMEOUT_MS = "meta.zk_session_timeout_ms";
    public static final String ZK_CONNECTION_TIMEOUT_MS = "meta.zk_connection_timeout_ms";
    public static final String GUARDIAN_INTERVAL_MS = "meta.guardian_interval_ms";
    public static final String LEARNER_TIMEOUT_MS = "meta.learner_timeout_ms";
    public static final String TAKEOVER_WARMUP_MS = "meta.takeover_warmup_ms";
    public static final String DEFAULT_RESERVE_SECONDS = "meta.default_reserve_seconds";
    public static final String MAX_REPLICA_COUNT = "meta.max_replica_count";
    public static final String MAX_PARTITION_COUNT = "meta.max_partition_count";
    public static final String MAX_NAME_LENGTH = "meta.max_table_name_length";
    public static final String MIN_LIVE_NODES_FOR_UNFREEZE = "meta.min_live_nodes_for_unfreeze";
    public static final String PUSH_TIMEOUT_MS = "meta.push_timeout_ms";
    public static final String RPC_IO_THREADS = "meta.rpc_io_threads";
    public static final String BALANCER_MAX_CONCURRENT_MOVES = "meta.balancer_max_concurrent_moves";
    public static final String BALANCER_MOVE_TIMEOUT_MS = "meta.balancer_move_timeout_ms";
    /** Shared with the ReplicaServers. */
    public static final String BEACON_INTERVAL_MS = "fd.beacon_interval_ms";

    public static final String LEASE_MS = "fd.lease_ms";
    public static final String GRACE_MS = "fd.grace_ms";
    public static final String META_SERVERS = "cluster.meta_servers";

    private static final Set<String> KNOWN = Set.of(
            HOST,
            PORT,
            ZK_SERVERS,
            ZK_ROOT,
            ZK_SESSION_TIMEOUT_MS,
            ZK_CONNECTION_TIMEOUT_MS,
            GUARDIAN_INTERVAL_MS,
            LEARNER_TIMEOUT_MS,
            TAKEOVER_WARMUP_MS,
            DEFAULT_RESERVE_SECONDS,
            MAX_REPLICA_COUNT,
            MAX_PARTITION_COUNT,
            MAX_NAME_LENGTH,
            MIN_LIVE_NODES_FOR_UNFREEZE,
            PUSH_TIMEOUT_MS,
            RPC_IO_THREADS,
            BALANCER_MAX_CONCURRENT_MOVES,
            BALANCER_MOVE_TIMEOUT_MS,
            BEACON_INTERVAL_MS,
            LEASE_MS,
            GRACE_MS);

    public MetaServerConfig {
        List<String> problems = new ArrayList<>();
        try {
            rpc_address.fromIpPort(host, port);
        } catch (IllegalArgumentException e) {
            problems.add(HOST + "/" + PORT + ": " + e.getMessage() + " (an IPv4 address and a port are needed)");
        }
        if (zkRoot.isEmpty() || !zkRoot.startsWith("/") || zkRoot.endsWith("/")) {
            problems.add(ZK_ROOT + " must be an absolute ZooKeeper path without a trailing '/': " + zkRoot);
        }
        if (beaconIntervalMs <= 0) {
            problems.add(BEACON_INTERVAL_MS + " must be > 0");
        }
        if (leaseMs <= beaconIntervalMs) {
            problems.add(LEASE_MS + " (" + leaseMs + ") must be longer than " + BEACON_INTERVAL_MS + " ("
                    + beaconIntervalMs + "), or every lease runs out between two beacons");
        }
        if (graceMs <= leaseMs) {
            problems.add(GRACE_MS + " (" + graceMs + ") must be longer than " + LEASE_MS + " (" + leaseMs
                    + "): a cut-off node must stop serving before the MetaServer gives its replicas away");
        }
        if (balancerMaxConcurrentMoves < 1) {
            problems.add(BALANCER_MAX_CONCURRENT_MOVES + " must be >= 1");
        }
        if (guardianIntervalMs <= 0
                || learnerTimeoutMs <= 0
                || pushTimeoutMs <= 0
                || takeoverWarmupMs < 0
                || balancerMoveTimeoutMs <= 0) {
            problems.add("intervals and timeouts must be positive");
        }
        if (maxReplicaCount < 1 || maxPartitionCount < 1 || maxNameLength < 1 || defaultReserveSeconds < 0) {
            problems.add("table limits must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad MetaServer configuration: " + String.join("; ", problems));
        }
    }

    /** Reads the configuration from key/value pairs (a properties file, flags); absent keys take their default. */
    public static MetaServerConfig fromMap(Map<String, String> values) {
        Settings s = new Settings(values);
        Set<String> unknown = s.unknownKeys(Set.of("meta.", "fd."), KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown MetaServer configuration keys: " + unknown);
        }
        long beacon = s.longValue(BEACON_INTERVAL_MS, 1000);
        return new MetaServerConfig(
                s.string(HOST, "127.0.0.1"),
                s.intValue(PORT, 34601),
                s.string(ZK_SERVERS, "127.0.0.1:22181"),
                s.string(ZK_ROOT, "/pegasus/onebox"),
                s.intValue(ZK_SESSION_TIMEOUT_MS, 10_000),
                s.intValue(ZK_CONNECTION_TIMEOUT_MS, 5_000),
                beacon,
                s.longValue(LEASE_MS, 9_000),
                s.longValue(GRACE_MS, 10_000),
                s.longValue(GUARDIAN_INTERVAL_MS, 1_000),
                s.longValue(LEARNER_TIMEOUT_MS, 120_000),
                s.longValue(TAKEOVER_WARMUP_MS, 2 * beacon),
                s.longValue(DEFAULT_RESERVE_SECONDS, 7L * 24 * 3600),
                s.intValue(MAX_REPLICA_COUNT, 5),
                s.intValue(MAX_PARTITION_COUNT, 2048),
                s.intValue(MAX_NAME_LENGTH, 128),
                s.intValue(MIN_LIVE_NODES_FOR_UNFREEZE, 1),
                s.intValue(PUSH_TIMEOUT_MS, 3_000),
                s.intValue(RPC_IO_THREADS, 2),
                s.intValue(BALANCER_MAX_CONCURRENT_MOVES, 2),
                s.longValue(BALANCER_MOVE_TIMEOUT_MS, 120_000));
    }

    /** Every default. */
    public static MetaServerConfig defaults() {
        return fromMap(Map.of());
    }

    /** This MetaServer's address, also its id in the election. */
    public rpc_address address() {
        return rpc_address.fromIpPort(host, port);
    }
}
