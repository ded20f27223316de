package io.pegasus.server.config;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detection in a server process: off unless {@code -Dio.netty.leakDetection.level} asks for it.
 *
 * <p>At Netty's default level a sampled buffer records a stack trace where it is allocated and where it is written and
 * released. On a ReplicaServer at 64 outstanding puts that was 1.2-1.4 % of the process's CPU ({@code perf}, 2026-11-27),
 * for a check that finds nothing in a correct server. The tests start their servers in-JVM without this, so they keep
 * Netty's default detection and a leak still shows up there; an operator chasing one in production sets the property.
 */
public final class NettyLeakDetection {
    /** Netty's own system property for the level. */
    public static final String PROPERTY = "io.netty.leakDetection.level";

    /** The older properties Netty still honours; either one set also counts as the operator's choice. */
    static final String[] LEGACY_PROPERTIES = {"io.netty.leakDetectionLevel", "io.netty.noResourceLeakDetection"};

    private NettyLeakDetection() {}

    /**
     * Turns detection off unless {@link #PROPERTY} (or one of Netty's older names for it) is set; returns the level in
     * force afterwards.
     */
    public static ResourceLeakDetector.Level offUnlessConfigured() {
        boolean configured = System.getProperty(PROPERTY) != null;
        for (String legacy : LEGACY_PROPERTIES) {
            configured |= System.getProperty(legacy) != null;
        }
        if (!configured) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        return ResourceLeakDetector.getLevel();
    }
}
