package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcHandler;
import io.pegasus.thrift.read_response;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, retries and the outcome-unknown rule (spec 6.3, 7.4): idempotent operations are retried inside their
 * timeout; non-idempotent ones are retried only after answers proving they were not executed, and otherwise end with
 * {@link PegasusOutcomeUnknownException} without a resend.
 */
class TimeoutAndOutcomeTest {
    private static final byte[] HK = Bytes.utf8("hk");
    private static final byte[] SK = Bytes.utf8("sk");

    private FakeMeta meta;
    private FakeReplica a;
    private FakeReplica b;
    private FakeMeta.Table table;
    private PegasusClient client;
    private PegasusTable t;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        a = new FakeReplica();
        b = new FakeReplica();
        table = meta.addTable("t", a.address());
        client = TestClients.client(
                meta.addressString(), o -> o.operationTimeoutMs(300).callerThreadIo(callerThreadIo()));
        t = client.openTable("t");
    }

    @AfterEach
    void stop() {
        client.close();
        meta.close();
        a.close();
        b.close();
    }

    /**
     * Whether synchronous operations do their first attempt's IO on the caller's thread (the default);
     * {@link TimeoutAndOutcomeSharedConnectionTest} runs the same cases with it off.
     */
    boolean callerThreadIo() {
        return true;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Waits until {@code replica} received {@code n} calls of {@code rpc}, then 100 ms more, so that a resend would
     * have arrived. The client's timeout only says the request was handed to the connection: on a loaded machine
     * the replica may read it later than that.
     */
    private static void awaitCallsThenAResendWindow(FakeReplica replica, String rpc, int n)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (replica.count(rpc) < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
    }

    /** Answers with {@code first} the first {@code times} calls, then with {@code then}. */
    private static RpcHandler firstThen(int times, ErrorCode first, RpcHandler then) {
        AtomicInteger n = new AtomicInteger();
        return call -> {
            if (n.incrementAndGet() <= times) {
                call.fail(first);
            } else {
                then.handle(call);
            }
        };
    }

    /** Closes the replica (dropping its connections) as soon as a request arrives: sent, never answered. */
    private RpcHandler dropConnection(FakeReplica r) {
        return call -> new Thread(r::close).start();
    }

    @Test
    void aReadThatIsNeverAnsweredTimesOut() {
        a.silent(RpcNames.GET);
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.get(HK, SK))
                .isInstanceOf(PegasusTimeoutException.class)
                .hasMessageContaining("timed out after 300 ms")
                .satisfies(e -> {
                    PegasusException p = (PegasusException) e;
                    assertThat(p.errorCode()).isEqualTo(ErrorCode.ERR_TIMEOUT);
                    assertThat(p.table()).isEqualTo("t");
                    assertThat(p.partitionIndex()).isZero();
                    assertThat(p.server()).isEqualTo("127.0.0.1:" + a.address().getPort());
                });
        assertThat(millisSince(start)).isBetween(250L, 1500L);
    }

    @Test
    void anIncrThatIsNeverAnsweredHasAnUnknownOutcomeAndIsNotResent() throws Exception {
        a.silent(RpcNames.INCR);
        assertThatThrownBy(() -> t.incr(HK, SK, 1))
                .isInstanceOf(PegasusOutcomeUnknownException.class)
                .hasMessageContaining("may or may not have been applied");
        awaitCallsThenAResendWindow(a, RpcNames.INCR, 1);
        assertThat(a.count(RpcNames.INCR)).isEqualTo(1);
    }

    @Test
    void checkAndSetAndCheckAndMutateAreNotResentEither() throws Exception {
        a.silent(RpcNames.CHECK_AND_SET).silent(RpcNames.CHECK_AND_MUTATE);
        assertThatThrownBy(() -> t.checkAndSet(
                        HK, SK, CheckType.NO_CHECK, null, SK, Bytes.utf8("v"), CheckAndSetOptions.defaults()))
                .isInstanceOf(PegasusOutcomeUnknownException.class);
        assertThatThrownBy(() -> t.checkAndMutate(
                        HK,
                        SK,
                        CheckType.NO_CHECK,
                        null,
                        new Mutations().put("a", "b"),
                        CheckAndMutateOptions.defaults()))
                .isInstanceOf(PegasusOutcomeUnknownException.class);
        assertThatThrownBy(() -> t.compareExchange(HK, SK, null, Bytes.utf8("v"), 0))
                .isInstanceOf(PegasusOutcomeUnknownException.class);
        awaitCallsThenAResendWindow(a, RpcNames.CHECK_AND_SET, 2);
        awaitCallsThenAResendWindow(a, RpcNames.CHECK_AND_MUTATE, 1);
        assertThat(a.count(RpcNames.CHECK_AND_SET)).isEqualTo(2);
        assertThat(a.count(RpcNames.CHECK_AND_MUTATE)).isEqualTo(1);
    }

    @Test
    void notEnoughMemberIsRetriedEvenForIncr() throws Exception {
        a.on(RpcNames.INCR, firstThen(2, ErrorCode.ERR_NOT_ENOUGH_MEMBER, Answers.incremented(7)));
        assertThat(t.incr(HK, SK, 7)).isEqualTo(7);
        assertThat(a.count(RpcNames.INCR)).isEqualTo(3);
        assertThat(meta.queries.get())
                .as("no routing refresh for ERR_NOT_ENOUGH_MEMBER")
                .isEqualTo(1);
    }

    @Test
    void anIncrRefusedByAFormerPrimaryGoesToTheNewOne() throws Exception {
        a.failing(RpcNames.INCR, ErrorCode.ERR_INVALID_STATE);
        b.on(RpcNames.INCR, Answers.incremented(1));
        table.setPrimary(0, b.address());
        assertThat(t.incr(HK, SK, 1)).isEqualTo(1);
        assertThat(a.count(RpcNames.INCR)).isEqualTo(1);
        assertThat(b.count(RpcNames.INCR)).isEqualTo(1);
    }

    @Test
    void anIncrWhoseConnectionDropsAfterSendingIsNotResent() throws Exception {
        a.on(RpcNames.INCR, dropConnection(a));
        b.on(RpcNames.INCR, Answers.incremented(1));
        table.setPrimary(0, b.address());
        assertThatThrownBy(() -> t.incr(HK, SK, 1))
                .isInstanceOf(PegasusOutcomeUnknownException.class)
                .satisfies(e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_SESSION_RESET));
        Thread.sleep(100);
        assertThat(a.count(RpcNames.INCR)).isEqualTo(1);
        assertThat(b.count(RpcNames.INCR)).as("never resent to the new primary").isZero();
    }

    @Test
    void aSetWhoseConnectionDropsIsRetriedOnTheNewPrimary() throws Exception {
        a.on(RpcNames.PUT, dropConnection(a));
        b.on(RpcNames.PUT, Answers.updated());
        table.setPrimary(0, b.address());
        t.withTimeout(2000).set(HK, SK, Bytes.utf8("v"));
        assertThat(a.count(RpcNames.PUT)).isEqualTo(1);
        assertThat(b.count(RpcNames.PUT)).isEqualTo(1);
    }

    @Test
    void busyFailsAtOnce() {
        a.failing(RpcNames.GET, ErrorCode.ERR_BUSY);
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.withTimeout(3000).get(HK, SK))
                .satisfies(e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_BUSY));
        assertThat(millisSince(start)).isLessThan(1500);
        assertThat(a.count(RpcNames.GET)).isEqualTo(1);
    }

    @Test
    void aTooLargeWriteSaysSo() {
        a.failing(RpcNames.PUT, ErrorCode.ERR_INVALID_DATA);
        assertThatThrownBy(() -> t.set(HK, SK, Bytes.utf8("v"))).hasMessageContaining("too large");
    }

    @Test
    void anUnexpectedStatusCodeIsAStatusException() {
        a.on(RpcNames.GET, call -> call.reply(new read_response(5, new io.pegasus.thrift.blob(), 1, 0, "x")));
        assertThatThrownBy(() -> t.get(HK, SK))
                .isInstanceOf(PegasusStatusException.class)
                .hasMessageEndingWith("rocksdb error: 5")
                .satisfies(e -> {
                    PegasusException p = (PegasusException) e;
                    assertThat(p.statusCode()).isEqualTo(5);
                    assertThat(p.errorCode()).isEqualTo(ErrorCode.ERR_OK);
                    assertThat(p.partitionIndex()).isZero();
                    assertThat(p.server()).isNotNull();
                });
    }

    @Test
    void aMalformedAnswerIsInvalidData() {
        a.on(RpcNames.GET, call -> call.reply(null));
        assertThatThrownBy(() -> t.get(HK, SK))
                .satisfies(e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_INVALID_DATA));
    }

    @Test
    void operationsAfterCloseFailAtOnce() {
        a.on(RpcNames.GET, Answers.value("v"));
        client.close();
        assertThatThrownBy(() -> t.get(HK, SK))
                .isInstanceOf(PegasusException.class)
                .hasMessageContaining("the client is closed");
    }
}
