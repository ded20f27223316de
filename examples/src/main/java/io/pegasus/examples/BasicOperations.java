package io.pegasus.examples;

import static io.pegasus.examples.ExampleSupport.bytes;
import static io.pegasus.examples.ExampleSupport.check;
import static io.pegasus.examples.ExampleSupport.checkEquals;

import io.pegasus.client.CheckAndMutateOptions;
import io.pegasus.client.CheckAndMutateResult;
import io.pegasus.client.CheckAndSetOptions;
import io.pegasus.client.CheckAndSetResult;
import io.pegasus.client.CheckType;
import io.pegasus.client.CompareExchangeResult;
import io.pegasus.client.MultiGetOptions;
import io.pegasus.client.MultiGetResult;
import io.pegasus.client.Mutations;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusInvalidArgumentException;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.SortKeyValue;
import java.util.List;

/**
 * The single-record and single-hash-key operations: set/get/del, TTL, exist, incr, multiSet/multiGet/multiDel,
 * checkAndSet, checkAndMutate, compareExchange, sortKeyCount, and a rejected bad argument.
 *
 * <pre>examples/run BasicOperations 127.0.0.1:34601,127.0.0.1:34602 [table] [replicas]</pre>
 */
public final class BasicOperations {
    private BasicOperations() {}

    public static void main(String[] args) throws Exception {
        String tableName = ExampleSupport.table(args, "examples_basic");
        try (PegasusClient client = PegasusClient.create(args[0])) {
            PegasusTable table = ExampleSupport.openOrCreate(client, tableName, args);
            run(table);
        }
        System.out.println("BasicOperations: all checks passed");
    }

    static void run(PegasusTable table) throws PegasusException {
        byte[] hk = bytes("basic-" + System.nanoTime());

        table.set(hk, bytes("name"), bytes("pegasus"));
        checkEquals(table.get(hk, bytes("name")), "pegasus", "get after set");
        check(table.exist(hk, bytes("name")), "exist after set");
        check(table.ttl(hk, bytes("name")) == -1, "no TTL without one");

        table.set(hk, bytes("session"), bytes("s1"), 60);
        int ttl = table.ttl(hk, bytes("session"));
        check(ttl > 0 && ttl <= 60, "TTL after set with 60 s: " + ttl);

        table.del(hk, bytes("name"));
        check(table.get(hk, bytes("name")) == null, "get after del is null");
        check(!table.exist(hk, bytes("name")), "exist after del is false");
        check(table.ttl(hk, bytes("name")) == -2, "ttl of a missing record is -2");

        check(table.incr(hk, bytes("counter"), 5) == 5, "incr from nothing");
        check(table.incr(hk, bytes("counter"), -2) == 3, "incr by -2");

        table.multiSet(hk, List.of(SortKeyValue.of("m1", "a"), SortKeyValue.of("m2", "b"), SortKeyValue.of("m3", "c")));
        MultiGetResult some = table.multiGet(hk, List.of(bytes("m1"), bytes("m3"), bytes("missing")));
        check(some.values().size() == 2, "multiGet of listed sort keys");
        MultiGetResult range = table.multiGet(
                hk, bytes("m1"), bytes("m3"), MultiGetOptions.defaults().withStopInclusive(true));
        check(range.allFetched() && range.values().size() == 3, "multiGet of a range");
        MultiGetResult lastOne = table.multiGet(
                hk,
                bytes("m"),
                bytes("n"),
                MultiGetOptions.defaults().withReverse(true).withMaxFetchCount(1));
        checkEquals(lastOne.values().get(0).sortKey(), "m3", "reverse multiGet with a limit");
        table.multiDel(hk, List.of(bytes("m1"), bytes("m2")));
        check(table.multiGet(hk, List.of(bytes("m1"), bytes("m2"))).values().isEmpty(), "multiDel");

        CheckAndSetResult cas = table.checkAndSet(
                hk,
                bytes("lock"),
                CheckType.VALUE_NOT_EXIST,
                null,
                bytes("lock"),
                bytes("owner-1"),
                CheckAndSetOptions.defaults().withReturnCheckValue(true));
        check(cas.setSucceed() && !cas.checkValueExist(), "checkAndSet takes a free lock");
        CheckAndSetResult again = table.checkAndSet(
                hk,
                bytes("lock"),
                CheckType.VALUE_NOT_EXIST,
                null,
                bytes("lock"),
                bytes("owner-2"),
                CheckAndSetOptions.defaults().withReturnCheckValue(true));
        check(!again.setSucceed(), "checkAndSet does not take a held lock");
        checkEquals(again.checkValue(), "owner-1", "checkAndSet returns the holder");

        CheckAndMutateResult cam = table.checkAndMutate(
                hk,
                bytes("lock"),
                CheckType.VALUE_BYTES_EQUAL,
                bytes("owner-1"),
                new Mutations().delete(bytes("lock")).put("released-by", "owner-1"),
                CheckAndMutateOptions.defaults());
        check(cam.mutateSucceed(), "checkAndMutate releases the lock");
        check(table.get(hk, bytes("lock")) == null, "lock gone");

        table.set(hk, bytes("cx"), bytes("1"));
        CompareExchangeResult cx = table.compareExchange(hk, bytes("cx"), bytes("1"), bytes("2"), 0);
        check(cx.setSucceed(), "compareExchange 1 -> 2");
        CompareExchangeResult stale = table.compareExchange(hk, bytes("cx"), bytes("1"), bytes("3"), 0);
        check(!stale.setSucceed(), "compareExchange with a stale expectation fails");
        checkEquals(stale.actualValue(), "2", "compareExchange reports the actual value");

        long count = table.sortKeyCount(hk);
        check(count == 5, "sortKeyCount = " + count); // session, counter, m3, released-by, cx

        try {
            table.multiSet(new byte[0], List.of(SortKeyValue.of("a", "b")));
            check(false, "an empty hash key is rejected");
        } catch (PegasusInvalidArgumentException expected) {
            check(true, "an empty hash key is rejected: " + expected.getMessage());
        }
    }
}
