package io.pegasus.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecreeIndexTest {
    private static List<long[]> entries(DecreeIndex index, long from, long to) {
        List<long[]> out = new ArrayList<>();
        index.forEach(from, to, (d, b, loc, len) -> {
            out.add(new long[] {d, b, DecreeIndex.seqOf(loc), DecreeIndex.offsetOf(loc), len});
            return true;
        });
        return out;
    }

    @Test
    void locationPacksSequenceAndOffset() {
        long loc = DecreeIndex.location(123, 987_654_321_000L);
        assertThat(DecreeIndex.seqOf(loc)).isEqualTo(123);
        assertThat(DecreeIndex.offsetOf(loc)).isEqualTo(987_654_321_000L);
    }

    @Test
    void higherBallotWinsAndEqualBallotReplaces() {
        DecreeIndex index = new DecreeIndex();
        assertThat(index.put(5, 1, DecreeIndex.location(1, 100), 10)).isTrue();
        assertThat(index.put(5, 2, DecreeIndex.location(1, 200), 20)).isTrue();
        assertThat(index.put(5, 1, DecreeIndex.location(1, 300), 30)).isFalse();
        assertThat(index.put(5, 2, DecreeIndex.location(2, 400), 40)).isTrue();
        assertThat(entries(index, 0, 10)).containsExactly(new long[] {5, 2, 2, 400, 40});
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void truncateAfterRemovesHigherDecreesAcrossPages() {
        DecreeIndex index = new DecreeIndex();
        for (long d = 1; d <= 10_000; d++) {
            index.put(d, 1, DecreeIndex.location(1, 32 + d), 1);
        }
        index.truncateAfter(4100);
        assertThat(index.first()).isEqualTo(1);
        assertThat(index.last()).isEqualTo(4100);
        assertThat(index.size()).isEqualTo(4100);
        assertThat(index.contains(4101)).isFalse();
        index.truncateAfter(0);
        assertThat(index.size()).isZero();
        assertThat(index.first()).isZero();
        assertThat(index.last()).isZero();
    }

    @Test
    void aPageRemovedAndWrittenAgainHoldsTheNewEntries() {
        // the index remembers the page of the last put; removing pages must not leave writes going to a dropped one
        DecreeIndex index = new DecreeIndex();
        index.put(5000, 1, DecreeIndex.location(1, 40), 1);
        index.truncateAfter(100);
        index.put(5000, 2, DecreeIndex.location(1, 80), 1);
        assertThat(index.contains(5000)).isTrue();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.removeSegmentsUpTo(1)).isEqualTo(1);
        index.put(5001, 2, DecreeIndex.location(2, 40), 1);
        assertThat(entries(index, 0, 10_000).stream().map(e -> e[0])).containsExactly(5001L);
    }

    @Test
    void forEachVisitsOnlyTheRangeInDecreeOrder() {
        DecreeIndex index = new DecreeIndex();
        long[] decrees = {9000, 3, 4096, 4095, 1, 1_000_000_000_000L};
        for (long d : decrees) {
            index.put(d, 1, DecreeIndex.location(1, 100), 0);
        }
        assertThat(entries(index, 0, Long.MAX_VALUE).stream().map(e -> e[0]))
                .containsExactly(1L, 3L, 4095L, 4096L, 9000L, 1_000_000_000_000L);
        assertThat(entries(index, 3, 4096).stream().map(e -> e[0])).containsExactly(4095L, 4096L);
        assertThat(index.first()).isEqualTo(1);
        assertThat(index.last()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void removeSegmentsDropsOnlyEntriesStoredThere() {
        DecreeIndex index = new DecreeIndex();
        for (long d = 1; d <= 20; d++) {
            index.put(d, 1, DecreeIndex.location(d <= 10 ? 1 : 2, 32 + d), 1);
        }
        // decree 5 re-proposed later, so its live entry is in segment 3
        index.put(5, 2, DecreeIndex.location(3, 40), 1);
        assertThat(index.removeSegmentsUpTo(1)).isEqualTo(9);
        assertThat(entries(index, 0, 100).stream().map(e -> e[0]))
                .startsWith(5L, 11L)
                .hasSize(11);
    }

    @Test
    void truncationMarkerAppliedInWriteOrder() {
        // 5,6,7 at ballot 1; 6,7 re-proposed at ballot 2; then truncate after 6: 7 is gone, 6 stays at ballot 2
        DecreeIndex index = new DecreeIndex();
        long off = 32;
        for (long d = 5; d <= 7; d++) {
            index.apply(LogFormat.TYPE_MUTATION, 1, d, DecreeIndex.location(1, off++), 1);
        }
        index.apply(LogFormat.TYPE_MUTATION, 2, 6, DecreeIndex.location(1, off++), 1);
        index.apply(LogFormat.TYPE_MUTATION, 2, 7, DecreeIndex.location(1, off++), 1);
        index.apply(LogFormat.TYPE_TRUNCATE, 2, 6, DecreeIndex.location(1, off), 0);
        assertThat(entries(index, 0, 100)).containsExactly(new long[] {5, 1, 1, 32, 1}, new long[] {6, 2, 1, 35, 1});
    }
}
