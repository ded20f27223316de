package io.pegasus.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spec 8.2: CRC-64 values, table entries and partition indices, including hashes with the top bit set. */
class PartitionHashTest {
    private static long crc(String ascii) {
        return PartitionHash.crc64(Bytes.utf8(ascii));
    }

    @Test
    void crc64MatchesSpecVectors() {
        assertThat(crc("")).isEqualTo(0x0000000000000000L);
        assertThat(crc("a")).isEqualTo(0x8C2F8445B4CBFC3CL);
        assertThat(crc("123456789")).isEqualTo(0xAE8B14860A799888L);
        assertThat(crc("hashkey")).isEqualTo(0x1299D9B06672773AL);
        assertThat(crc("pegasus")).isEqualTo(0xCE8709CFBD3973C4L);
        assertThat(crc("user_1001")).isEqualTo(0x7AE57256BA9AA91CL);
        assertThat(crc("only_sort_key")).isEqualTo(0x400AD3B6988F2FB6L);
        assertThat(PartitionHash.crc64(new byte[] {(byte) 0xff, 0x00, (byte) 0x80, 0x7f}))
                .isEqualTo(0x53FFF018FA44DAD8L);
        assertThat(crc("k0")).isEqualTo(0x68CDD00B1A519F73L);
        assertThat(crc("k1")).isEqualTo(0x17A320C32A64160AL);
        assertThat(crc("k2")).isEqualTo(0x9610319B7A3A8D81L);
        assertThat(crc("k3")).isEqualTo(0xE97EC1534A0F04F8L);
    }

    @Test
    void tableEntriesMatchSpec() {
        assertThat(PartitionHash.tableEntry(1)).isEqualTo(0x7F6EF0C830358979L);
        assertThat(PartitionHash.tableEntry(2)).isEqualTo(0xFEDDE190606B12F2L);
        assertThat(PartitionHash.tableEntry(128)).isEqualTo(0x9A6C9329AC4BC9B5L);
        assertThat(PartitionHash.tableEntry(255)).isEqualTo(0x2ADA5047EFEC8728L);
    }

    @Test
    void tableDrivenEqualsBitByBitForEveryByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(PartitionHash.crc64(all)).isEqualTo(bitByBit(all));
        assertThat(PartitionHash.crc64(Bytes.utf8("123456789"))).isEqualTo(bitByBit(Bytes.utf8("123456789")));
    }

    private static long bitByBit(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static int[] indices(long hash, int... counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = PartitionHash.partitionIndex(hash, counts[i]);
        }
        return out;
    }

    @Test
    void partitionIndicesOfStoredKeys() {
        byte[] k1 = StoredKey.encode(Bytes.utf8("hashkey"), Bytes.utf8("sortkey"));
        assertThat(PartitionHash.ofStoredKey(k1)).isEqualTo(0x1299D9B06672773AL);
        assertThat(indices(PartitionHash.ofStoredKey(k1), 4, 8, 16, 7)).containsExactly(2, 2, 10, 1);

        byte[] k2 = StoredKey.encode(Bytes.utf8("user_1001"), Bytes.utf8("profile"));
        assertThat(indices(PartitionHash.ofStoredKey(k2), 4, 8, 16, 7)).containsExactly(0, 4, 12, 2);

        // empty hash key: the sort key is hashed
        byte[] k3 = StoredKey.encode(Bytes.EMPTY, Bytes.utf8("only_sort_key"));
        assertThat(PartitionHash.ofStoredKey(k3)).isEqualTo(0x400AD3B6988F2FB6L);
        assertThat(indices(PartitionHash.ofStoredKey(k3), 4, 8, 16, 7)).containsExactly(2, 6, 6, 5);

        byte[] k4 = StoredKey.encode(Bytes.utf8("a"), Bytes.EMPTY);
        assertThat(PartitionHash.ofStoredKey(k4)).isNegative();
        assertThat(indices(PartitionHash.ofStoredKey(k4), 4, 8, 16, 7)).containsExactly(0, 4, 12, 1);
    }

    @Test
    void unsignedModuloForHashesWithTopBitSet() {
        int[] counts = {1, 2, 4, 8, 16, 32, 7};
        assertThat(indices(crc("a"), counts)).containsExactly(0, 0, 0, 4, 12, 28, 1);
        assertThat(indices(crc("k2"), counts)).containsExactly(0, 1, 1, 1, 1, 1, 4);
        assertThat(indices(crc("k3"), counts)).containsExactly(0, 0, 0, 0, 8, 24, 2);
        assertThat(indices(PartitionHash.crc64(new byte[] {(byte) 0xff, 0x00, (byte) 0x80, 0x7f}), counts))
                .containsExactly(0, 0, 0, 0, 8, 24, 5);
    }
}
