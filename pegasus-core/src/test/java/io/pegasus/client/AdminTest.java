package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** createTable (waiting for health), dropTable and listTables against the MetaServer protocol double. */
class AdminTest {
    private FakeMeta meta;
    private FakeReplica replica;
    private PegasusClient client;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        replica = new FakeReplica();
        meta.createdTablesGoTo = replica.address();
        client = TestClients.client(meta.addressString());
    }

    @AfterEach
    void stop() {
        client.close();
        meta.close();
        replica.close();
    }

    @Test
    void createTableWaitsUntilEveryPartitionIsHealthy() throws Exception {
        meta.createdUnassignedAnswers = 3;
        int id = client.createTable("new_table", 4, 3, Map.of("k", "v"), Duration.ofSeconds(10));
        assertThat(id).isEqualTo(meta.table("new_table").appId);
        assertThat(meta.queries.get())
                .as("three unhealthy answers, then a healthy one")
                .isEqualTo(4);
        PegasusTable t = client.openTable("new_table");
        assertThat(t.partitionCount()).isEqualTo(4);
        TableInfo info = client.listTables().stream()
                .filter(i -> i.name().equals("new_table"))
                .findFirst()
                .orElseThrow();
        assertThat(info.envs()).containsEntry("k", "v");
        assertThat(info.partitionCount()).isEqualTo(4);
        assertThat(info.replicaCount()).isEqualTo(3);
        assertThat(info.status()).isEqualTo("AS_AVAILABLE");
    }

    @Test
    void createTableTimesOutWhenTheTableNeverBecomesHealthy() {
        meta.createdUnassignedAnswers = 1_000_000;
        assertThatThrownBy(() -> client.createTable("slow", 2, 3, null, Duration.ofMillis(300)))
                .isInstanceOf(PegasusTimeoutException.class)
                .hasMessageContaining("not healthy within 300 ms")
                .hasMessageContaining("0 of 2 partitions");
    }

    @Test
    void createTableRequiresEnoughSecondaries() {
        // an existing identical table is accepted, but with no secondaries it is not healthy for 3 replicas
        meta.addTable("thin", replica.address()).secondaries = 0;
        assertThatThrownBy(() -> client.createTable("thin", 1, 3, null, Duration.ofMillis(200)))
                .isInstanceOf(PegasusTimeoutException.class)
                .hasMessageContaining("0 of 1 partitions have a primary and 2 secondaries");
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.createTable("bad name", 4, 3, null, Duration.ofSeconds(1)))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> client.createTable("ok", 0, 3, null, Duration.ofSeconds(1)))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> client.createTable("ok", 4, 3, null, Duration.ZERO))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> client.dropTable("bad/name", 0)).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> client.openTable("")).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThat(meta.adminCalls.get()).isZero();
        assertThat(meta.queries.get()).isZero();
    }

    @Test
    void dropTableThenListAndOpen() throws Exception {
        meta.addTable("keep", replica.address());
        meta.addTable("gone", replica.address());
        client.openTable("gone");
        client.dropTable("gone", 66000);
        assertThat(meta.dropped()).containsExactly("gone");
        List<TableInfo> available = client.listTables();
        assertThat(available).extracting(TableInfo::name).containsExactly("keep");
        List<TableInfo> all = client.listTables(true);
        assertThat(all).extracting(TableInfo::name).containsExactlyInAnyOrder("keep", "gone");
        assertThat(all.stream()
                        .filter(i -> i.name().equals("gone"))
                        .findFirst()
                        .orElseThrow()
                        .status())
                .isEqualTo("AS_DROPPED");
        assertThatThrownBy(() -> client.openTable("gone"))
                .isInstanceOf(PegasusTableNotFoundException.class)
                .hasMessageContaining("No such table");
        // dropping a missing table succeeds (success_if_not_exist)
        client.dropTable("never_was", 0);
    }
}
