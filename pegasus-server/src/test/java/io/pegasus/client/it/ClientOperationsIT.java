package io.pegasus.client.it;

import static io.pegasus.client.it.ClusterFixture.b;
import static io.pegasus.client.it.ClusterFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.client.CheckAndMutateOptions;
import io.pegasus.client.CheckAndMutateResult;
import io.pegasus.client.CheckAndSetOptions;
import io.pegasus.client.CheckAndSetResult;
import io.pegasus.client.CheckType;
import io.pegasus.client.CompareExchangeResult;
import io.pegasus.client.FilterType;
import io.pegasus.client.MultiGetOptions;
import io.pegasus.client.MultiGetResult;
import io.pegasus.client.Mutations;
import io.pegasus.client.PegasusStatusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.SortKeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every single-record and single-hash-key operation against a real cluster (spec 4.1-4.12). */
class ClientOperationsIT {
    private static ClusterFixture fx;
    private static PegasusTable t;
    private static final AtomicInteger KEYS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        fx = ClusterFixture.start("client_ops");
        t = fx.table;
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    /** A hash key no other test uses. */
    private static byte[] fresh() {
        return b("hk" + KEYS.incrementAndGet());
    }

    @Test
    void setGetDelExistAndEmptyValues() throws Exception {
        byte[] hk = fresh();
        assertThat(t.get(hk, b("s"))).isNull();
        assertThat(t.exist(hk, b("s"))).isFalse();
        t.set(hk, b("s"), b("v"));
        assertThat(s(t.get(hk, b("s")))).isEqualTo("v");
        t.set(hk, b("empty"), new byte[0]);
        assertThat(t.get(hk, b("empty"))).as("an empty value exists").isEmpty();
        assertThat(t.exist(hk, b("empty"))).isTrue();
        t.del(hk, b("s"));
        assertThat(t.get(hk, b("s"))).isNull();
        t.del(hk, b("never-written"));
        // empty hash key and empty sort key are legal single-record keys
        t.set(new byte[0], b("only-sort-key"), b("x"));
        assertThat(s(t.get(new byte[0], b("only-sort-key")))).isEqualTo("x");
        t.set(hk, null, b("empty sort key"));
        assertThat(s(t.get(hk, new byte[0]))).isEqualTo("empty sort key");
    }

