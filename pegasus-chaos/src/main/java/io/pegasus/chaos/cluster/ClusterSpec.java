package io.pegasus.chaos.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What cluster to run: how many MetaServers and ReplicaServers (one ZooKeeper), the shared configuration file's keys
 * (docs/configuration.md), and how to run the JVMs.
 *
 * @param settings keys written to the shared configuration file, besides the addresses the harness fills in
 * @param jvmOptions options of every server JVM
 * @param classpath the servers' classpath (normally this JVM's: pegasus-chaos depends on pegasus-server)
 * @param zkTickMillis ZooKeeper's tick; sessions may last 2 to 20 ticks
 */
public record ClusterSpec(
        int metaCount,
        int replicaCount,
        Map<String, String> settings,
        List<String> jvmOptions,
        String classpath,
        int zkTickMillis) {

    public ClusterSpec {
        if (metaCount < 1 || replicaCount < 1) {
            throw new IllegalArgumentException("need at least one MetaServer and one ReplicaServer");
        }
        settings = Map.copyOf(settings);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The test timeouts: beacon 1 s, lease 3 s, grace 4 s (what issue 5 asks the failover figures for), MetaServer
     * sessions of 3 s, and small memory so that a whole cluster fits beside the build on a small machine.
     */
    public static ClusterSpec testTimeouts(int metas, int replicas) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fd.beacon_interval_ms", "1000");
        s.put("fd.lease_ms", "3000");
        s.put("fd.grace_ms", "4000");
        s.put("meta.guardian_interval_ms", "500");
        s.put("meta.zk_session_timeout_ms", "3000");
        s.put("meta.zk_connection_timeout_ms", "2000");
        // a learner whose node died while learning is asked for again after this; the default (120 s) is longer than
        // the 60 s in which a partition must be healthy again after the last fault
        s.put("meta.learner_timeout_ms", "15000");
        s.put("meta.push_timeout_ms", "1000");
        s.put("meta.rpc_io_threads", "1");
        s.put("agent.config_sync_interval_ms", "1000");
        // a process crash (kill -9) loses nothing under WRITE_EACH_BATCH: the OS keeps what was written; all processes
        // share one kernel, so a power loss is not something this harness can inject
        s.put("replica.log_flush_policy", "WRITE_EACH_BATCH");
        // group checks also carry the commit point to secondaries when writes stop, so replicas converge quickly
        s.put("replica.group_check_interval_ms", "2000");
        s.put("replica.io_threads", "1");
        s.put("replica.read_threads", "1");
        s.put("replica.block_cache_bytes", Long.toString(16L << 20));
        s.put("replica.write_buffer_limit_bytes", Long.toString(32L << 20));
        s.put("replica.write_buffer_bytes", Long.toString(4L << 20));
        List<String> jvm = List.of(
                "-Xmx256m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                // C1 only: a fraction of the compile CPU at start, which matters with many JVMs on two cores
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        return new ClusterSpec(metas, replicas, s, jvm, System.getProperty("java.class.path"), 500);
    }

    /** The same cluster with one more (or a changed) configuration key. */
    public ClusterSpec with(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(key, value);
        return new ClusterSpec(metaCount, replicaCount, s, jvmOptions, classpath, zkTickMillis);
    }

    public long leaseMillis() {
        return Long.parseLong(settings.getOrDefault("fd.lease_ms", "9000"));
    }

    public long graceMillis() {
        return Long.parseLong(settings.getOrDefault("fd.grace_ms", "10000"));
    }
}
