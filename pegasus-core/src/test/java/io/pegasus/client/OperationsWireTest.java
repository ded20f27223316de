package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.full_data;
import io.pegasus.thrift.full_key;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_get_response;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.ttl_response;
import io.pegasus.thrift.update_request;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every table operation end to end over a socket, against a scripted replica: what the client sends (RPC, argument
 * struct, request_meta routing) and what it makes of the answer.
 */
class OperationsWireTest {
    private static final int PARTITIONS = 8;
    /** 1700000000 + 3600 s TTL = Pegasus expiry 248397200 (spec 5.6). */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static final byte[] HK = Bytes.utf8("hashkey");
    private static final byte[] SK = Bytes.utf8("sortkey");

    private FakeMeta meta;
    private FakeReplica a;
    private PegasusClient client;
    private PegasusTable t;
    private int appId;

    @BeforeEach
    void start() throws Exception {
        meta = new FakeMeta();
        a = new FakeReplica();
        InetSocketAddress[] primaries = new InetSocketAddress[PARTITIONS];
        java.util.Arrays.fill(primaries, a.address());
        appId = meta.addTable("t", primaries).appId;
        client = TestClients.client(meta.addressString(), o -> o.clock(CLOCK));
        t = client.openTable("t");
    }

    @AfterEach
    void stop() {
        client.close();
        meta.close();
        a.close();
    }

