package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing refresh against protocol doubles (spec 6.3, 7.3): a primary that moved, throttled refreshes, a primary
 * that cannot be reached, a partition without primary, a dropped table.
 */
class ReplicaRoutingTest {
    private static final byte[] HK = Bytes.utf8("hk");
    private static final byte[] SK = Bytes.utf8("sk");

    private FakeMeta meta;
    private FakeReplica a;
    private FakeReplica b;
    private FakeMeta.Table table;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        a = new FakeReplica();
        b = new FakeReplica();
        table = meta.addTable("t", a.address());
    }

    @AfterEach
    void stop() {
        meta.close();
        a.close();
        b.close();
    }

    @Test
    void followsAPrimaryThatMoved() throws Exception {
        a.failing(RpcNames.GET, ErrorCode.ERR_INVALID_STATE);
        b.on(RpcNames.GET, Answers.value("v"));
        try (PegasusClient c = TestClients.client(meta.addressString())) {
            PegasusTable t = c.openTable("t");
            table.setPrimary(0, b.address());
            assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
            assertThat(a.count(RpcNames.GET))
                    .as("the retry waits for the refresh")
                    .isEqualTo(1);
            assertThat(b.count(RpcNames.GET)).isEqualTo(1);
            assertThat(meta.queries.get()).as("open + one refresh").isEqualTo(2);
        }
    }

    @Test
    void refreshesAreThrottledAndOneAtATime() throws Exception {
        a.failing(RpcNames.GET, ErrorCode.ERR_INVALID_STATE);
        try (PegasusClient c = TestClients.client(meta.addressString(), o -> o.operationTimeoutMs(300))) {
            PegasusTable t = c.openTable("t");
            long start = System.nanoTime();
            List<CompletableFuture<byte[]>> gets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                gets.add(t.getAsync(HK, SK));
            }
            for (CompletableFuture<byte[]> g : gets) {
                assertThatThrownBy(g::join)
                        .hasCauseInstanceOf(PegasusTimeoutException.class)
                        .hasMessageContaining("ERR_INVALID_STATE");
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int queries = meta.queries.get();
            // open, then at most one refresh per 100 ms (a third of the timeout) while the gets ran: 300 ms, or more
            // on a loaded machine (the gets' deadlines are spread by the time it took to issue them)
            assertThat(queries).isBetween(2, 3 + (int) (Math.max(300, elapsedMs) / 100));
            assertThat(a.count(RpcNames.GET)).as("each get retried").isGreaterThan(50);
        }
    }

    private InetSocketAddress dead() throws Exception {
        String[] hostPort = TestClients.deadAddress().split(":");
        return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    @Test
    void aPrimaryThatCannotBeReachedIsReplacedAfterARefresh() throws Exception {
        table.setPrimary(0, dead());
        b.on(RpcNames.PUT, Answers.updated());
        try (PegasusClient c = TestClients.client(meta.addressString())) {
            PegasusTable t = c.openTable("t");
            table.setPrimary(0, b.address());
            t.set(HK, SK, Bytes.utf8("v"));
            assertThat(b.count(RpcNames.PUT)).isEqualTo(1);
        }
    }

    @Test
    void aConnectFailureSentNothingSoEvenIncrIsRetried() throws Exception {
        table.setPrimary(0, dead());
        b.on(RpcNames.INCR, Answers.incremented(1));
        try (PegasusClient c = TestClients.client(meta.addressString())) {
            PegasusTable t = c.openTable("t");
            table.setPrimary(0, b.address());
            assertThat(t.incr(HK, SK, 1)).isEqualTo(1);
            assertThat(b.count(RpcNames.INCR)).isEqualTo(1);
        }
    }

    @Test
    void aPartitionWithoutPrimaryIsRetriedUntilOneIsAssigned() throws Exception {
        table.setPrimary(0, null);
        b.on(RpcNames.GET, Answers.value("v"));
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (PegasusClient c = TestClients.client(meta.addressString())) {
            PegasusTable t = c.openTable("t");
            later.schedule(() -> table.setPrimary(0, b.address()), 100, TimeUnit.MILLISECONDS);
            assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void aDroppedTableFailsFastWithNoSuchTable() throws Exception {
        a.failing(RpcNames.GET, ErrorCode.ERR_OBJECT_NOT_FOUND);
        try (PegasusClient c = TestClients.client(meta.addressString(), o -> o.operationTimeoutMs(3000))) {
            PegasusTable t = c.openTable("t");
            c.dropTable("t", 0);
            long start = System.nanoTime();
            assertThatThrownBy(() -> t.get(HK, SK))
                    .isInstanceOf(PegasusTableNotFoundException.class)
                    .hasMessageContaining("No such table");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
        }
    }
}
