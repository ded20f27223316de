package io.pegasus.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Spec 5.6-5.8: Pegasus time, value formats, integer parsing. */
class EncodingTest {
    @Test
    void expireTsOfSpecExample() {
        assertThat(PegasusTime.expireTs(1_700_000_000_000L, 3600)).isEqualTo(248397200);
        assertThat(PegasusTime.expireTs(1_700_000_000_000L, 0)).isZero();
    }

    @Test
    void expiryIsInclusiveOfTheExactSecond() {
        assertThat(PegasusTime.isExpired(100, 99)).isFalse();
        assertThat(PegasusTime.isExpired(100, 100)).isTrue();
        assertThat(PegasusTime.isExpired(0, Integer.MAX_VALUE)).isFalse();
        // stored expiry is unsigned: a value past 2^31 is far in the future, not in the past
        assertThat(PegasusTime.isExpired(0x80000000, 300_000_000)).isFalse();
        assertThat(PegasusTime.ttlSeconds(0, 5)).isEqualTo(-1);
        assertThat(PegasusTime.ttlSeconds(105, 100)).isEqualTo(5);
    }

    @Test
    void valueSchemasRoundTrip() {
        byte[] user = Bytes.utf8("value");
        long tag = ValueSchema.timetag(1_700_000_000_000_000L, 3, true);
        assertThat(tag & 1).isEqualTo(1);
        assertThat((tag >>> 1) & 0x7F).isEqualTo(3);
        for (int v = 0; v <= 2; v++) {
            ValueSchema s = ValueSchema.of(v);
            byte[] stored = s.encode(248397200, tag, user);
            assertThat(stored).hasSize(s.headerLength() + user.length);
            assertThat(s.expireTs(stored)).isEqualTo(248397200);
            assertThat(s.userValue(stored)).isEqualTo(user);
            assertThat(s.timetag(stored)).isEqualTo(v == 0 ? 0 : tag);
            assertThat(s.expireTs(s.withExpireTs(stored, 7))).isEqualTo(7);
        }
        assertThat(ValueSchema.of(2).encode(0, 0, user)[0]).isEqualTo((byte) 0x82);
        assertThat(ValueSchema.of(1).encode(0x0ece3d90, 0, Bytes.EMPTY)).startsWith(0x0e, 0xce, 0x3d, 0x90);
    }

    private static OptionalLong parse(String s) {
        return Int64Parser.parse(Bytes.utf8(s));
    }

    @Test
    void integerParsingFollowsStrtoll() {
        assertThat(parse("-1")).hasValue(-1);
        assertThat(parse("+7")).hasValue(7);
        assertThat(parse(" 42")).hasValue(42);
        assertThat(parse("0x1f")).hasValue(31);
        assertThat(parse("0X1F")).hasValue(31);
        assertThat(parse("010")).hasValue(8);
        assertThat(parse("0")).hasValue(0);
        assertThat(parse("-0x10")).hasValue(-16);
        assertThat(parse("9223372036854775807")).hasValue(Long.MAX_VALUE);
        assertThat(parse("-9223372036854775808")).hasValue(Long.MIN_VALUE);
        for (String bad : new String[] {
            "",
            "v1",
            "1 ",
            "1.0",
            "0x",
            "08",
            "+",
            "-",
            " ",
            "9223372036854775808",
            "-9223372036854775809",
            "12345678901234567890123456789012345678901234567",
            "1\u0000"
        }) {
            assertThat(parse(bad)).as("'%s'", bad).isEmpty();
        }
    }

    @Test
    void escapeRoundTrips() {
        byte[] data = {'a', 0, (byte) 0xff, '\\', '"', '\n'};
        assertThat(Bytes.escape(data)).isEqualTo("a\\x00\\xff\\\\\\\"\\x0a");
        assertThat(Bytes.unescape(Bytes.escape(data))).isEqualTo(data);
    }
}
