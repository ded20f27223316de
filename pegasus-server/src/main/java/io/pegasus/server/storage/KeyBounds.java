package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import java.util.Arrays;

/**
 * A half-open range {@code [lo, hi)} of stored keys. Inclusive and exclusive ends of the protocol are mapped onto it
 * with the immediate successor {@code k || 00} (the smallest key greater than {@code k}): an exclusive start becomes
 * {@code lo = start || 00}, an inclusive stop {@code hi = stop || 00}. {@code hi} never exceeds
 * {@link MetaKeys#RESERVED_START}, so no range reaches the partition's reserved keys.
 */
record KeyBounds(byte[] lo, byte[] hi) {

    /** Keys {@code >= start} (or {@code > start}) and {@code <= stop} (or {@code < stop}); a null stop = no bound. */
    static KeyBounds of(byte[] start, boolean startInclusive, byte[] stop, boolean stopInclusive) {
        byte[] lo = startInclusive ? start : immediateSuccessor(start);
        byte[] hi = stop == null ? MetaKeys.RESERVED_START : stopInclusive ? immediateSuccessor(stop) : stop;
        return new KeyBounds(lo, min(hi, MetaKeys.RESERVED_START));
    }

    /** Every record key. */
    static KeyBounds all() {
        return new KeyBounds(Bytes.EMPTY, MetaKeys.RESERVED_START);
    }

    /** Every key of one hash key: {@code [key(hk, ""), successor(hk))}. */
    static KeyBounds hashKey(byte[] hashKey) {
        return new KeyBounds(StoredKey.encode(hashKey, null), StoredKey.successor(hashKey));
    }

    boolean isEmpty() {
        return Bytes.compare(lo, hi) >= 0;
    }

    /** The intersection with {@code [lo2, hi2)}. */
    KeyBounds intersect(byte[] lo2, byte[] hi2) {
        return new KeyBounds(max(lo, lo2), min(hi, hi2));
    }

    /** Raises the start to {@code newLo} if that is greater. */
    KeyBounds raiseLo(byte[] newLo) {
        return new KeyBounds(max(lo, newLo), hi);
    }

    /**
     * True if every key of the range starts with the same {@code n} bytes, {@code lo[0, n)}: then a capped prefix
     * extractor of length n gives them all one prefix, and a prefix-bloom seek ({@code prefix_same_as_start}) returns
     * exactly what a total-order seek would. Keys in {@code [P, successor(P))} are precisely those starting with P.
     */
    boolean sharesPrefix(int n) {
        if (n <= 0 || lo.length < n) {
            return false;
        }
        byte[] end = StoredKey.successorOf(Arrays.copyOf(lo, n));
        return end.length == 0 || Bytes.compare(hi, end) <= 0;
    }

    /** Like {@link #sharesPrefix}, and {@code hi} carries that prefix too, so a SeekForPrev(hi) can use the bloom. */
    boolean sharesPrefixBackward(int n) {
        return sharesPrefix(n) && hi.length >= n && Arrays.equals(lo, 0, n, hi, 0, n);
    }

    static byte[] immediateSuccessor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static byte[] min(byte[] a, byte[] b) {
        return Bytes.compare(a, b) <= 0 ? a : b;
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Bytes.compare(a, b) >= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBounds k && Arrays.equals(lo, k.lo) && Arrays.equals(hi, k.hi);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lo) + Arrays.hashCode(hi);
    }

    @Override
    public String toString() {
        return "[" + Bytes.escape(lo) + ", " + Bytes.escape(hi) + ")";
    }
}
