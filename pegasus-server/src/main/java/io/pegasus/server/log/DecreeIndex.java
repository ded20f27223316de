package io.pegasus.server.log;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each decree, where its live entry is in the log. The PacificA reconciliation rules live here, applied to records
 * in the order they were written:
 *
 * <ul>
 *   <li>a mutation record replaces the entry for its decree unless that entry has a higher ballot (so for one decree
 *       the highest ballot wins, and among equal ballots the last one written);
 *   <li>a truncation marker "after d" removes every entry with a decree above d written before it.
 * </ul>
 *
 * Appends and recovery both go through {@link #put} and {@link #truncateAfter}, so the view a replica has while
 * running and the one it rebuilds after a restart are the same by construction.
 *
 * <p>Decrees are dense per partition, so the index is a sparse array of pages of 4096 decrees: a location, ballot
 * and payload length per decree (20 bytes), and memory only for pages in use. Not thread-safe: {@link MutationLog}
 * guards it.
 */
final class DecreeIndex {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int SLOT_MASK = PAGE_SIZE - 1;
    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    /** Called for each live entry in decree order; returns false to stop. */
    interface Visitor {
        boolean visit(long decree, long ballot, long location, int payloadLength);
    }

    private static final class Page {
        // location 0 means "no entry": a record never starts at offset 0, which the segment header occupies
        final long[] location = new long[PAGE_SIZE];
        final long[] ballot = new long[PAGE_SIZE];
        final int[] length = new int[PAGE_SIZE];
        int count;
    }

    private final TreeMap<Long, Page> pages = new TreeMap<>();
    private long size;
    /** The page the last put went to (appends stay on one page for 4096 decrees); null after any page is removed. */
    private Page lastPage;

    private long lastPageNo;

    /** Packs a segment sequence number and an offset in it; offsets up to 1 TiB, sequence numbers up to 2^23. */
    static long location(long seq, long offset) {
        if (seq >= (1L << (63 - OFFSET_BITS)) || offset > OFFSET_MASK || offset <= 0) {
            throw new IllegalArgumentException("location out of range: seq " + seq + " offset " + offset);
        }
        return (seq << OFFSET_BITS) | offset;
    }

    static long seqOf(long location) {
        return location >>> OFFSET_BITS;
    }

    static long offsetOf(long location) {
        return location & OFFSET_MASK;
    }

    /** Applies one record, in the order records were written; returns false for a mutation a higher ballot shadows. */
    boolean apply(byte type, long ballot, long decree, long location, int payloadLength) {
        if (type == LogFormat.TYPE_TRUNCATE) {
            truncateAfter(decree);
            return true;
        }
        return put(decree, ballot, location, payloadLength);
    }

    /** Applies a mutation record; returns false if an entry with a higher ballot shadows it. */
    boolean put(long decree, long ballot, long location, int payloadLength) {
        long pageNo = decree >>> PAGE_BITS;
        Page page = lastPage;
        if (page == null || lastPageNo != pageNo) {
            page = pages.computeIfAbsent(pageNo, k -> new Page());
            lastPage = page;
            lastPageNo = pageNo;
        }
        int slot = (int) (decree & SLOT_MASK);
        if (page.location[slot] != 0) {
            if (page.ballot[slot] > ballot) {
                return false;
            }
        } else {
            page.count++;
            size++;
        }
        page.location[slot] = location;
        page.ballot[slot] = ballot;
        page.length[slot] = payloadLength;
        return true;
    }

    /** Applies a truncation marker: removes every entry with a decree above {@code decree}. */
    void truncateAfter(long decree) {
        lastPage = null;
        long pageNo = decree >>> PAGE_BITS;
        Map<Long, Page> later = pages.tailMap(pageNo, false);
        for (Page p : later.values()) {
            size -= p.count;
        }
        later.clear();
        Page page = pages.get(pageNo);
        if (page != null) {
            for (int slot = (int) (decree & SLOT_MASK) + 1; slot < PAGE_SIZE; slot++) {
                clear(page, slot);
            }
            if (page.count == 0) {
                pages.remove(pageNo);
            }
        }
    }

    /** Removes the entries stored in segments with sequence number {@code <= lastSeq}; returns how many. */
    long removeSegmentsUpTo(long lastSeq) {
        lastPage = null;
        long removed = 0;
        for (Iterator<Page> it = pages.values().iterator(); it.hasNext(); ) {
            Page page = it.next();
            for (int slot = 0; slot < PAGE_SIZE; slot++) {
                if (page.location[slot] != 0 && seqOf(page.location[slot]) <= lastSeq) {
                    clear(page, slot);
                    removed++;
                }
            }
            if (page.count == 0) {
                it.remove();
            }
        }
        return removed;
    }

    boolean contains(long decree) {
        Page page = pages.get(decree >>> PAGE_BITS);
        return page != null && page.location[(int) (decree & SLOT_MASK)] != 0;
    }

    /** Visits live entries with {@code fromExclusive < decree <= toInclusive} in decree order. */
    void forEach(long fromExclusive, long toInclusive, Visitor visitor) {
        if (toInclusive <= fromExclusive) {
            return;
        }
        long first = fromExclusive + 1;
        for (Map.Entry<Long, Page> e : pages.subMap(first >>> PAGE_BITS, true, toInclusive >>> PAGE_BITS, true)
                .entrySet()) {
            long base = e.getKey() << PAGE_BITS;
            Page page = e.getValue();
            int from = (int) Math.max(0, first - base);
            int to = (int) Math.min(SLOT_MASK, toInclusive - base);
            for (int slot = from; slot <= to; slot++) {
                if (page.location[slot] != 0
                        && !visitor.visit(base + slot, page.ballot[slot], page.location[slot], page.length[slot])) {
                    return;
                }
            }
        }
    }

    /** The lowest decree with an entry, 0 if none. */
    long first() {
        if (pages.isEmpty()) {
            return 0;
        }
        Map.Entry<Long, Page> e = pages.firstEntry();
        for (int slot = 0; slot < PAGE_SIZE; slot++) {
            if (e.getValue().location[slot] != 0) {
                return (e.getKey() << PAGE_BITS) + slot;
            }
        }
        throw new IllegalStateException("empty page in index");
    }

    /** The highest decree with an entry, 0 if none. */
    long last() {
        if (pages.isEmpty()) {
            return 0;
        }
        Map.Entry<Long, Page> e = pages.lastEntry();
        for (int slot = SLOT_MASK; slot >= 0; slot--) {
            if (e.getValue().location[slot] != 0) {
                return (e.getKey() << PAGE_BITS) + slot;
            }
        }
        throw new IllegalStateException("empty page in index");
    }

    /** Number of decrees with an entry. */
    long size() {
        return size;
    }

    private void clear(Page page, int slot) {
        if (page.location[slot] != 0) {
            page.location[slot] = 0;
            page.ballot[slot] = 0;
            page.length[slot] = 0;
            page.count--;
            size--;
        }
    }
}
