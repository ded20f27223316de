package io.pegasus.client;

import static io.pegasus.client.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.mutate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Request building compared with the bytes of spec 8.4, 8.7, 8.8, 8.11 and 8.13, and with the field rules of 4.x
 * (which fields the official client leaves absent).
 */
class RequestsTest {
    private static final byte[] HK = Bytes.utf8("hashkey");
    private static final byte[] SK = Bytes.utf8("sortkey");
    private static final long UNIX_1700000000 = 1_700_000_000_000L;

    @Test
    void multiGetPointRequestMatchesSpec813() throws Exception {
        multi_get_request r = Requests.multiGetPoint(Bytes.utf8("hk"), List.of(Bytes.utf8("s1")), 100, 1000000, false);
        assertThat(Wire.struct(r))
                .isEqualTo(hex("0c 00 01 00 00 00 02 68 6b 0f 00 02 0c 00 00 00 01 00 00 00 02 73 31 08 00 03 00 00 00"
                        + " 64 08 00 04 00 0f 42 40 02 00 05 00 02 00 08 01 02 00 09 00 08 00 0a 00 00 00 00 02 00 0c"
                        + " 00 00"));
    }

    @Test
    void fullScanGetScannerRequestMatchesSpec813() throws Exception {
        get_scanner_request r = ScanState.forPartition(ScanOptions.defaults()).openRequest();
        assertThat(Wire.struct(r))
                .isEqualTo(hex("0c 00 01 00 00 00 02 00 00 0c 00 02 00 00 00 02 ff ff 02 00 03 01 02 00 04 00 08 00 05"
                        + " 00 00 00 64 02 00 06 00 08 00 07 00 00 00 00 08 00 09 00 00 00 00 00"));
    }

    @Test
    void getFrameMatchesSpec84() throws Exception {
        long hash = PartitionHash.of(HK, SK);
        byte[] frame = Wire.requestFrame(
                RequestMeta.forPartition(2, 2, 1000, hash), RpcNames.GET, 0, Args.blob(StoredKey.encode(HK, SK)));
        assertThat(frame).isEqualTo(hex("""
                0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 35
                0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
                0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
                0030  02 00 05 00 00 80 01 00 01 00 00 00 11 52 50 43
                0040  5f 52 52 44 42 5f 52 52 44 42 5f 47 45 54 00 00
                0050  00 00 0c 00 01 00 00 00 10 00 07 68 61 73 68 6b
                0060  65 79 73 6f 72 74 6b 65 79 00
                """));
    }

    @Test
    void putFrameWithTtlMatchesSpec87() throws Exception {
        int expire = Requests.expireTs(UNIX_1700000000, 3600);
        assertThat(expire).isEqualTo(248397200);
        byte[] frame = Wire.requestFrame(
                RequestMeta.forPartition(2, 2, 1000, PartitionHash.of(HK, SK)),
                RpcNames.PUT,
                1,
                Args.struct(Requests.put(HK, SK, Bytes.utf8("v"), expire)));
        assertThat(frame).isEqualTo(hex("""
                0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 48
                0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
                0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
                0030  02 00 05 00 00 80 01 00 01 00 00 00 11 52 50 43
                0040  5f 52 52 44 42 5f 52 52 44 42 5f 50 55 54 00 00
                0050  00 01 0c 00 01 0c 00 01 00 00 00 10 00 07 68 61
                0060  73 68 6b 65 79 73 6f 72 74 6b 65 79 0c 00 02 00
                0070  00 00 01 76 08 00 03 0e ce 3d 90 00 00
                """));
    }

    @Test
    void queryConfigFrameMatchesSpec88() throws Exception {
        var rpc = MetaSession.queryConfigRpc("temp");
        byte[] frame =
                Wire.requestFrame(new RequestMeta(-1, -2, 5000, 0, false), rpc.name(), 3, Args.struct(rpc.args()));
        assertThat(frame).isEqualTo(hex("""
                0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 4a
                0010  08 00 01 ff ff ff ff 08 00 02 ff ff ff fe 08 00
                0020  03 00 00 13 88 0a 00 04 00 00 00 00 00 00 00 00
                0030  02 00 05 00 00 80 01 00 01 00 00 00 26 52 50 43
                0040  5f 43 4d 5f 51 55 45 52 59 5f 50 41 52 54 49 54
                0050  49 4f 4e 5f 43 4f 4e 46 49 47 5f 42 59 5f 49 4e
                0060  44 45 58 00 00 00 03 0c 00 01 0b 00 01 00 00 00
                0070  04 74 65 6d 70 0f 00 02 08 00 00 00 00 00 00
                """));
    }

    @Test
    void ttlAndIncrExpiry() {
        assertThat(Requests.expireTs(UNIX_1700000000, 0)).isZero();
        assertThat(Requests.incrExpireTs(UNIX_1700000000, 0)).isZero();
        assertThat(Requests.incrExpireTs(UNIX_1700000000, -1)).isEqualTo(-1);
        assertThat(Requests.incrExpireTs(UNIX_1700000000, 3600)).isEqualTo(248397200);
    }

