package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.RpcNames;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.full_data;
import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_response;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.ttl_response;
import io.pegasus.thrift.update_response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Result assembly from replica responses (spec 4.x, 6.2), through real response frames. */
class ResponsesTest {
    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    @Test
    void getTellsEmptyFromAbsent() throws Exception {
        assertThat(Responses.GET.parse(Wire.ok(RpcNames.GET, new read_response(0, new blob(b("v")), 2, 2, "s"))))
                .isEqualTo(b("v"));
        assertThat(Responses.GET.parse(Wire.ok(RpcNames.GET, new read_response(0, new blob(new byte[0]), 2, 2, ""))))
                .isEmpty();
        assertThat(Responses.GET.parse(Wire.ok(RpcNames.GET, new read_response(1, new blob(), 2, 2, ""))))
                .isNull();
        assertThatThrownBy(() -> Responses.GET.parse(Wire.ok(RpcNames.GET, new read_response(5, new blob(), 2, 2, ""))))
                .isInstanceOf(ResponseFailure.class)
                .satisfies(e -> assertThat(((ResponseFailure) e).toException(ErrorContext.table("t")))
                        .isInstanceOf(PegasusStatusException.class)
                        .hasMessageEndingWith("rocksdb error: 5"));
    }

    @Test
    void ttlAndExist() throws Exception {
        assertThat(Responses.TTL.parse(Wire.ok(RpcNames.TTL, new ttl_response(0, 5, 1, 1, ""))))
                .isEqualTo(5);
        assertThat(Responses.TTL.parse(Wire.ok(RpcNames.TTL, new ttl_response(0, -1, 1, 1, ""))))
                .isEqualTo(-1);
        assertThat(Responses.TTL.parse(Wire.ok(RpcNames.TTL, new ttl_response(1, 0, 1, 1, ""))))
                .isEqualTo(-2);
        assertThat(Responses.EXIST.parse(Wire.ok(RpcNames.TTL, new ttl_response(0, -1, 1, 1, ""))))
                .isTrue();
        assertThat(Responses.EXIST.parse(Wire.ok(RpcNames.TTL, new ttl_response(1, 0, 1, 1, ""))))
                .isFalse();
    }

    @Test
    void incrAndCountAndUpdates() throws Exception {
        assertThat(Responses.INCR.parse(Wire.ok(RpcNames.INCR, new incr_response(0, 3, 1, 1, 9, ""))))
                .isEqualTo(3);
        assertThatThrownBy(() -> Responses.INCR.parse(Wire.ok(RpcNames.INCR, new incr_response(4, 0, 1, 1, 9, ""))))
                .hasMessageContaining("incr");
        assertThat(Responses.SORT_KEY_COUNT.parse(Wire.ok(RpcNames.SORTKEY_COUNT, new count_response(0, -1, 1, 1, ""))))
                .isEqualTo(-1);
        assertThat(Responses.update("set").parse(Wire.ok(RpcNames.PUT, new update_response(0, 1, 1, 5, ""))))
                .isNull();
        assertThatThrownBy(() -> Responses.update("multiSet")
                        .parse(Wire.ok(RpcNames.MULTI_PUT, new update_response(4, 1, 1, 5, ""))))
                .hasMessageContaining("multiSet");
    }

    @Test
    void multiRemoveChecksTheEchoedCount() throws Exception {
        assertThat(Responses.multiRemove(2)
                        .parse(Wire.ok(RpcNames.MULTI_REMOVE, new multi_remove_response(0, 2, 1, 1, 3, ""))))
                .isNull();
        assertThatThrownBy(() -> Responses.multiRemove(2)
                        .parse(Wire.ok(RpcNames.MULTI_REMOVE, new multi_remove_response(0, 1, 1, 1, 3, ""))))
                .isInstanceOf(ResponseFailure.class)
                .hasMessageContaining("1 removed sort keys for 2 sent");
    }

    private static multi_get_response multiGet(int error, String... sortKeys) {
        List<key_value> kvs = new ArrayList<>();
        for (String sk : sortKeys) {
            kvs.add(new key_value(new blob(b(sk)), new blob(b("v" + sk))));
        }
        return new multi_get_response(error, kvs, 1, 1, "");
    }

