package io.pegasus.server.agent;

import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node side of the meta protocol, read from the shared configuration file (docs/configuration.md).
 *
 * @param metaServers the MetaServers to try, in order ({@code cluster.meta_servers})
 * @param beaconIntervalMs how often a beacon is sent ({@code fd.beacon_interval_ms})
 * @param leaseMs how long an acknowledged beacon keeps the lease ({@code fd.lease_ms}); must be shorter than the
 *     MetaServer's grace period and longer than the beacon interval
 * @param configSyncIntervalMs how often the node syncs its replicas with the leader ({@code
 *     agent.config_sync_interval_ms})
 * @param rpcTimeoutMs timeout of one call to a MetaServer ({@code agent.meta_rpc_timeout_ms})
 */
public record MetaAgentConfig(
        List<rpc_address> metaServers,
        long beaconIntervalMs,
        long leaseMs,
        long configSyncIntervalMs,
        int rpcTimeoutMs) {
    public static final String META_SERVERS = "cluster.meta_servers";
    public static final String BEACON_INTERVAL_MS = "fd.beacon_interval_ms";
    public static final String LEASE_MS = "fd.lease_ms";
    public static final String GRACE_MS = "fd.grace_ms";
    public static final String CONFIG_SYNC_INTERVAL_MS = "agent.config_sync_interval_ms";
    public static final String META_RPC_TIMEOUT_MS = "agent.meta_rpc_timeout_ms";

    public MetaAgentConfig {
        metaServers = List.copyOf(metaServers);
        if (metaServers.isEmpty()) {
            throw new IllegalArgumentException(META_SERVERS + " is empty");
        }
        if (beaconIntervalMs <= 0 || configSyncIntervalMs <= 0 || rpcTimeoutMs <= 0) {
            throw new IllegalArgumentException("agent intervals and timeouts must be positive");
        }
        if (leaseMs <= beaconIntervalMs) {
            throw new IllegalArgumentException(LEASE_MS + " (" + leaseMs + ") must be longer than " + BEACON_INTERVAL_MS
                    + " (" + beaconIntervalMs + ")");
        }
    }

    /** Reads the settings; absent keys take their defaults. Also checks {@code fd.grace_ms > fd.lease_ms} if set. */
    public static MetaAgentConfig fromMap(Map<String, String> values) {
        long lease = longValue(values, LEASE_MS, 9_000);
        if (values.containsKey(GRACE_MS) && longValue(values, GRACE_MS, 0) <= lease) {
            throw new IllegalArgumentException(GRACE_MS + " must be longer than " + LEASE_MS
                    + ": a cut-off node must stop serving before the MetaServer gives its replicas away");
        }
        long beacon = longValue(values, BEACON_INTERVAL_MS, 1_000);
        return new MetaAgentConfig(
                parseAddresses(values.getOrDefault(META_SERVERS, "127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603")),
                beacon,
                lease,
                longValue(values, CONFIG_SYNC_INTERVAL_MS, 5_000),
                (int) longValue(values, META_RPC_TIMEOUT_MS, Math.max(1000, (int) Math.min(3000, 2 * beacon))));
    }

    /** Parses "ip:port,ip:port". */
    public static List<rpc_address> parseAddresses(String list) {
        List<rpc_address> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(rpc_address.parse(s.trim()));
            }
        }
        return out;
    }

    private static long longValue(Map<String, String> values, String key, long dflt) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key " + key + ": not a number: " + v, e);
        }
    }
}
