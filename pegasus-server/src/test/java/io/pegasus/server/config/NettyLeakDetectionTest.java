package io.pegasus.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes Netty's process-wide level and system properties, and puts them back: safe while tests run one at a time. */
class NettyLeakDetectionTest {
    private final ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    private final String property = System.getProperty(NettyLeakDetection.PROPERTY);

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(before);
        if (property == null) {
            System.clearProperty(NettyLeakDetection.PROPERTY);
        } else {
            System.setProperty(NettyLeakDetection.PROPERTY, property);
        }
    }

    @Test
    void offWhenTheOperatorSaysNothing() {
        System.clearProperty(NettyLeakDetection.PROPERTY);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        assertEquals(ResourceLeakDetector.Level.DISABLED, NettyLeakDetection.offUnlessConfigured());
    }

    @Test
    void leftAloneWhenThePropertyIsSet() {
        System.setProperty(NettyLeakDetection.PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID); // what Netty made of the property
        assertEquals(ResourceLeakDetector.Level.PARANOID, NettyLeakDetection.offUnlessConfigured());
    }

    @Test
    void leftAloneWhenAnOlderNameOfThePropertyIsSet() {
        System.clearProperty(NettyLeakDetection.PROPERTY);
        for (String legacy : NettyLeakDetection.LEGACY_PROPERTIES) {
            String was = System.getProperty(legacy);
            System.setProperty(legacy, "advanced");
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
            try {
                assertEquals(ResourceLeakDetector.Level.ADVANCED, NettyLeakDetection.offUnlessConfigured(), legacy);
            } finally {
                if (was == null) {
                    System.clearProperty(legacy);
                } else {
                    System.setProperty(legacy, was);
                }
            }
        }
    }
}