    private FakeReplica.Received only(String rpc) {
        List<FakeReplica.Received> calls = a.calls(rpc);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private void assertRoutedBy(RequestMeta meta, long hash) {
        assertThat(meta.appId()).isEqualTo(appId);
        assertThat(meta.partitionHash()).isEqualTo(hash);
        assertThat(meta.partitionIndex()).isEqualTo(PartitionHash.partitionIndex(hash, PARTITIONS));
        assertThat(meta.clientTimeoutMs()).isBetween(1, 1000);
        assertThat(meta.backupRequest()).isFalse();
    }

    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    @Test
    void setSendsThePutWithTheAbsoluteExpiry() throws Exception {
        a.on(RpcNames.PUT, Answers.updated());
        t.set(HK, SK, b("v"), 3600);
        FakeReplica.Received r = only(RpcNames.PUT);
        assertRoutedBy(r.meta(), 0x1299d9b06672773aL);
        update_request u = r.call().readArgs(new update_request());
        assertThat(u.getKey().data()).isEqualTo(StoredKey.encode(HK, SK));
        assertThat(u.getValue().data()).isEqualTo(b("v"));
        assertThat(u.getExpire_ts_seconds()).isEqualTo(248397200);
        assertThat(u.isSetType()).as("server-internal field absent").isFalse();
    }

    @Test
    void emptyHashKeyRoutesByTheSortKey() throws Exception {
        a.on(RpcNames.GET, call -> call.reply(new read_response(1, new blob(), appId, 0, "")));
        assertThat(t.get(new byte[0], b("only_sort_key"))).isNull();
        assertRoutedBy(only(RpcNames.GET).meta(), 0x400AD3B6988F2FB6L);
        assertThat(only(RpcNames.GET).call().readBlobArg()).isEqualTo(StoredKey.encode(null, b("only_sort_key")));
    }

    @Test
    void getDelTtlExistAndSortKeyCount() throws Exception {
        a.on(RpcNames.GET, Answers.value("v"))
                .on(RpcNames.REMOVE, Answers.updated())
                .on(RpcNames.TTL, call -> call.reply(new ttl_response(0, 42, appId, 0, "")))
                .on(RpcNames.SORTKEY_COUNT, call -> call.reply(new count_response(0, 3, appId, 0, "")));
        assertThat(t.get(HK, SK)).isEqualTo(b("v"));
        t.del(HK, SK);
        assertThat(t.ttl(HK, SK)).isEqualTo(42);
        assertThat(t.exist(HK, SK)).isTrue();
        assertThat(t.sortKeyCount(HK)).isEqualTo(3);
        assertThat(only(RpcNames.REMOVE).call().readBlobArg()).isEqualTo(StoredKey.encode(HK, SK));
        assertThat(a.calls(RpcNames.TTL)).hasSize(2);
        FakeReplica.Received count = only(RpcNames.SORTKEY_COUNT);
        assertThat(count.call().readBlobArg()).isEqualTo(HK);
        assertRoutedBy(count.meta(), PartitionHash.crc64(HK));
    }

    @Test
    void incrSendsKeepClearOrAbsoluteExpiry() throws Exception {
        a.on(RpcNames.INCR, Answers.incremented(5));
        assertThat(t.incr(HK, SK, 5)).isEqualTo(5);
        assertThat(t.incr(HK, SK, -2, -1)).isEqualTo(5);
        assertThat(t.incr(HK, SK, 0, 3600)).isEqualTo(5);
        List<FakeReplica.Received> calls = a.calls(RpcNames.INCR);
        incr_request first = calls.get(0).call().readArgs(new incr_request());
        assertThat(first.getIncrement()).isEqualTo(5);
        assertThat(first.getExpire_ts_seconds()).isZero();
        assertThat(calls.get(1).call().readArgs(new incr_request()).getExpire_ts_seconds())
                .isEqualTo(-1);
        assertThat(calls.get(2).call().readArgs(new incr_request()).getExpire_ts_seconds())
                .isEqualTo(248397200);
    }

    private static multi_get_response kvs(String... sortKeys) {
        List<key_value> kvs = new ArrayList<>();
        for (String sk : sortKeys) {
            kvs.add(new key_value(new blob(b(sk)), new blob(b("v" + sk))));
        }
        return new multi_get_response(0, kvs, 1, 0, "");
    }

    @Test
    void multiGetPointRangeAndSortKeys() throws Exception {
        a.on(RpcNames.MULTI_GET, call -> call.reply(kvs("a", "b")));
        MultiGetResult point = t.multiGet(HK, List.of(b("b"), b("a")));
        assertThat(point.allFetched()).isTrue();
        assertThat(point.values()).containsExactly(SortKeyValue.of("a", "va"), SortKeyValue.of("b", "vb"));
        MultiGetResult range = t.multiGet(
                HK,
                b("a"),
                b("z"),
                MultiGetOptions.defaults().withStopInclusive(true).withMaxFetchCount(2));
        assertThat(range.values()).hasSize(2);
        MultiGetSortKeysResult keys = t.multiGetSortKeys(HK, 10, 1000);
        assertThat(keys.sortKeys()).containsExactly(b("a"), b("b"));

        List<FakeReplica.Received> calls = a.calls(RpcNames.MULTI_GET);
        multi_get_request p = calls.get(0).call().readArgs(new multi_get_request());
        assertThat(p.getSort_keys()).extracting(x -> new String(x.data())).containsExactly("a", "b");
        assertRoutedBy(calls.get(0).meta(), PartitionHash.crc64(HK));
        multi_get_request r = calls.get(1).call().readArgs(new multi_get_request());
        assertThat(r.isSetSort_keys()).isFalse();
        assertThat(r.getStart_sortkey().data()).isEqualTo(b("a"));
        assertThat(r.isStop_inclusive()).isTrue();
        assertThat(r.getMax_kv_count()).isEqualTo(2);
        multi_get_request s = calls.get(2).call().readArgs(new multi_get_request());
        assertThat(s.getSort_keys()).isEmpty();
        assertThat(s.isNo_value()).isTrue();
        assertThat(s.getMax_kv_count()).isEqualTo(10);
        assertThat(s.getMax_kv_size()).isEqualTo(1000);
    }

    @Test
    void multiSetAndMultiDel() throws Exception {
        a.on(RpcNames.MULTI_PUT, Answers.updated()).on(RpcNames.MULTI_REMOVE, call -> {
            multi_remove_request req = call.readArgs(new multi_remove_request());
            call.reply(new multi_remove_response(0, req.getSort_keysSize(), appId, 0, 1, ""));
        });
        t.multiSet(HK, List.of(SortKeyValue.of("a", "1"), SortKeyValue.of("b", "2")), 3600);
        t.multiDel(HK, List.of(b("a"), b("b")));
        multi_put_request put = only(RpcNames.MULTI_PUT).call().readArgs(new multi_put_request());
        assertThat(put.getHash_key().data()).isEqualTo(HK);
        assertThat(put.getKvs()).hasSize(2);
        assertThat(put.getExpire_ts_seconds()).isEqualTo(248397200);
        multi_remove_request del = only(RpcNames.MULTI_REMOVE).call().readArgs(new multi_remove_request());
        assertThat(del.getSort_keys()).hasSize(2);
        assertThat(del.getMax_count()).isEqualTo(100);
    }

    @Test
    void checkAndSetCheckAndMutateAndCompareExchange() throws Exception {
        a.on(
                        RpcNames.CHECK_AND_SET,
                        call -> call.reply(
                                new check_and_set_response(13, true, true, new blob(b("old")), appId, 0, -1, "")))
                .on(RpcNames.CHECK_AND_MUTATE, Answers.camDone());
        CheckAndSetResult cas = t.checkAndSet(
                HK,
                b("k1"),
                CheckType.VALUE_INT_LESS,
                b("10"),
                b("k2"),
                b("v"),
                CheckAndSetOptions.defaults().withSetValueTtlSeconds(3600).withReturnCheckValue(true));
        assertThat(cas.setSucceed()).isFalse();
        assertThat(cas.checkValue()).isEqualTo(b("old"));
        CompareExchangeResult cx = t.compareExchange(HK, b("k1"), b("exp"), b("new"), 0);
        assertThat(cx.setSucceed()).isFalse();
        assertThat(cx.actualValue()).isEqualTo(b("old"));
        CheckAndMutateResult cam = t.checkAndMutate(
                HK,
                b("k1"),
                CheckType.VALUE_EXIST,
                null,
                new Mutations().put("k2", "v2").delete("k3"),
                CheckAndMutateOptions.defaults());
        assertThat(cam.mutateSucceed()).isTrue();

        List<FakeReplica.Received> casCalls = a.calls(RpcNames.CHECK_AND_SET);
        check_and_set_request c1 = casCalls.get(0).call().readArgs(new check_and_set_request());
        assertThat(c1.getCheck_type()).isEqualTo(13);
        assertThat(c1.isSet_diff_sort_key()).isTrue();
        assertThat(c1.getSet_expire_ts_seconds()).isEqualTo(248397200);
        assertThat(c1.isReturn_check_value()).isTrue();
        assertRoutedBy(casCalls.get(0).meta(), PartitionHash.crc64(HK));
        check_and_set_request c2 = casCalls.get(1).call().readArgs(new check_and_set_request());
        assertThat(c2.getCheck_type()).as("compareExchange = BYTES_EQUAL").isEqualTo(10);
        assertThat(c2.isSet_diff_sort_key()).isFalse();
        assertThat(c2.isReturn_check_value()).isTrue();
        assertThat(c2.getCheck_operand().data()).isEqualTo(b("exp"));
        check_and_mutate_request m = only(RpcNames.CHECK_AND_MUTATE).call().readArgs(new check_and_mutate_request());
        assertThat(m.getMutate_list()).hasSize(2);
        assertThat(m.getCheck_type()).isEqualTo(3);
    }

    @Test
    void batchGetByPartitionsSendsOneBatchPerPartition() throws Exception {
        a.on(RpcNames.BATCH_GET, call -> {
            batch_get_request req = call.readArgs(new batch_get_request());
            List<full_data> data = new ArrayList<>();
            for (full_key k : req.getKeys()) {
                if (!new String(k.getSort_key().data()).equals("missing")) {
                    data.add(new full_data(
                            k.getHash_key(),
                            k.getSort_key(),
                            new blob(b(new String(k.getHash_key().data())))));
                }
            }
            call.reply(new batch_get_response(0, data, appId, call.meta().partitionIndex(), ""));
        });
        List<FullKey> keys = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 101; i++) {
            keys.add(FullKey.of("user" + i, "s"));
            partitions.add(PartitionHash.partitionIndex(PartitionHash.crc64(b("user" + i)), PARTITIONS));
        }
        keys.add(FullKey.of("user0", "missing"));
        List<BatchOutcome<byte[]>> out = t.batchGetByPartitions(keys);
        for (int i = 0; i < 101; i++) {
            assertThat(out.get(i).value()).isEqualTo(b("user" + i));
        }
        assertThat(out.get(101).isOk()).isTrue();
        assertThat(out.get(101).value()).isNull();
        List<FakeReplica.Received> calls = a.calls(RpcNames.BATCH_GET);
        assertThat(calls).hasSize(partitions.size());
        for (FakeReplica.Received r : calls) {
            for (full_key k : r.call().readArgs(new batch_get_request()).getKeys()) {
                assertThat(PartitionHash.partitionIndex(
                                PartitionHash.crc64(k.getHash_key().data()), PARTITIONS))
                        .isEqualTo(r.meta().partitionIndex());
            }
        }
    }

