package io.pegasus.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        assertEquals(ResourceLeakDetector.Level.PARANOID, NettyLeakDetection.offUnlessConfigured());
    }
}
