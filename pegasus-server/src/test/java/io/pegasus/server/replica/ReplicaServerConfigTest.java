package io.pegasus.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code replica.} keys: defaults, and bad values refused with the key's name. */
class ReplicaServerConfigTest {
    @Test
    void logThreadsDefaultsToOneSharedThreadAndZeroMeansAThreadPerLog() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .logThreads())
                .isEqualTo(1);
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.log_threads", "0"))
                        .logThreads())
                .isZero();
    }

    @Test
    void aNegativeLogThreadCountIsRefused() {
        assertThatThrownBy(() ->
                        ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.log_threads", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica.log_threads must be 0");
    }

    @Test
    void peersShareTheNetworkThreadsByDefault() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .peerIoThreads())
                .isZero();
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.peer_io_threads", "1"))
                        .peerIoThreads())
                .isEqualTo(1);
        assertThatThrownBy(() -> ReplicaServerConfig.fromMap(
                        Map.of("replica.data_dir", "/tmp/d", "replica.peer_io_threads", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica.peer_io_threads must be 0");
    }

    @Test
    void aBusyPartitionWaitsForItsPipelineByDefault() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .replica()
                        .pipelineMaxQueued())
                .isEqualTo(1);
        assertThat(ReplicaServerConfig.fromMap(
                                Map.of("replica.data_dir", "/tmp/d", "replica.pipeline_max_queued_writes", "4096"))
                        .replica()
                        .pipelineMaxQueued())
                .isEqualTo(4096);
        assertThatThrownBy(() -> ReplicaServerConfig.fromMap(
                        Map.of("replica.data_dir", "/tmp/d", "replica.pipeline_max_queued_writes", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica.pipeline_max_queued_writes must be 0");
    }

    @Test
    void theJournalIsOnByDefaultAndTakesOnlyTrueOrFalse() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .logJournal())
                .isTrue();
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.log_journal", "false"))
                        .logJournal())
                .isFalse();
        assertThatThrownBy(() ->
                        ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.log_journal", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica.log_journal: not true or false: yes");
    }

    @Test
    void secondariesApplyAfterTheRoundByDefault() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .deferSecondaryApplies())
                .isTrue();
        assertThat(ReplicaServerConfig.fromMap(
                                Map.of("replica.data_dir", "/tmp/d", "replica.defer_secondary_applies", "false"))
                        .deferSecondaryApplies())
                .isFalse();
    }

    @Test
    void theJournalWritesAfterTheRoundByDefault() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .journalWritesAfterRound())
                .isTrue();
        assertThat(ReplicaServerConfig.fromMap(
                                Map.of("replica.data_dir", "/tmp/d", "replica.journal_writes_after_round", "false"))
                        .journalWritesAfterRound())
                .isFalse();
    }

    @Test
    void logGcIntervalIsRead() {
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d"))
                        .log()
                        .gcIntervalMillis())
                .isEqualTo(30_000);
        assertThat(ReplicaServerConfig.fromMap(Map.of("replica.data_dir", "/tmp/d", "replica.log_gc_interval_ms", "0"))
                        .log()
                        .gcIntervalMillis())
                .isZero();
    }
}
