package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client-side checks (spec 7.7) and option validation. */
class ValidationTest {
    private final Validation limited = new Validation("t", true);
    private final Validation unlimited = new Validation("t", false);

    @Test
    void hashKeysMustBeShorterThan65535Bytes() {
        assertThatCode(() -> limited.hashKeyLength(new byte[65534])).doesNotThrowAnyException();
        assertThatCode(() -> limited.hashKeyLength(null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> unlimited.hashKeyLength(new byte[65535]))
                .isInstanceOf(PegasusInvalidArgumentException.class)
                .hasMessageContaining("65535")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PegasusException) e).errorCode())
                        .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PegasusException) e).table())
                        .isEqualTo("t"));
    }

    @Test
    void multiRecordOperationsNeedAHashKey() {
        assertThatThrownBy(() -> limited.nonEmptyHashKey(null)).hasMessageContaining("null or empty");
        assertThatThrownBy(() -> limited.nonEmptyHashKey(new byte[0])).hasMessageContaining("null or empty");
        assertThatThrownBy(() -> limited.nonEmptyHashKey(new byte[70000])).hasMessageContaining("65535");
    }

    @Test
    void ttls() {
        assertThatCode(() -> limited.ttl(0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limited.ttl(-1)).hasMessageContaining("negative");
        assertThatCode(() -> limited.incrTtl(-1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limited.incrTtl(-2)).hasMessageContaining("-1 (clear)");
    }

    @Test
    void emptyLists() {
        assertThatThrownBy(() -> limited.nonEmpty(List.of(), "keys")).hasMessageContaining("keys must not");
        assertThatThrownBy(() -> limited.nonEmpty(null, "keys")).hasMessageContaining("keys must not");
    }

    @Test
    void writeLimitsOnlyWhenEnabled() {
        byte[] longKey = new byte[1025];
        byte[] bigValue = new byte[400 * 1024 + 1];
        assertThatThrownBy(() -> limited.writeRecord(longKey, null, new byte[1]))
                .hasMessageContaining("Exceed the hash key length threshold");
        assertThatThrownBy(() -> limited.writeRecord(null, longKey, new byte[1]))
                .hasMessageContaining("Exceed the sort key length threshold");
        assertThatThrownBy(() -> limited.writeRecord(null, null, bigValue))
                .hasMessageContaining("Exceed the value length threshold");
        assertThatCode(() -> unlimited.writeRecord(longKey, longKey, bigValue)).doesNotThrowAnyException();
    }

    @Test
    void multiSetLimits() {
        List<SortKeyValue> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(SortKeyValue.of("k" + i, "v"));
        }
        assertThatThrownBy(() -> limited.multiSet(new byte[] {1}, many)).hasMessageContaining("count threshold");
        assertThatCode(() -> unlimited.multiSet(new byte[] {1}, many)).doesNotThrowAnyException();
        List<SortKeyValue> big = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            big.add(new SortKeyValue(new byte[] {(byte) i}, new byte[400 * 1024]));
        }
        assertThatThrownBy(() -> limited.multiSet(new byte[] {1}, big)).hasMessageContaining("size threshold");
        List<SortKeyValue> withNull = new ArrayList<>();
        withNull.add(new SortKeyValue(new byte[] {1}, null));
        assertThatThrownBy(() -> unlimited.multiSet(new byte[] {1}, withNull)).hasMessageContaining("null values");
    }

    @Test
    void mutationLimits() {
        Mutations m = new Mutations();
        for (int i = 0; i < 1001; i++) {
            m.delete("k" + i);
        }
        assertThatThrownBy(() -> limited.mutations(new byte[] {1}, m)).hasMessageContaining("count threshold");
        assertThatCode(() -> unlimited.mutations(new byte[] {1}, m)).doesNotThrowAnyException();
    }

    @Test
    void optionRecordsRejectNonsense() {
        assertThatThrownBy(() -> ScanOptions.defaults().withTimeoutMs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScanOptions.defaults().withSortKeyFilter(null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiGetOptions.defaults().withSortKeyFilter(null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DelRangeOptions.defaults().withSortKeyFilter(null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableNames() {
        assertThatCode(() -> Admin.checkName("my_table.v2:x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Admin.checkName("bad name")).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> Admin.checkName("")).isInstanceOf(PegasusInvalidArgumentException.class);
        assertThatThrownBy(() -> Admin.checkName(null)).isInstanceOf(PegasusInvalidArgumentException.class);
    }
}
