package io.pegasus.bench.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteIterator;
import site.ycsb.StringByteIterator;

class RecordCodecTest {
    @Test
    void roundTripsEveryFieldAndFiltersOnRead() {
        Map<String, ByteIterator> fields = new LinkedHashMap<>();
        fields.put("field0", new StringByteIterator("x".repeat(1024)));
        fields.put("field1", new StringByteIterator(""));
        byte[] stored = RecordCodec.encode(fields);
        assertThat(stored).hasSize(2 + 6 + 4 + 1024 + 2 + 6 + 4);

        Map<String, ByteIterator> all = new HashMap<>();
        RecordCodec.decode(stored, null, all);
        assertThat(all).containsOnlyKeys("field0", "field1");
        assertThat(all.get("field0").toString()).isEqualTo("x".repeat(1024));

        Map<String, ByteIterator> one = new HashMap<>();
        RecordCodec.decode(stored, Set.of("field1"), one);
        assertThat(one).containsOnlyKeys("field1");
    }

    @Test
    void rejectsBytesThatAreNotARecord() {
        byte[] garbage = "not a record".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordCodec.decode(garbage, null, new HashMap<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
