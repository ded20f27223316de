package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanner state machine: ranges, context ids, context loss and aborts (spec 4.13, 4.14, 7.5). */
class ScanStateTest {
    private static final byte[] HK = Bytes.utf8("hk");

    private static byte[] key(String sk) {
        return StoredKey.encode(HK, Bytes.utf8(sk));
    }

    private static scan_response answer(int error, long context, String... sortKeys) {
        List<key_value> kvs = new ArrayList<>();
        for (String sk : sortKeys) {
            kvs.add(new key_value(new blob(key(sk)), new blob(Bytes.utf8("v" + sk))));
        }
        scan_response r = new scan_response();
        r.setError(error);
        r.setKvs(kvs);
        r.setContext_id(context);
        return r;
    }

    @Test
    void hashKeyRangeDefaults() {
        ScanState s = ScanState.forHashKey(HK, Bytes.utf8("a"), null, ScanOptions.defaults());
        get_scanner_request r = s.openRequest();
        assertThat(r.getStart_key().data()).isEqualTo(key("a"));
        assertThat(r.isStart_inclusive()).isTrue();
        assertThat(r.getStop_key().data())
                .as("empty stop = successor of the hash key")
                .isEqualTo(new byte[] {0, 2, 'h', 'l'});
        assertThat(r.isStop_inclusive()).isFalse();
        assertThat(r.getBatch_size()).isEqualTo(100);
    }

    @Test
    void explicitStopUsesTheOptionsFlag() {
        ScanState s = ScanState.forHashKey(
                HK, Bytes.utf8("a"), Bytes.utf8("m"), ScanOptions.defaults().withStopInclusive(true));
        assertThat(s.openRequest().getStop_key().data()).isEqualTo(key("m"));
        assertThat(s.openRequest().isStop_inclusive()).isTrue();
    }

    @Test
    void prefixFilterNarrowsTheRange() {
        ScanOptions o = ScanOptions.defaults().withSortKeyFilter(FilterType.MATCH_PREFIX, Bytes.utf8("k"));
        get_scanner_request r = ScanState.forHashKey(HK, null, null, o).openRequest();
        assertThat(r.getStart_key().data()).isEqualTo(key("k"));
        assertThat(r.getStop_key().data()).isEqualTo(key("l"));
        assertThat(r.getSort_key_filter_type()).as("the filter is still sent").isEqualTo(2);
        assertThat(r.getSort_key_filter_pattern().data()).isEqualTo(Bytes.utf8("k"));
        // a start beyond the prefix start is kept
        get_scanner_request r2 =
                ScanState.forHashKey(HK, Bytes.utf8("k5"), null, o).openRequest();
        assertThat(r2.getStart_key().data()).isEqualTo(key("k5"));
    }

    @Test
    void emptyRangeIsNeverSent() {
        assertThat(ScanState.forHashKey(HK, Bytes.utf8("b"), Bytes.utf8("a"), ScanOptions.defaults())
                        .next())
                .isEqualTo(ScanState.Step.DONE);
        assertThat(ScanState.forHashKey(HK, Bytes.utf8("b"), Bytes.utf8("b"), ScanOptions.defaults())
                        .next())
                .isEqualTo(ScanState.Step.DONE);
        assertThat(ScanState.forHashKey(
                                HK,
                                Bytes.utf8("b"),
                                Bytes.utf8("b"),
                                ScanOptions.defaults().withStopInclusive(true))
                        .next())
                .isEqualTo(ScanState.Step.OPEN);
        ScanOptions prefixOutside = ScanOptions.defaults().withSortKeyFilter(FilterType.MATCH_PREFIX, Bytes.utf8("z"));
        assertThat(ScanState.forHashKey(HK, Bytes.utf8("a"), Bytes.utf8("c"), prefixOutside)
                        .next())
                .isEqualTo(ScanState.Step.DONE);
    }

    @Test
    void contextIdsAreFollowedUntilMinusOne() throws Exception {
        ScanState s = ScanState.forPartition(ScanOptions.defaults());
        assertThat(s.next()).isEqualTo(ScanState.Step.OPEN);
        ScanState.Batch b = s.onOpenResponse(answer(0, 42, "a", "b"));
        assertThat(b.records()).hasSize(2);
        assertThat(s.next()).isEqualTo(ScanState.Step.CONTINUE);
        assertThat(s.contextId()).isEqualTo(42);
        assertThat(s.liveContext()).isEqualTo(42);
        s.onScanResponse(answer(0, 43));
        assertThat(s.contextId()).as("each answer brings a new id").isEqualTo(43);
        s.onScanResponse(answer(0, -1, "c"));
        assertThat(s.next()).isEqualTo(ScanState.Step.DONE);
        assertThat(s.liveContext()).isEqualTo(-1);
    }