    @Test
    void checkAndSetSendsSetSortKeyOnlyWhenItDiffers() {
        byte[] k1 = Bytes.utf8("k1");
        check_and_set_request same = Requests.checkAndSet(
                HK, k1, CheckType.VALUE_NOT_EXIST, null, Bytes.utf8("k1"), Bytes.utf8("v"), 0, false);
        assertThat(same.isSet_diff_sort_key()).isFalse();
        assertThat(same.getSet_sort_key()).isNull();
        assertThat(same.getCheck_operand()).as("null operand is absent").isNull();
        assertThat(same.getCheck_type()).isEqualTo(1);

        check_and_set_request diff = Requests.checkAndSet(
                HK, k1, CheckType.VALUE_INT_GREATER, Bytes.utf8("5"), Bytes.utf8("k2"), Bytes.utf8("v"), 77, true);
        assertThat(diff.isSet_diff_sort_key()).isTrue();
        assertThat(diff.getSet_sort_key().data()).isEqualTo(Bytes.utf8("k2"));
        assertThat(diff.getCheck_type()).isEqualTo(17);
        assertThat(diff.getSet_expire_ts_seconds()).isEqualTo(77);
        assertThat(diff.isReturn_check_value()).isTrue();

        // a null key counts as different from an empty one; null set key stays absent
        check_and_set_request nullVsEmpty =
                Requests.checkAndSet(HK, new byte[0], CheckType.NO_CHECK, null, null, null, 0, false);
        assertThat(nullVsEmpty.isSet_diff_sort_key()).isTrue();
        assertThat(nullVsEmpty.getSet_sort_key()).isNull();
        assertThat(nullVsEmpty.getSet_value()).isNull();
        assertThat(nullVsEmpty.getCheck_sort_key().data()).isEmpty();
        check_and_set_request bothNull =
                Requests.checkAndSet(HK, null, CheckType.NO_CHECK, null, null, Bytes.utf8("v"), 0, false);
        assertThat(bothNull.isSet_diff_sort_key()).isFalse();
        assertThat(bothNull.getCheck_sort_key()).isNull();
    }

    @Test
    void checkAndMutateTurnsTtlsIntoAbsoluteTimesAtCallTime() {
        Mutations m = new Mutations()
                .put(Bytes.utf8("a"), Bytes.utf8("1"), 3600)
                .put(Bytes.utf8("b"), null)
                .delete(Bytes.utf8("c"));
        check_and_mutate_request r =
                Requests.checkAndMutate(HK, Bytes.utf8("a"), CheckType.VALUE_EXIST, null, m, UNIX_1700000000, false);
        List<mutate> list = r.getMutate_list();
        assertThat(list).hasSize(3);
        assertThat(list.get(0).getOperation()).isZero();
        assertThat(list.get(0).getSet_expire_ts_seconds()).isEqualTo(248397200);
        assertThat(list.get(1).getValue()).as("null put value is absent").isNull();
        assertThat(list.get(1).getSet_expire_ts_seconds()).isZero();
        assertThat(list.get(2).getOperation()).isEqualTo(1);
        assertThat(list.get(2).getValue()).as("deletes carry no value").isNull();
        assertThat(r.getCheck_type()).isEqualTo(3);
    }

    @Test
    void pointMultiGetDeduplicatesAndSortsSignedLikeTheOfficialClient() {
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[] {(byte) 0x80});
        keys.add(Bytes.utf8("b"));
        keys.add(Bytes.utf8("a"));
        keys.add(Bytes.utf8("b"));
        keys.add(null);
        multi_get_request r = Requests.multiGetPoint(HK, keys, -1, -1, true);
        assertThat(r.getSort_keys())
                .extracting(b -> Bytes.hex(b.data()))
                .containsExactly("", "80", "61", "62"); // 0x80 is negative as a signed byte: before "a"
        assertThat(r.getMax_kv_count()).isEqualTo(-1);
        assertThat(r.isNo_value()).isTrue();
    }

    @Test
    void rangeMultiGetLeavesAbsentWhatIsNull() throws Exception {
        multi_get_request r = Requests.multiGetRange(
                HK,
                null,
                Bytes.utf8("z"),
                MultiGetOptions.defaults()
                        .withReverse(true)
                        .withMaxFetchCount(10)
                        .withSortKeyFilter(FilterType.MATCH_POSTFIX, Bytes.utf8("x")));
        assertThat(r.getSort_keys()).as("range mode sends no sort key list").isNull();
        assertThat(r.getStart_sortkey()).isNull();
        assertThat(r.getStop_sortkey().data()).isEqualTo(Bytes.utf8("z"));
        assertThat(r.getMax_kv_count()).isEqualTo(10);
        assertThat(r.getMax_kv_size()).isEqualTo(-1);
        assertThat(r.isReverse()).isTrue();
        assertThat(r.getSort_key_filter_type()).isEqualTo(3);
        byte[] wire = Wire.struct(r);
        multi_get_request back = new multi_get_request();
        back.read(new org.apache.thrift.protocol.TBinaryProtocol(
                new org.apache.thrift.transport.TMemoryInputTransport(wire)));
        assertThat(back.isSetSort_keys()).isFalse();
        assertThat(back.isSetStart_sortkey()).isFalse();
    }

    @Test
    void multiRemoveSendsTheDeprecatedMaxCount() {
        var r = Requests.multiRemove(HK, List.of(Bytes.utf8("a")));
        assertThat(r.getMax_count()).isEqualTo(100);
        assertThat(r.getSort_keys()).hasSize(1);
    }

    @Test
    void clearScannerFrameMatchesSpec811() throws Exception {
        byte[] frame = Wire.requestFrame(
                RequestMeta.forPartition(2, 2, 1000, PartitionHash.of(HK, SK)),
                RpcNames.CLEAR_SCANNER,
                9,
                Args.i64(0x0000000100000002L));
        assertThat(frame).isEqualTo(hex("""
                0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 33
                0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
                0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
                0030  02 00 05 00 00 80 01 00 01 00 00 00 1b 52 50 43
                0040  5f 52 52 44 42 5f 52 52 44 42 5f 43 4c 45 41 52
                0050  5f 53 43 41 4e 4e 45 52 00 00 00 09 0a 00 01 00
                0060  00 00 01 00 00 00 02 00
                """));
    }
}
