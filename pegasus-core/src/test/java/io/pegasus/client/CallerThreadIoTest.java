package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientOptions#callerThreadIo()}: which connection an operation's requests travel on. Synchronous
 * single-key operations write their first attempt on a socket of the calling thread; the asynchronous API, batch
 * operations and retries use the client's one shared connection per server.
 */
class CallerThreadIoTest {
    private static final byte[] HK = Bytes.utf8("hk");
    private static final byte[] SK = Bytes.utf8("sk");

    private FakeMeta meta;
    private FakeReplica replica;
    private PegasusClient client;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        replica = new FakeReplica();
        meta.addTable("t", replica.address());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        meta.close();
        replica.close();
    }

    private PegasusTable open(boolean callerThreadIo) throws PegasusException {
        client = TestClients.client(meta.addressString(), o -> o.callerThreadIo(callerThreadIo));
        return client.openTable("t");
    }

    private List<SocketAddress> sources(String rpc) {
        return replica.calls(rpc).stream().map(r -> r.call().remoteAddress()).toList();
    }

    @Test
    void syncOperationsUseTheCallersSocketAndAsyncOnesTheSharedConnection() throws Exception {
        replica.on(RpcNames.GET, Answers.value("v"));
        PegasusTable t = open(true);
        assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
        assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
        assertThat(t.getAsync(HK, SK).get(5, TimeUnit.SECONDS)).isEqualTo(Bytes.utf8("v"));
        assertThat(t.getAsync(HK, SK).get(5, TimeUnit.SECONDS)).isEqualTo(Bytes.utf8("v"));
        List<SocketAddress> from = sources(RpcNames.GET);
        assertThat(from).hasSize(4);
        assertThat(from.get(1)).as("one socket reused by the calling thread").isEqualTo(from.get(0));
        assertThat(from.get(3)).isEqualTo(from.get(2));
        assertThat(from.get(2)).as("async calls on the shared connection").isNotEqualTo(from.get(0));
    }

    @Test
    void turnedOffEveryCallUsesTheSharedConnection() throws Exception {
        replica.on(RpcNames.GET, Answers.value("v"));
        PegasusTable t = open(false);
        assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
        assertThat(t.getAsync(HK, SK).get(5, TimeUnit.SECONDS)).isEqualTo(Bytes.utf8("v"));
        List<SocketAddress> from = sources(RpcNames.GET);
        assertThat(from).hasSize(2);
        assertThat(from.get(1)).isEqualTo(from.get(0));
    }

    @Test
    void beyondMaxCallersAtOnceTheRestUseTheSharedConnection() throws Exception {
        int threads = WaitingCaller.MAX_CALLERS + 2;
        // answered only once every caller's request has arrived, so that all of them are in progress together
        CountDownLatch allSent = new CountDownLatch(threads);
        replica.on(RpcNames.GET, call -> {
            allSent.countDown();
            new Thread(() -> {
                        try {
                            allSent.await(10, TimeUnit.SECONDS);
                            Answers.value("v").handle(call);
                        } catch (Exception e) {
                            call.fail(ErrorCode.ERR_UNKNOWN);
                        }
                    })
                    .start();
        });
        PegasusTable t = open(true);
        List<Thread> callers = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < threads; i++) {
            callers.add(new Thread(() -> {
                try {
                    assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread c : callers) {
            c.join(20_000);
        }
        assertThat(failed.get()).isNull();
        List<SocketAddress> from = sources(RpcNames.GET);
        assertThat(from).hasSize(threads);
        // MAX_CALLERS sockets of their own, and the shared connection carrying the other two
        assertThat(new HashSet<>(from)).hasSize(WaitingCaller.MAX_CALLERS + 1);
    }

    @Test
    void anInterruptedCallerGetsThreadInterruptedNotAnUnknownOutcome() throws Exception {
        replica.on(RpcNames.INCR, Answers.incremented(1));
        PegasusTable t = open(true);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> t.incr(HK, SK, 1))
                    .isInstanceOf(PegasusException.class)
                    .isNotInstanceOf(PegasusOutcomeUnknownException.class)
                    .satisfies(e ->
                            assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_THREAD_INTERRUPTED));
        } finally {
            Thread.interrupted();
        }
        assertThat(t.incr(HK, SK, 1)).isEqualTo(1);
    }

    @Test
    void aRetryGoesThroughTheSharedConnection() throws Exception {
        AtomicInteger n = new AtomicInteger();
        replica.on(RpcNames.GET, call -> {
            if (n.incrementAndGet() == 1) {
                call.fail(ErrorCode.ERR_NOT_ENOUGH_MEMBER);
            } else {
                Answers.value("v").handle(call);
            }
        });
        PegasusTable t = open(true);
        assertThat(t.get(HK, SK)).isEqualTo(Bytes.utf8("v"));
        List<SocketAddress> from = sources(RpcNames.GET);
        assertThat(from).hasSize(2);
        assertThat(from.get(1)).isNotEqualTo(from.get(0));
    }

    @Test
    void aSyncIncrAfterTheReplicaRestartedIsSentOnceAndSucceeds() throws Exception {
        replica.on(RpcNames.INCR, Answers.incremented(1));
        PegasusTable t = open(true);
        assertThat(t.incr(HK, SK, 1)).isEqualTo(1);
        int port = replica.address().getPort();
        replica.close();
        replica = new FakeReplica(port);
        replica.on(RpcNames.INCR, Answers.incremented(2));
        // the calling thread's idle socket still points at the old process: the incr must not be lost on it (that
        // would be an unknown outcome) but go out on a fresh socket
        assertThat(t.incr(HK, SK, 1)).isEqualTo(2);
        assertThat(replica.count(RpcNames.INCR)).isEqualTo(1);
    }
}