    @Test
    void lostContextReopensAfterTheLastKeyExclusive() throws Exception {
        ScanState s = ScanState.forHashKey(HK, null, null, ScanOptions.defaults());
        s.onOpenResponse(answer(0, 1, "a", "b"));
        s.onScanResponse(answer(0, 2)); // an empty batch does not forget "b"
        ScanState.Batch b = s.onScanResponse(answer(StatusCode.NOT_FOUND, 0));
        assertThat(b.records()).isEmpty();
        assertThat(s.next()).isEqualTo(ScanState.Step.OPEN);
        get_scanner_request reopen = s.openRequest();
        assertThat(reopen.getStart_key().data()).isEqualTo(key("b"));
        assertThat(reopen.isStart_inclusive()).isFalse();
        assertThat(reopen.getStop_key().data()).isEqualTo(StoredKey.successor(HK));
    }

    @Test
    void lostContextBeforeAnyRecordRestartsFromTheStart() throws Exception {
        ScanState s = ScanState.forHashKey(HK, Bytes.utf8("a"), null, ScanOptions.defaults());
        s.onOpenResponse(answer(0, 1));
        s.onScanResponse(answer(StatusCode.NOT_FOUND, 0));
        assertThat(s.openRequest().getStart_key().data()).isEqualTo(key("a"));
        assertThat(s.openRequest().isStart_inclusive()).isTrue();
    }

    @Test
    void aServerThatKeepsLosingContextsEndsTheScan() throws Exception {
        ScanState s = ScanState.forPartition(ScanOptions.defaults());
        s.onOpenResponse(answer(0, 1));
        for (int i = 0; i < ScanState.MAX_REOPENS_WITHOUT_PROGRESS; i++) {
            s.onScanResponse(answer(StatusCode.NOT_FOUND, 0));
            s.onOpenResponse(answer(0, 5));
        }
        assertThatThrownBy(() -> s.onScanResponse(answer(StatusCode.NOT_FOUND, 0)))
                .isInstanceOf(ResponseFailure.class);
        assertThat(s.next()).isEqualTo(ScanState.Step.DONE);
    }

    @Test
    void incompleteHandsOutTheRecordsThenAborts() throws Exception {
        ScanState s = ScanState.forPartition(ScanOptions.defaults());
        ScanState.Batch b = s.onOpenResponse(answer(StatusCode.INCOMPLETE, 0, "a"));
        assertThat(b.records()).hasSize(1);
        assertThat(b.abortStatus()).isEqualTo(StatusCode.INCOMPLETE);
        assertThat(s.next()).isEqualTo(ScanState.Step.DONE);
    }

    @Test
    void otherErrorsFail() {
        ScanState s = ScanState.forPartition(ScanOptions.defaults());
        assertThatThrownBy(() -> s.onOpenResponse(answer(StatusCode.INVALID_ARGUMENT, 0)))
                .isInstanceOf(ResponseFailure.class)
                .hasMessageContaining("scan");
        ScanState s2 = ScanState.forPartition(ScanOptions.defaults());
        assertThatThrownBy(() -> s2.onOpenResponse(answer(StatusCode.NOT_FOUND, 0)))
                .as("NotFound is only meaningful for SCAN")
                .isInstanceOf(ResponseFailure.class);
    }

    @Test
    void otherNegativeContextIdsEndThePartition() throws Exception {
        ScanState s = ScanState.forPartition(ScanOptions.defaults());
        s.onOpenResponse(answer(0, -7, "a"));
        assertThat(s.next()).isEqualTo(ScanState.Step.DONE);
        assertThat(s.liveContext()).isEqualTo(-1);
    }

    @Test
    void partitionsAreSplitEvenly() {
        assertThat(ClientScanner.split(8, 3)).extracting(a -> a.length).containsExactly(3, 3, 2);
        assertThat(ClientScanner.split(8, 3).get(2)).containsExactly(6, 7);
        assertThat(ClientScanner.split(4, 10)).hasSize(4);
        assertThat(ClientScanner.split(5, 1).get(0)).containsExactly(0, 1, 2, 3, 4);
    }
}