    @Test
    void batchFormsReportEachItem() throws Exception {
        a.on(RpcNames.GET, Answers.value("v"))
                .on(RpcNames.PUT, Answers.updated())
                .on(RpcNames.REMOVE, Answers.updated())
                .on(RpcNames.MULTI_GET, call -> call.reply(kvs("x")))
                .on(RpcNames.MULTI_PUT, Answers.updated())
                .on(RpcNames.MULTI_REMOVE, call -> {
                    multi_remove_request req = call.readArgs(new multi_remove_request());
                    call.reply(new multi_remove_response(0, req.getSort_keysSize(), appId, 0, 1, ""));
                });
        List<BatchOutcome<byte[]>> gets = t.batchGet(List.of(FullKey.of("a", "1"), FullKey.of("b", "2")));
        assertThat(gets).extracting(o -> new String(o.value())).containsExactly("v", "v");
        List<BatchOutcome<Void>> sets = t.batchSet(List.of(
                SetItem.of(b("a"), b("1"), b("v")),
                new SetItem(b("b"), b("2"), b("v"), -5),
                SetItem.of(b("c"), null, null)));
        assertThat(sets.get(0).isOk()).isTrue();
        assertThat(sets.get(1).error()).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThat(sets.get(2).error()).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThat(a.count(RpcNames.PUT)).as("invalid items are not sent").isEqualTo(1);
        assertThat(t.batchDel(List.of(FullKey.of("a", "1")))).allMatch(BatchOutcome::isOk);
        List<BatchOutcome<MultiGetResult>> mg = t.batchMultiGet(
                List.of(new HashKeySortKeys(b("h"), List.of()), new HashKeySortKeys(new byte[0], List.of())));
        assertThat(mg.get(0).value().values()).containsExactly(SortKeyValue.of("x", "vx"));
        assertThat(mg.get(1).error()).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThat(t.batchMultiSet(List.of(new HashKeyData(b("h"), List.of(SortKeyValue.of("x", "1")))), 0))
                .allMatch(BatchOutcome::isOk);
        assertThat(t.batchMultiDel(List.of(new HashKeySortKeys(b("h"), List.of(b("x"))))))
                .allMatch(BatchOutcome::isOk);
    }

