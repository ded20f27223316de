package io.pegasus.server.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ZooKeeper server with a real client: serves, keeps its data across restarts, refuses when stopped. */
class EmbeddedZooKeeperTest {
    private static CuratorFramework client(String connect) {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(4000)
                .connectionTimeoutMs(1000)
                .retryPolicy(new RetryOneTime(100))
                .build();
        c.start();
        return c;
    }

    @Test
    void dataSurvivesARestartOnTheSamePort(@TempDir Path dir) throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.startOnFreePort(dir)) {
            int port = zk.port();
            assertThat(port).isPositive();
            try (CuratorFramework c = client(zk.connectString())) {
                assertThat(c.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
                c.create().creatingParentsIfNeeded().forPath("/a/b", "v1".getBytes(StandardCharsets.UTF_8));
            }
            zk.restart();
            assertThat(zk.port()).isEqualTo(port);
            assertThat(zk.isRunning()).isTrue();
            try (CuratorFramework c = client(zk.connectString())) {
                assertThat(c.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(c.getData().forPath("/a/b"), StandardCharsets.UTF_8))
                        .isEqualTo("v1");
            }
        }
    }

    @Test
    void aStoppedServerRefusesClientsAndAStartedOneServesThemAgain(@TempDir Path dir) throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.startOnFreePort(dir)) {
            zk.stop();
            assertThat(zk.isRunning()).isFalse();
            try (CuratorFramework c = client(zk.connectString())) {
                assertThat(c.blockUntilConnected(1500, TimeUnit.MILLISECONDS)).isFalse();
                assertThatThrownBy(() -> c.getChildren().forPath("/")).isInstanceOf(Exception.class);
                zk.start();
                assertThat(c.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
                assertThat(c.getChildren().forPath("/")).contains("zookeeper");
            }
        }
    }

    @Test
    void startingTwiceIsRefused(@TempDir Path dir) throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.startOnFreePort(dir)) {
            assertThatThrownBy(zk::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
