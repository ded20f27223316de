package io.pegasus.client.it;

import static io.pegasus.client.it.ClusterFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusInvalidArgumentException;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.PegasusTableNotFoundException;
import io.pegasus.client.SortKeyValue;
import io.pegasus.client.TableInfo;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admin calls and client-side validation against a real cluster. */
class ClientAdminAndBadInputIT {
    private static ClusterFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ClusterFixture.start("client_admin");
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void createListAndDropTables() throws Exception {
        PegasusClient c = fx.client;
        int before = c.listTables().size();
        int id = c.createTable("created_by_client", 4, 3, Map.of(), Duration.ofSeconds(66));
        assertThat(id).isPositive();
        assertThat(c.createTable("created_by_client", 4, 3, Map.of(), Duration.ofSeconds(66)))
                .as("creating an identical table again succeeds with the same id")
                .isEqualTo(id);
        PegasusTable t = c.openTable("created_by_client");
        assertThat(t.partitionCount()).isEqualTo(4);
        t.set(b("h"), b("s"), b("v"));
        List<TableInfo> available = c.listTables();
        assertThat(available).hasSize(before + 1);
        TableInfo info = available.stream()
                .filter(i -> i.name().equals("created_by_client"))
                .findFirst()
                .orElseThrow();
        assertThat(info.replicaCount()).isEqualTo(3);
        int all = c.listTables(true).size();
        c.dropTable("created_by_client", 66000);
        assertThat(c.listTables()).hasSize(before);
        assertThat(c.listTables(true)).as("dropped tables are retained").hasSize(all);
        assertThatThrownBy(() -> c.openTable("created_by_client"))
                .isInstanceOf(PegasusTableNotFoundException.class)
                .hasMessageContaining("No such table");
        assertThatThrownBy(() -> t.get(b("h"), b("s"))).isInstanceOf(PegasusException.class);
        int recreated = c.createTable("created_by_client", 2, 3, null, Duration.ofSeconds(66));
        assertThat(recreated).as("a new table gets a new id").isNotEqualTo(id);
        assertThat(c.openTable("created_by_client").get(b("h"), b("s"))).isNull();
    }

    @Test
    void createTableRejectsImpossibleReplicaCounts() {
        assertThatThrownBy(() -> fx.client.createTable("too_many_replicas", 4, 5, null, Duration.ofSeconds(10)))
                .isInstanceOf(PegasusException.class)
                .satisfies(
                        e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS))
                .hasMessageContaining("at most the number of live ReplicaServers");
    }

    @Test
    void badInputFailsAtOnce() {
        PegasusTable t = fx.table;
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.multiSet(null, List.of(SortKeyValue.of("a", "b"))))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.multiGet(new byte[0], List.of()))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.sortKeyCount(new byte[0])).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.set(new byte[65535], b("s"), b("v")))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.get(new byte[70000], b("s"))).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.set(b("h"), b("s"), b("v"), -1)).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.multiDel(b("h"), List.of())).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.batchGet(List.of())).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void unknownTableAndUnreachableMetaServers() throws Exception {
        assertThatThrownBy(() -> fx.client.openTable("no_such_table"))
                .isInstanceOf(PegasusTableNotFoundException.class)
                .satisfies(
                        e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PegasusClient nowhere = PegasusClient.create(
                ClientOptions.builder().metaServers("127.0.0.1:" + port).build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> nowhere.openTable("client_admin"))
                    .hasMessageContaining("cannot reach any MetaServer");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        }
        // a dead first address does not hide the live ones
        try (PegasusClient partly = PegasusClient.create(ClientOptions.builder()
                .metaServers("127.0.0.1:" + port + "," + fx.cluster.metaServerList())
                .build())) {
            assertThat(partly.openTable("client_admin").name()).isEqualTo("client_admin");
        }
    }
}