    @Test
    void asyncResultsCompleteOnTheCallbackThreads() throws Exception {
        a.on(RpcNames.GET, Answers.delayed(50, Answers.value("v")));
        CompletableFuture<String> thread = new CompletableFuture<>();
        CompletableFuture<byte[]> f = t.getAsync(HK, SK);
        f.whenComplete((v, e) -> thread.complete(Thread.currentThread().getName()));
        // (a thread blocked in f.get() may also run dependents, so wait on the callback itself)
        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("pegasus-client-callback");
        assertThat(f.join()).isEqualTo(b("v"));
    }

    @Test
    void badInputFailsAtOnceWithoutSendingAnything() throws Exception {
        assertThatThrownBy(() -> t.set(HK, SK, null)).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.set(HK, SK, b("v"), -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> t.get(new byte[65535], SK)).hasMessageContaining("65535");
        assertThatThrownBy(() -> t.multiGet(null, List.of())).hasMessageContaining("null or empty");
        assertThatThrownBy(() -> t.multiSet(HK, List.of())).hasMessageContaining("must not be null or empty");
        assertThatThrownBy(() -> t.multiDel(HK, List.of())).hasMessageContaining("must not be null or empty");
        assertThatThrownBy(() -> t.batchGet(List.of())).hasMessageContaining("must not be null or empty");
        assertThatThrownBy(() -> t.checkAndMutate(
                        HK, SK, CheckType.NO_CHECK, null, new Mutations(), CheckAndMutateOptions.defaults()))
                .hasMessageContaining("mutations must not");
        assertThatThrownBy(() -> t.incr(HK, SK, 1, -2)).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.set(HK, new byte[1025], b("v"))).hasMessageContaining("threshold");
        assertThatThrownBy(() -> t.getScanner(new byte[0], null, null, ScanOptions.defaults()))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> t.getUnorderedScanners(0, ScanOptions.defaults()))
                .isInstanceOf(PegasusInvalidArgumentException.class);
        CompletableFuture<Void> async = t.setAsync(null, null, null);
        assertThatThrownBy(async::join).hasCauseInstanceOf(PegasusInvalidArgumentException.class);
        assertThat(a.received).isEmpty();
    }

    @Test
    void latenciesAreRecordedPerTableAndOperation() throws Exception {
        a.on(RpcNames.PUT, Answers.updated()).failing(RpcNames.GET, io.pegasus.base.ErrorCode.ERR_BUSY);
        t.set(HK, SK, b("v"));
        assertThatThrownBy(() -> t.get(HK, SK)).isInstanceOf(PegasusException.class);
        HistogramMetrics m = (HistogramMetrics) client.metrics();
        assertThat(m.histogram("t", OperationType.SET).count()).isEqualTo(1);
        assertThat(m.histogram("t", OperationType.SET).percentile(50)).isPositive();
        assertThat(m.failures("t", OperationType.SET)).isZero();
        assertThat(m.failures("t", OperationType.GET)).isEqualTo(1);
    }
}
