package io.pegasus.server.replica;

import java.util.Map;

/**
 * What a replica needs to know about its table: the name (for logs), the partition count (part of the partition's
 * identity in storage and checkpoints) and the table's environment variables (e.g. {@code default_ttl}).
 */
record TableInfo(String appName, int partitionCount, Map<String, String> envs) {
    TableInfo {
        envs = Map.copyOf(envs);
    }

    /** The table-level default TTL in seconds (env {@code default_ttl}), 0 when not set or not a number. */
    int defaultTtlSeconds() {
        String v = envs.get("default_ttl");
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
