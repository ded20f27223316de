package io.pegasus.server.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.server.agent.MetaAgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shared configuration: defaults, the grace > lease rule on both sides, typos refused, file then flags. */
class MetaServerConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        MetaServerConfig c = MetaServerConfig.defaults();
        assertThat(c.port()).isEqualTo(34601);
        assertThat(c.zkServers()).isEqualTo("127.0.0.1:22181");
        assertThat(c.zkRoot()).isEqualTo("/pegasus/onebox");
        assertThat(c.beaconIntervalMs()).isEqualTo(1000);
        assertThat(c.leaseMs()).isEqualTo(9000);
        assertThat(c.graceMs()).isEqualTo(10_000);
        assertThat(c.defaultReserveSeconds()).isEqualTo(7 * 24 * 3600);
        assertThat(c.maxReplicaCount()).isEqualTo(5);
        assertThat(c.takeoverWarmupMs()).isEqualTo(2000);
        MetaAgentConfig a = MetaAgentConfig.fromMap(Map.of());
        assertThat(a.metaServers()).hasSize(3);
        assertThat(a.leaseMs()).isEqualTo(9000);
    }

    @Test
    void aGracePeriodNotLongerThanTheLeaseIsRefusedByBothServers() {
        Map<String, String> bad = Map.of("fd.lease_ms", "4000", "fd.grace_ms", "4000");
        assertThatThrownBy(() -> MetaServerConfig.fromMap(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fd.grace_ms");
        assertThatThrownBy(() -> MetaAgentConfig.fromMap(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fd.grace_ms");
        assertThatThrownBy(() -> MetaServerConfig.fromMap(Map.of("fd.beacon_interval_ms", "9000")))
                .hasMessageContaining("fd.lease_ms");
        assertThatThrownBy(() -> MetaAgentConfig.fromMap(Map.of("fd.beacon_interval_ms", "9000")))
                .hasMessageContaining("fd.lease_ms");
    }

    @Test
    void typosAndBadValuesAreRefused() {
        assertThatThrownBy(() -> MetaServerConfig.fromMap(Map.of("meta.grace_ms", "1")))
                .hasMessageContaining("meta.grace_ms");
        assertThatThrownBy(() -> MetaServerConfig.fromMap(Map.of("meta.port", "ten")))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> MetaServerConfig.fromMap(Map.of("meta.host", "localhost")))
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> MetaServerConfig.fromMap(Map.of("meta.zk_root", "pegasus/")))
                .hasMessageContaining("meta.zk_root");
        // keys of the other server are not this one's business
        assertThat(MetaServerConfig.fromMap(Map.of("replica.data_dir", "/x", "agent.config_sync_interval_ms", "1")))
                .isNotNull();
    }

    @Test
    void theMainReadsTheFileThenTheFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pegasus.properties");
        Files.writeString(file, "meta.port = 34602\nmeta.zk_root=/pegasus/a\nfd.grace_ms=12000\n");
        MetaServerMain main = new MetaServerMain();
        new CommandLine(main)
                .parseArgs("--config", file.toString(), "--zk-root", "/pegasus/b", "--set", "meta.max_replica_count=3");
        MetaServerConfig c = MetaServerConfig.fromMap(main.settings());
        assertThat(c.port()).isEqualTo(34602);
        assertThat(c.zkRoot()).isEqualTo("/pegasus/b");
        assertThat(c.graceMs()).isEqualTo(12_000);
        assertThat(c.maxReplicaCount()).isEqualTo(3);
        // a bad configuration makes the main exit non-zero before starting anything
        assertThat(new CommandLine(new MetaServerMain()).execute("--set", "fd.grace_ms=1"))
                .isEqualTo(2);
    }
}
