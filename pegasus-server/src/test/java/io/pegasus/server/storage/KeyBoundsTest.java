package io.pegasus.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import org.junit.jupiter.api.Test;

/** The half-open range arithmetic and the prefix-bloom eligibility rule. */
class KeyBoundsTest {
    static byte[] k(String hk, String sk) {
        return StoredKey.encode(Bytes.utf8(hk), Bytes.utf8(sk));
    }

    @Test
    void inclusiveAndExclusiveEnds() {
        KeyBounds b = KeyBounds.of(k("h", "a"), false, k("h", "c"), true);
        assertThat(b.lo()).isEqualTo(Bytes.fromHex("000168" + "6100"));
        assertThat(b.hi()).isEqualTo(Bytes.fromHex("000168" + "6300"));
        assertThat(KeyBounds.of(k("h", "a"), true, k("h", "a"), true).isEmpty()).isFalse();
        assertThat(KeyBounds.of(k("h", "a"), true, k("h", "a"), false).isEmpty())
                .isTrue();
        assertThat(KeyBounds.of(k("h", "a"), false, k("h", "a"), true).isEmpty())
                .isTrue();
        assertThat(KeyBounds.of(k("h", "b"), true, k("h", "a"), true).isEmpty()).isTrue();
    }

    @Test
    void upperBoundNeverPassesTheReservedArea() {
        assertThat(KeyBounds.of(new byte[] {0, 0}, true, null, false).hi()).isEqualTo(MetaKeys.RESERVED_START);
        assertThat(KeyBounds.of(new byte[] {0, 0}, true, new byte[] {(byte) 0xFF, (byte) 0xFF}, true)
                        .hi())
                .isEqualTo(MetaKeys.RESERVED_START);
        assertThat(KeyBounds.all().isEmpty()).isFalse();
    }

    @Test
    void prefixEligibility() {
        // prefix length 10 = 2-byte length + 8 hash-key bytes
        assertThat(KeyBounds.hashKey(Bytes.utf8("12345678")).sharesPrefix(10)).isTrue();
        assertThat(KeyBounds.hashKey(Bytes.utf8("123456789abc")).sharesPrefix(10))
                .isTrue();
        assertThat(KeyBounds.hashKey(Bytes.utf8("1234567")).sharesPrefix(10)).isFalse(); // shorter hash key
        assertThat(KeyBounds.all().sharesPrefix(10)).isFalse();
        assertThat(KeyBounds.hashKey(Bytes.utf8("12345678")).sharesPrefix(0)).isFalse();
        // a range spanning two hash keys that share their first 8 bytes is still one prefix
        assertThat(new KeyBounds(k("12345678a", ""), k("12345678b", "z")).sharesPrefix(10))
                .isTrue();
        assertThat(new KeyBounds(k("12345678", ""), k("12345679", "")).sharesPrefix(10))
                .isTrue(); // hi is exclusive
        assertThat(new KeyBounds(k("12345678", ""), k("12345679", "x")).sharesPrefix(10))
                .isFalse();
        // hash key of 0xFF bytes: its successor changes an earlier byte
        byte[] ff = {
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
        };
        assertThat(KeyBounds.hashKey(ff).sharesPrefix(10)).isTrue();
        // backward: only when the upper end carries the prefix too
        assertThat(KeyBounds.hashKey(Bytes.utf8("12345678")).sharesPrefixBackward(10))
                .isFalse();
        assertThat(KeyBounds.of(k("12345678", "a"), true, k("12345678", "c"), false)
                        .sharesPrefixBackward(10))
                .isTrue();
    }
}
