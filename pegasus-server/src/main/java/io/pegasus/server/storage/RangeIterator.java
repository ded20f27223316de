package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A RocksDB iterator confined to a {@link KeyBounds}, forward or backward, with the seek mode chosen for correctness.
 *
 * <p>With a prefix extractor configured, RocksDB may apply prefix blooms to any seek that does not ask for total
 * order, which would silently drop keys of other prefixes. So every iterator says which mode it wants: prefix mode
 * ({@code prefix_same_as_start}) only when all keys of the range share one extractor prefix
 * ({@link KeyBounds#sharesPrefix}), total order otherwise. The bounds go to RocksDB as {@code iterate_lower_bound} and
 * {@code iterate_upper_bound}, so it stops at the range end without reading tombstones beyond it.
 *
 * <p>An open iterator reads one consistent point-in-time view for its whole life (RocksDB pins an implicit snapshot).
 * Owns native objects: always close it.
 *
 * <p>Keys and values are copied out of RocksDB into small reused buffers ({@link #key()}, {@link #loadValue()}): the
 * JNI call then copies into an existing array instead of allocating one, and a value's header is decoded in place, so
 * only the user bytes are copied again. Records larger than the buffers take the allocating path; the buffers stay
 * small because a partition may keep up to a thousand scanner contexts, each with its iterator.
 */
final class RangeIterator implements AutoCloseable {
    private static final int KEY_BUFFER_BYTES = 256;
    private static final int VALUE_BUFFER_BYTES = 4096;

    private final KeyBounds bounds;
    private final boolean reverse;
    private final boolean prefixMode;
    private final ReadOptions readOptions;
    private final Slice lower;
    private final Slice upper;
    private final RocksIterator it;

    private byte[] keyBuffer;
    private byte[] valueBuffer;
    /** After {@link #loadValue()}: the array holding the current record's stored value at its start. */
    private byte[] loaded;

    RangeIterator(RocksDB db, KeyBounds bounds, int prefixBytes, boolean reverse, boolean fillCache) {
        this.bounds = bounds;
        this.reverse = reverse;
        this.prefixMode = reverse ? bounds.sharesPrefixBackward(prefixBytes) : bounds.sharesPrefix(prefixBytes);
        this.readOptions = new ReadOptions().setFillCache(fillCache);
        this.lower = new Slice(bounds.lo());
        this.upper = new Slice(bounds.hi());
        readOptions.setIterateLowerBound(lower).setIterateUpperBound(upper);
        if (prefixMode) {
            readOptions.setPrefixSameAsStart(true);
        } else {
            readOptions.setTotalOrderSeek(true);
        }
        this.it = db.newIterator(readOptions);
    }

    boolean prefixMode() {
        return prefixMode;
    }

    /** Positions at the first key of the range in iteration order. */
    void seekToStart() {
        if (!reverse) {
            it.seek(bounds.lo());
            return;
        }
        it.seekForPrev(bounds.hi());
        // hi is exclusive; the upper bound already hides it, this only guards against a key equal to hi
        while (it.isValid() && Bytes.compare(it.key(), bounds.hi()) >= 0) {
            it.prev();
        }
    }

    /** Positions at {@code key} (forward only): the first key >= it. */
    void seek(byte[] key) {
        it.seek(key);
    }

    boolean isValid() {
        return it.isValid();
    }

    /** The current key, in a fresh array. */
    byte[] key() {
        if (keyBuffer == null) {
            keyBuffer = new byte[KEY_BUFFER_BYTES];
        }
        int n = it.key(keyBuffer); // the full length, even when only part of it fitted
        return n <= KEY_BUFFER_BYTES ? Arrays.copyOf(keyBuffer, n) : it.key();
    }

    /**
     * Reads the current record's stored value and returns its length; the bytes are {@link #loadedValue()}{@code [0,
     * length)}, valid until the next call that moves or loads.
     */
    int loadValue() {
        if (valueBuffer == null) {
            valueBuffer = new byte[VALUE_BUFFER_BYTES];
        }
        int n = it.value(valueBuffer); // the full length, even when only part of it fitted
        loaded = n <= VALUE_BUFFER_BYTES ? valueBuffer : it.value();
        return n;
    }

    /** The array {@link #loadValue()} filled; it may be longer than the value. */
    byte[] loadedValue() {
        return loaded;
    }

    void advance() {
        if (reverse) {
            it.prev();
        } else {
            it.next();
        }
    }

    /** Throws if iteration stopped because of an error rather than the end of the range. */
    void checkStatus() throws RocksDBException {
        it.status();
    }

    @Override
    public void close() {
        it.close();
        readOptions.close();
        lower.close();
        upper.close();
    }
}