    /**
     * The lowest TTL a record written with {@code ttlSeconds} at or after {@code writtenAfterNanos} may show now: the
     * server counts whole seconds of the wall clock, so a second boundary can take one off at once, and every second
     * a slow machine spends between the write and the read takes one more.
     */
    private static int lowestTtl(int ttlSeconds, long writtenAfterNanos) {
        return ttlSeconds - 1 - (int) TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - writtenAfterNanos);
    }

    @Test
    void ttlReadsBackAndExpires() throws Exception {
        byte[] hk = fresh();
        t.set(hk, b("no-ttl"), b("v"));
        assertThat(t.ttl(hk, b("no-ttl"))).isEqualTo(-1);
        // long enough to outlive the sleep below even on a slow machine: it is counted as alive at the end
        long written = System.nanoTime();
        t.set(hk, b("ttl60"), b("v"), 60);
        assertThat(t.ttl(hk, b("ttl60"))).isBetween(lowestTtl(60, written), 60);
        assertThat(t.ttl(hk, b("missing"))).isEqualTo(-2);
        t.set(hk, b("ttl1"), b("v"), 1);
        Thread.sleep(2100);
        assertThat(t.get(hk, b("ttl1"))).isNull();
        assertThat(t.exist(hk, b("ttl1"))).isFalse();
        assertThat(t.multiGet(hk, List.of(b("ttl1"))).values()).isEmpty();
        assertThat(t.sortKeyCount(hk)).as("no-ttl and ttl60").isEqualTo(2);
    }

    @Test
    void incrFollowsTheTtlRules() throws Exception {
        byte[] hk = fresh();
        t.set(hk, b("n"), new byte[0]);
        assertThat(t.incr(hk, b("n"), 3)).as("an empty value counts as 0").isEqualTo(3);
        assertThat(t.ttl(hk, b("n"))).isEqualTo(-1);
        assertThat(t.incr(hk, b("n"), 0)).isEqualTo(3);
        assertThat(t.incr(hk, b("n"), -1)).isEqualTo(2);
        assertThat(t.ttl(hk, b("n"))).isEqualTo(-1);
        assertThat(s(t.get(hk, b("n")))).isEqualTo("2");
        t.del(hk, b("n"));
        assertThat(t.incr(hk, b("n"), 1, 10))
                .as("after a delete incr starts from 0")
                .isEqualTo(1);
        assertThat(t.ttl(hk, b("n"))).isBetween(1, 10);
        t.incr(hk, b("n"), 1, 0);
        assertThat(t.ttl(hk, b("n"))).as("ttl 0 keeps the expiry").isBetween(1, 10);
        t.incr(hk, b("n"), 1, 20);
        assertThat(t.ttl(hk, b("n"))).isBetween(11, 20);
        t.incr(hk, b("n"), 1, -1);
        assertThat(t.ttl(hk, b("n"))).as("ttl -1 clears the expiry").isEqualTo(-1);
        t.set(hk, b("text"), b("v1"));
        assertThatThrownBy(() -> t.incr(hk, b("text"), 1))
                .isInstanceOf(PegasusStatusException.class)
                .hasMessageEndingWith("rocksdb error: 4");
        t.set(hk, b("max"), b(Long.toString(Long.MAX_VALUE)));
        assertThatThrownBy(() -> t.incr(hk, b("max"), 1)).hasMessageEndingWith("rocksdb error: 4");
    }

    @Test
    void pipelinedIncrsAreAppliedInOrder() throws Exception {
        byte[] hk = fresh();
        CompletableFuture<Long> first = t.incrAsync(hk, b("n"), 1);
        CompletableFuture<Long> second = t.incrAsync(hk, b("n"), 2);
        assertThat(first.get()).isEqualTo(1);
        assertThat(second.get()).isEqualTo(3);
    }

    @Test
    void multiSetMultiGetMultiDelAndSortKeyCount() throws Exception {
        byte[] hk = fresh();
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            values.add(SortKeyValue.of(String.format("k%02d", i), "v" + i));
        }
        t.multiSet(hk, values);
        assertThat(t.sortKeyCount(hk)).isEqualTo(13);
        assertThat(t.multiGet(hk, List.of()).values()).hasSize(13);
        MultiGetResult some = t.multiGet(hk, List.of(b("k01"), b("k05"), b("nope")));
        assertThat(some.values()).extracting(v -> s(v.sortKey())).containsExactly("k01", "k05");
        MultiGetResult limited =
                t.multiGet(hk, null, null, MultiGetOptions.defaults().withMaxFetchCount(4));
        assertThat(limited.values()).hasSize(4);
        assertThat(limited.allFetched()).isFalse();
        MultiGetResult reverse = t.multiGet(
                hk, null, null, MultiGetOptions.defaults().withReverse(true).withMaxFetchCount(2));
        assertThat(reverse.values()).extracting(v -> s(v.sortKey())).containsExactly("k11", "k12");
        MultiGetResult range = t.multiGet(
                hk,
                b("k03"),
                b("k06"),
                MultiGetOptions.defaults().withStartInclusive(false).withStopInclusive(true));
        assertThat(range.values()).extracting(v -> s(v.sortKey())).containsExactly("k04", "k05", "k06");
        MultiGetResult filtered = t.multiGet(
                hk, null, null, MultiGetOptions.defaults().withSortKeyFilter(FilterType.MATCH_POSTFIX, b("1")));
        assertThat(filtered.values()).extracting(v -> s(v.sortKey())).containsExactly("k01", "k11");
        MultiGetResult keysOnly = t.multiGet(
                hk, null, null, MultiGetOptions.defaults().withNoValue(true).withMaxFetchCount(1));
        assertThat(keysOnly.values().get(0).value()).isEmpty();
        assertThat(t.multiGetSortKeys(hk).sortKeys()).hasSize(13);
        assertThat(t.multiGetSortKeys(hk, 5, 0).sortKeys()).hasSize(5);
        t.multiDel(hk, List.of(b("k00"), b("k01")));
        assertThat(t.sortKeyCount(hk)).isEqualTo(11);
        t.multiSet(hk, List.of(SortKeyValue.of("ttl", "v")), 1);
        Thread.sleep(2100);
        assertThat(t.sortKeyCount(hk)).isEqualTo(11);
    }

    /** Outcome of a check: SET (0), NOT (13) or INVALID (4, an integer check on a non-integer). */
    @ParameterizedTest(name = "{0} stored={1} operand={2} -> {3}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "NO_CHECK, NULL, NULL, SET",
                "VALUE_NOT_EXIST, NULL, NULL, SET",
                "VALUE_NOT_EXIST, x, NULL, NOT",
                "VALUE_NOT_EXIST_OR_EMPTY, '', NULL, SET",
                "VALUE_NOT_EXIST_OR_EMPTY, x, NULL, NOT",
                "VALUE_EXIST, '', NULL, SET",
                "VALUE_EXIST, NULL, NULL, NOT",
                "VALUE_NOT_EMPTY, '', NULL, NOT",
                "VALUE_NOT_EMPTY, x, NULL, SET",
                "VALUE_MATCH_ANYWHERE, abcd, bc, SET",
                "VALUE_MATCH_ANYWHERE, abcd, xy, NOT",
                "VALUE_MATCH_ANYWHERE, abcd, '', SET",
                "VALUE_MATCH_PREFIX, abcd, ab, SET",
                "VALUE_MATCH_PREFIX, abcd, bc, NOT",
                "VALUE_MATCH_POSTFIX, abcd, cd, SET",
                "VALUE_MATCH_POSTFIX, abcd, bc, NOT",
                "VALUE_BYTES_LESS, abc, abd, SET",
                "VALUE_BYTES_LESS, ab, abc, SET",
                "VALUE_BYTES_LESS, abd, abc, NOT",
                "VALUE_BYTES_LESS_OR_EQUAL, abc, abc, SET",
                "VALUE_BYTES_EQUAL, abc, abc, SET",
                "VALUE_BYTES_EQUAL, abc, abd, NOT",
                "VALUE_BYTES_GREATER_OR_EQUAL, abd, abc, SET",
                "VALUE_BYTES_GREATER, abc, abc, NOT",
                "VALUE_INT_LESS, 5, 10, SET",
                "VALUE_INT_LESS, 10, 5, NOT",
                "VALUE_INT_LESS, v1, 5, INVALID",
                "VALUE_INT_LESS, NULL, 5, NOT",
                "VALUE_INT_LESS_OR_EQUAL, 10, 10, SET",
                "VALUE_INT_EQUAL, 0x10, 16, SET",
                "VALUE_INT_GREATER_OR_EQUAL, -1, -2, SET",
                "VALUE_INT_GREATER, 1, '', INVALID",
                "VALUE_INT_GREATER, 2, 1, SET"
            })
    void checkAndSetEveryCheckType(CheckType type, String stored, String operand, String outcome) throws Exception {
        byte[] hk = fresh();
        if (stored != null) {
            t.set(hk, b("c"), b(stored));
        }
        CheckAndSetOptions returning = CheckAndSetOptions.defaults().withReturnCheckValue(true);
        if (outcome.equals("INVALID")) {
            assertThatThrownBy(() -> t.checkAndSet(
                            hk, b("c"), type, operand == null ? null : b(operand), b("w"), b("new"), returning))
                    .isInstanceOf(PegasusStatusException.class)
                    .hasMessageEndingWith("rocksdb error: 4");
            assertThat(t.get(hk, b("w"))).isNull();
            return;
        }
        CheckAndSetResult r =
                t.checkAndSet(hk, b("c"), type, operand == null ? null : b(operand), b("w"), b("new"), returning);
        assertThat(r.setSucceed()).isEqualTo(outcome.equals("SET"));
        assertThat(r.checkValueReturned()).isTrue();
        assertThat(r.checkValueExist()).isEqualTo(stored != null);
        if (stored != null) {
            assertThat(s(r.checkValue())).isEqualTo(stored);
        }
        assertThat(t.get(hk, b("w"))).isEqualTo(outcome.equals("SET") ? b("new") : null);
    }

    @Test
    void checkAndSetOnTheCheckedKeyWithTtl() throws Exception {
        byte[] hk = fresh();
        long written = System.nanoTime();
        CheckAndSetResult r = t.checkAndSet(
                hk,
                b("k"),
                CheckType.VALUE_NOT_EXIST,
                null,
                b("k"),
                b("v"),
                CheckAndSetOptions.defaults().withSetValueTtlSeconds(100));
        assertThat(r.setSucceed()).isTrue();
        assertThat(r.checkValueReturned()).isFalse();
        assertThat(t.ttl(hk, b("k"))).isBetween(lowestTtl(100, written), 100);
    }

    @Test
    void checkAndMutateAppliesAllOrNothingInOrder() throws Exception {
        byte[] hk = fresh();
        t.set(hk, b("version"), b("1"));
        long written = System.nanoTime();
        CheckAndMutateResult r = t.checkAndMutate(
                hk,
                b("version"),
                CheckType.VALUE_INT_EQUAL,
                b("1"),
                new Mutations().put("version", "2").put("k1", "a").delete("k1").put("k2", "b", 100),
                CheckAndMutateOptions.defaults().withReturnCheckValue(true));
        assertThat(r.mutateSucceed()).isTrue();
        assertThat(s(r.checkValue())).isEqualTo("1");
        assertThat(s(t.get(hk, b("version")))).isEqualTo("2");
        assertThat(t.get(hk, b("k1"))).as("put then delete leaves it absent").isNull();
        assertThat(t.ttl(hk, b("k2"))).isBetween(lowestTtl(100, written), 100);
        CheckAndMutateResult stale = t.checkAndMutate(
                hk,
                b("version"),
                CheckType.VALUE_INT_EQUAL,
                b("1"),
                new Mutations().put("version", "3"),
                CheckAndMutateOptions.defaults());
        assertThat(stale.mutateSucceed()).isFalse();
        assertThat(s(t.get(hk, b("version")))).isEqualTo("2");
    }

    @Test
    void compareExchange() throws Exception {
        byte[] hk = fresh();
        CompareExchangeResult absent = t.compareExchange(hk, b("k"), b("x"), b("y"), 0);
        assertThat(absent.setSucceed()).isFalse();
        assertThat(absent.actualValue()).isNull();
        t.set(hk, b("k"), b("x"));
        assertThat(t.compareExchange(hk, b("k"), b("x"), b("y"), 0).setSucceed())
                .isTrue();
        CompareExchangeResult stale = t.compareExchange(hk, b("k"), b("x"), b("z"), 0);
        assertThat(stale.setSucceed()).isFalse();
        assertThat(s(stale.actualValue())).isEqualTo("y");
    }

    @Test
    void manySequentialOperationsStayWithinTheDefaultTimeout() throws Exception {
        byte[] hk = fresh();
        for (int i = 0; i < 2000; i++) {
            t.set(hk, b("k" + (i % 50)), b("v" + i));
        }
        for (int i = 1950; i < 2000; i++) {
            assertThat(s(t.get(hk, b("k" + (i % 50))))).isEqualTo("v" + i);
        }
    }
}
