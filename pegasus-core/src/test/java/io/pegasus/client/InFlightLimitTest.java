package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-wide bound on outstanding requests: waits within the timeout, fails clearly when it cannot. */
class InFlightLimitTest {
    private FakeMeta meta;
    private FakeReplica a;
    private final ScheduledExecutorService delay = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        a = new FakeReplica();
        meta.addTable("t", a.address());
    }

    @AfterEach
    void stop() {
        delay.shutdownNow();
        meta.close();
        a.close();
    }

    @Test
    void requestsBeyondTheBoundWaitForASlot() throws Exception {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        a.on(RpcNames.GET, call -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            delay.schedule(
                    () -> {
                        outstanding.decrementAndGet();
                        Answers.value("v").handle(call);
                        return null;
                    },
                    30,
                    TimeUnit.MILLISECONDS);
        });
        try (PegasusClient c = TestClients.client(meta.addressString(), o -> o.maxInFlightRequests(2))) {
            PegasusTable t = c.openTable("t");
            List<CompletableFuture<byte[]>> gets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                gets.add(t.getAsync(Bytes.utf8("hk" + i), null));
            }
            for (CompletableFuture<byte[]> g : gets) {
                assertThat(g.get(5, TimeUnit.SECONDS)).isEqualTo(Bytes.utf8("v"));
            }
            assertThat(maxOutstanding.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void noSlotWithinTheTimeoutIsAClearTimeout() throws Exception {
        a.silent(RpcNames.GET);
        try (PegasusClient c = TestClients.client(
                meta.addressString(), o -> o.maxInFlightRequests(1).operationTimeoutMs(200))) {
            PegasusTable t = c.openTable("t");
            // the first request holds the only slot longer than the second may wait
            CompletableFuture<byte[]> first = t.withTimeout(1000).getAsync(Bytes.utf8("a"), null);
            assertThatThrownBy(() -> t.get(Bytes.utf8("b"), null))
                    .isInstanceOf(PegasusTimeoutException.class)
                    .hasMessageContaining("maxInFlightRequests");
            assertThatThrownBy(first::join).hasCauseInstanceOf(PegasusTimeoutException.class);
            assertThat(a.count(RpcNames.GET)).isEqualTo(1);
        }
    }
}