    @Test
    void multiGetCompleteAndIncomplete() throws Exception {
        MultiGetResult all = Responses.MULTI_GET.parse(Wire.ok(RpcNames.MULTI_GET, multiGet(0, "a", "b")));
        assertThat(all.allFetched()).isTrue();
        assertThat(all.values()).containsExactly(SortKeyValue.of("a", "va"), SortKeyValue.of("b", "vb"));
        MultiGetResult some =
                Responses.MULTI_GET.parse(Wire.ok(RpcNames.MULTI_GET, multiGet(StatusCode.INCOMPLETE, "a")));
        assertThat(some.allFetched()).isFalse();
        assertThatThrownBy(() ->
                        Responses.MULTI_GET.parse(Wire.ok(RpcNames.MULTI_GET, multiGet(StatusCode.INVALID_ARGUMENT))))
                .hasMessageEndingWith("rocksdb error: 4");
        MultiGetSortKeysResult keys =
                Responses.MULTI_GET_SORT_KEYS.parse(Wire.ok(RpcNames.MULTI_GET, multiGet(0, "x", "y")));
        assertThat(keys.sortKeys()).containsExactly(b("x"), b("y"));
    }

    private static check_and_set_response cas(int error, boolean returned, boolean exist, String value) {
        return new check_and_set_response(
                error, returned, exist, new blob(value == null ? new byte[0] : b(value)), 1, 1, 3, "");
    }

    @Test
    void checkAndSetOutcomes() throws Exception {
        CheckAndSetResult ok =
                Responses.CHECK_AND_SET.parse(Wire.ok(RpcNames.CHECK_AND_SET, cas(0, true, true, "old")));
        assertThat(ok.setSucceed()).isTrue();
        assertThat(ok.checkValueExist()).isTrue();
        assertThat(ok.checkValue()).isEqualTo(b("old"));
        CheckAndSetResult failed = Responses.CHECK_AND_SET.parse(
                Wire.ok(RpcNames.CHECK_AND_SET, cas(StatusCode.TRY_AGAIN, true, false, null)));
        assertThat(failed.setSucceed()).isFalse();
        assertThat(failed.checkValueReturned()).isTrue();
        assertThat(failed.checkValueExist()).isFalse();
        assertThat(failed.checkValue()).isNull();
        CheckAndSetResult notReturned =
                Responses.CHECK_AND_SET.parse(Wire.ok(RpcNames.CHECK_AND_SET, cas(0, false, true, "x")));
        assertThat(notReturned.checkValueExist())
                .as("meaningless unless returned")
                .isFalse();
        assertThatThrownBy(() -> Responses.CHECK_AND_SET.parse(
                        Wire.ok(RpcNames.CHECK_AND_SET, cas(StatusCode.INVALID_ARGUMENT, true, true, "v1"))))
                .satisfies(e -> assertThat(((ResponseFailure) e)
                                .toException(ErrorContext.table("t"))
                                .getMessage())
                        .endsWith("rocksdb error: 4"));
    }

    @Test
    void compareExchangeReportsTheActualValue() throws Exception {
        CompareExchangeResult ok =
                Responses.COMPARE_EXCHANGE.parse(Wire.ok(RpcNames.CHECK_AND_SET, cas(0, true, true, "old")));
        assertThat(ok.setSucceed()).isTrue();
        assertThat(ok.actualValue()).isNull();
        CompareExchangeResult differs = Responses.COMPARE_EXCHANGE.parse(
                Wire.ok(RpcNames.CHECK_AND_SET, cas(StatusCode.TRY_AGAIN, true, true, "other")));
        assertThat(differs.setSucceed()).isFalse();
        assertThat(differs.actualValue()).isEqualTo(b("other"));
        CompareExchangeResult absent = Responses.COMPARE_EXCHANGE.parse(
                Wire.ok(RpcNames.CHECK_AND_SET, cas(StatusCode.TRY_AGAIN, true, false, null)));
        assertThat(absent.actualValue()).isNull();
    }

    @Test
    void batchGetResultsAreMatchedByKeyBytes() throws Exception {
        List<full_data> data = new ArrayList<>();
        data.add(new full_data(new blob(b("h2")), new blob(b("s2")), new blob(b("v2"))));
        data.add(new full_data(new blob(b("h1")), new blob(b("s1")), new blob(b("v1"))));
        batch_get_response r =
                Responses.BATCH_GET.parse(Wire.ok(RpcNames.BATCH_GET, new batch_get_response(0, data, 1, 1, "")));
        List<FullKey> keys =
                List.of(FullKey.of("h1", "s1"), FullKey.of("h2", "s2"), FullKey.of("h3", "s3"), FullKey.of("h1", "s1"));
        List<byte[]> values = Responses.assembleBatchGet(keys, r);
        assertThat(values.get(0)).isEqualTo(b("v1"));
        assertThat(values.get(1)).isEqualTo(b("v2"));
        assertThat(values.get(2)).as("not returned = absent").isNull();
        assertThat(values.get(3)).as("a key listed twice gets the same value").isEqualTo(b("v1"));
        assertThatThrownBy(() -> Responses.BATCH_GET.parse(
                        Wire.ok(RpcNames.BATCH_GET, new batch_get_response(4, new ArrayList<>(), 1, 1, ""))))
                .isInstanceOf(ResponseFailure.class);
    }
}
