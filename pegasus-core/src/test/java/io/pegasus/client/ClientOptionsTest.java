package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder and the official client's properties format. */
class ClientOptionsTest {
    @Test
    void defaults() {
        ClientOptions o = ClientOptions.builder().metaServers("127.0.0.1:34601").build();
        assertThat(o.operationTimeoutMs()).isEqualTo(1000);
        assertThat(o.metaQueryTimeoutMs()).isEqualTo(5000);
        assertThat(o.metaAttempts()).isEqualTo(5);
        assertThat(o.enableWriteLimit()).isTrue();
        assertThat(o.callerThreadIo()).isTrue();
        assertThat(o.metrics()).isInstanceOf(HistogramMetrics.class);
    }

    @Test
    void readsTheOfficialPropertiesFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pegasus.properties");
        Files.writeString(file, """
                meta_servers = 127.0.0.1:34601, 127.0.0.1:34602,127.0.0.1:34603
                operation_timeout = 2500
                async_workers = 3
                enable_write_limit = false
                enable_perf_counter = true
                max_in_flight_requests = 77
                caller_thread_io = false
                """);
        ClientOptions o = ClientOptions.fromPropertiesFile(file);
        assertThat(o.metaServers()).containsExactly("127.0.0.1:34601", "127.0.0.1:34602", "127.0.0.1:34603");
        assertThat(o.operationTimeoutMs()).isEqualTo(2500);
        assertThat(o.callbackThreads()).isEqualTo(3);
        assertThat(o.enableWriteLimit()).isFalse();
        assertThat(o.maxInFlightRequests()).isEqualTo(77);
        assertThat(o.callerThreadIo()).isFalse();
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> ClientOptions.fromProperties(new Properties())).hasMessageContaining("meta_servers");
        Properties p = new Properties();
        p.setProperty("meta_servers", "127.0.0.1:34601");
        p.setProperty("operation_timeout", "soon");
        assertThatThrownBy(() -> ClientOptions.fromProperties(p)).hasMessageContaining("operation_timeout");
        p.setProperty("operation_timeout", "100");
        p.setProperty("caller_thread_io", "sometimes");
        assertThatThrownBy(() -> ClientOptions.fromProperties(p)).hasMessageContaining("caller_thread_io");
        assertThatThrownBy(
                        () -> ClientOptions.builder().metaServers("localhost").build())
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClientOptions.builder().metaServers("h:70000").build())
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> ClientOptions.builder().build()).hasMessageContaining("no meta servers");
        assertThatThrownBy(() -> ClientOptions.builder().operationTimeoutMs(0))
                .hasMessageContaining("must be positive");
    }
}
