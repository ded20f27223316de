package io.pegasus.chaos.net;

import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the network: system property {@code pegasus.chaos.network} = {@code auto} (default), netns, loopback. */
public final class Networks {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);
    public static final String PROPERTY = "pegasus.chaos.network";

    private Networks() {}

    public static Network create(Random random) {
        return create(System.getProperty(PROPERTY, "auto"), random);
    }

    /**
     * {@code netns}: namespaces or fail; {@code loopback}: 127.0.0.0/8 addresses, no partitions; {@code auto}:
     * namespaces when this machine allows them (root, ip netns, tc), else loopback.
     */
    public static Network create(String mode, Random random) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "netns":
                return NamespaceNetwork.create(random);
            case "loopback":
                return new LoopbackNetwork(random);
            case "auto":
                try {
                    return NamespaceNetwork.create(random);
                } catch (IllegalStateException e) {
                    LOG.warn("network namespaces unavailable, using loopback (no partitions): {}", e.getMessage());
                    return new LoopbackNetwork(random);
                }
            default:
                throw new IllegalArgumentException(PROPERTY + " must be auto, netns or loopback, not " + mode);
        }
    }
}
