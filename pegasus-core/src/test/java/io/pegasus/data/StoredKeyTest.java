package io.pegasus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spec 5.1-5.3: layout, decoding, order and successor keys. */
class StoredKeyTest {
    @Test
    void layoutMatchesSpecExample() {
        byte[] key = StoredKey.encode(Bytes.utf8("hashkey"), Bytes.utf8("sortkey"));
        assertThat(Bytes.hex(key)).isEqualTo("0007686173686b6579736f72746b6579");
        assertThat(StoredKey.hashKey(key)).isEqualTo(Bytes.utf8("hashkey"));
        assertThat(StoredKey.sortKey(key)).isEqualTo(Bytes.utf8("sortkey"));
    }

    @Test
    void emptyKeysAndBinaryBytes() {
        assertThat(StoredKey.encode(null, null)).containsExactly(0, 0);
        byte[] hk = {0x00, (byte) 0xff};
        byte[] sk = {(byte) 0xff, 0x00};
        byte[] key = StoredKey.encode(hk, sk);
        assertThat(StoredKey.hashKey(key)).isEqualTo(hk);
        assertThat(StoredKey.sortKey(key)).isEqualTo(sk);
    }

    @Test
    void rejectsMalformedKeysAndOversizeHashKeys() {
        assertThat(StoredKey.isValid(new byte[] {0})).isFalse();
        assertThat(StoredKey.isValid(new byte[] {0, 3, 'a'})).isFalse();
        assertThat(StoredKey.isValid(new byte[] {(byte) 0xff, (byte) 0xff})).isFalse();
        assertThatThrownBy(() -> StoredKey.encode(new byte[65535], null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StoredKey.encode(new byte[65534], null)).hasSize(65536);
    }

    @Test
    void hashKeysOrderByLengthThenBytes() {
        byte[] b = StoredKey.encode(Bytes.utf8("b"), null);
        byte[] aa = StoredKey.encode(Bytes.utf8("aa"), null);
        assertThat(Bytes.compare(b, aa)).isNegative();
        byte[] s1 = StoredKey.encode(Bytes.utf8("h"), new byte[] {(byte) 0x80});
        byte[] s2 = StoredKey.encode(Bytes.utf8("h"), new byte[] {0x7f});
        assertThat(Bytes.compare(s2, s1)).isNegative(); // unsigned
    }

    @Test
    void successors() {
        assertThat(StoredKey.successor(Bytes.utf8("a"))).containsExactly(0, 1, 0x62);
        assertThat(StoredKey.successor(new byte[] {(byte) 0xff})).containsExactly(0, 2);
        assertThat(StoredKey.successor(Bytes.utf8("a"), new byte[] {'x', (byte) 0xff}))
                .containsExactly(0, 1, 'a', 'y');
        assertThat(StoredKey.successorOf(new byte[] {(byte) 0xff, (byte) 0xff})).isEmpty();
        // every key with that hash key sorts below the successor, the next hash key does not
        byte[] succ = StoredKey.successor(Bytes.utf8("a"));
        assertThat(Bytes.compare(StoredKey.encode(Bytes.utf8("a"), new byte[] {(byte) 0xff, (byte) 0xff}), succ))
                .isNegative();
        assertThat(Bytes.compare(StoredKey.encode(Bytes.utf8("b"), null), succ)).isZero();
    }
}
