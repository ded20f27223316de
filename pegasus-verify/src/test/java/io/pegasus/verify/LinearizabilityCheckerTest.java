package io.pegasus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearizabilityCheckerTest {
    private static final Duration BUDGET = Duration.ofSeconds(20);
    private static final OpStatus OK = OpStatus.OK;
    private static final OpStatus UNKNOWN = OpStatus.UNKNOWN;
    private static final OpStatus FAILED = OpStatus.FAILED;

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private CheckResult check(Op... ops) {
        return checker.check(List.of(ops), BUDGET);
    }

    private static Op set(int p, long from, long to, String value) {
        return Op.set(p, "x", value, from, to, OK);
    }

    private static Op get(int p, long from, long to, String read) {
        return Op.get(p, "x", from, to, OK, read);
    }

    // ---- known-bad histories -------------------------------------------------------------------------------------

    @Test
    void staleReadIsAViolation() {
        CheckResult r = check(set(1, 0, 10, "1"), set(1, 20, 30, "2"), get(2, 40, 50, "1"));
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.key()).isEqualTo("x");
        assertThat(r.witness()).extracting(Op::invokeNanos).containsExactly(0L, 20L, 40L);
        assertThat(r.describe()).contains("key 'x'").contains("GET x -> '1'");
    }

    @Test
    void lostAcknowledgedWriteIsAViolation() {
        assertThat(check(set(1, 0, 10, "a"), get(2, 20, 30, null)).outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        // ... also when the write is only read back later, after other writes were acknowledged
        assertThat(check(set(1, 0, 10, "a"), set(2, 5, 15, "b"), get(3, 20, 30, "a"), get(3, 40, 50, "b"))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void doubleIncrIsAViolation() {
        // two sequential increments both answered 1
        assertThat(check(Op.incr(1, "x", 1, 0, 10, OK, 1), Op.incr(2, "x", 1, 20, 30, OK, 1))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
        // one increment applied twice: a read sees 2
        CheckResult r = check(Op.incr(1, "x", 1, 0, 10, OK, 1), get(2, 20, 30, "2"));
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void twoCompareAndSetsThatBothSucceededIsAViolation() {
        CheckResult r = check(Op.cas(1, "x", null, "a", 0, 10, OK, true), Op.cas(2, "x", null, "b", 5, 15, OK, true));
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.witness()).hasSize(2);
    }

    @Test
    void readOfAValueNobodyWroteIsAViolation() {
        assertThat(check(set(1, 0, 10, "a"), get(2, 5, 15, "zzz")).outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void failedWriteNeverTakesEffect() {
        assertThat(check(Op.set(1, "x", "a", 0, 10, FAILED), get(2, 20, 30, "a"))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void unknownWriteCannotTakeEffectBeforeItsInvocation() {
        assertThat(check(get(1, 0, 10, "a"), Op.set(2, "x", "a", 20, 30, UNKNOWN))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void realTimeOrderIsRespected() {
        // the delete completed before the set was invoked, so the last value is the set's
        assertThat(check(Op.del(1, "x", 0, 10, OK), set(2, 20, 30, "a"), get(3, 40, 50, null))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void incrOfAValueThatIsNotANumberCannotSucceed() {
        assertThat(check(set(1, 0, 10, "abc"), Op.incr(2, "x", 1, 20, 30, OK, 1))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void failedCompareAndSetMustHaveSeenAnotherValue() {
        assertThat(check(set(1, 0, 10, "a"), Op.cas(2, "x", "a", "b", 20, 30, OK, false))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void witnessOfAStaleReadInANoisyHistoryIsSmall() {
        List<Op> ops = new ArrayList<>(RandomHistories.generate(new RandomHistories.Shape(5, 3, 300, 0.05), 7));
        long end = ops.stream().mapToLong(Op::completeNanos).max().orElseThrow();
        // after everything: a write acknowledged, then a read that misses it
        ops.add(Op.set(9, "k1", "fresh", end + 10, end + 20, OK));
        ops.add(Op.get(8, "k1", end + 30, end + 40, OK, "stale"));
        ops.add(Op.set(7, "k1", "stale", end + 1, end + 5, OK)); // the value read, written before "fresh"
        CheckResult r = checker.check(ops, BUDGET);
        assertThat(r.outcome()).as(r.describe()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.key()).isEqualTo("k1");
        assertThat(r.witness()).as(r.describe()).hasSizeLessThanOrEqualTo(3);
        assertThat(r.witness()).extracting(Op::process).contains(8, 9);
    }

    // ---- known-good tricky histories -----------------------------------------------------------------------------

    @Test
    void overlappingOperationsMayTakeEffectInAnyOrder() {
        // the first set overlaps everything: it may take effect after the second and after the first read
        assertThat(check(set(1, 0, 100, "1"), set(2, 10, 50, "2"), get(3, 55, 60, "2"), get(3, 70, 80, "1"))
                        .linearizable())
                .isTrue();
    }

    @Test
    void operationsThatTouchInTimeAreConcurrent() {
        assertThat(check(set(1, 0, 10, "a"), get(2, 10, 20, null)).linearizable())
                .isTrue();
    }

    @Test
    void unknownWriteMayHaveTakenEffect() {
        assertThat(check(Op.set(1, "x", "v", 0, 10, UNKNOWN), get(2, 100, 110, "v"))
                        .linearizable())
                .isTrue();
    }

    @Test
    void unknownWriteMayNeverHaveTakenEffect() {
        assertThat(check(Op.set(1, "x", "v", 0, 10, UNKNOWN), get(2, 100, 110, null))
                        .linearizable())
                .isTrue();
    }

    @Test
    void unknownWriteMayTakeEffectAfterItsClientGaveUp() {
        assertThat(check(
                                set(1, 0, 10, "a"),
                                Op.set(2, "x", "b", 20, 30, UNKNOWN),
                                get(3, 40, 50, "a"),
                                get(3, 60, 70, "b"))
                        .linearizable())
                .isTrue();
    }

    @Test
    void unknownIncrExplainsAJump() {
        assertThat(check(Op.incr(1, "x", 5, 0, 10, UNKNOWN, 0), Op.incr(2, "x", 1, 20, 30, OK, 6))
                        .linearizable())
                .isTrue();
        assertThat(check(Op.incr(1, "x", 5, 0, 10, UNKNOWN, 0), Op.incr(2, "x", 1, 20, 30, OK, 1))
                        .linearizable())
                .isTrue();
        assertThat(check(Op.incr(1, "x", 5, 0, 10, UNKNOWN, 0), Op.incr(2, "x", 1, 20, 30, OK, 7))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void concurrentCompareAndSetsOneWins() {
        assertThat(check(
                                Op.cas(1, "x", null, "a", 0, 10, OK, true),
                                Op.cas(2, "x", null, "b", 5, 15, OK, false),
                                get(3, 20, 30, "a"))
                        .linearizable())
                .isTrue();
    }

    @Test
    void readsAndFailuresOfUnknownOutcomeConstrainNothing() {
        assertThat(check(
                                set(1, 0, 10, "a"),
                                Op.get(2, "x", 20, 30, UNKNOWN, "garbage"),
                                Op.set(2, "x", "b", 40, 50, FAILED),
                                get(3, 60, 70, "a"))
                        .linearizable())
                .isTrue();
    }

    @Test
    void incrCountsAnAbsentOrEmptyValueAsZero() {
        assertThat(check(
                                Op.incr(1, "x", 2, 0, 10, OK, 2),
                                get(1, 20, 30, "2"),
                                set(1, 40, 50, ""),
                                Op.incr(1, "x", 3, 60, 70, OK, 3))
                        .linearizable())
                .isTrue();
    }

    @Test
    void keysAreIndependent() {
        CheckResult r = checker.check(
                List.of(
                        Op.set(1, "a", "1", 0, 10, OK),
                        Op.set(1, "b", "2", 20, 30, OK),
                        Op.get(2, "a", 40, 50, OK, "1"),
                        Op.get(2, "b", 60, 70, OK, "2")),
                BUDGET);
        assertThat(r.linearizable()).isTrue();
        assertThat(r.keys()).isEqualTo(2);
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertThat(checker.check(List.of(), BUDGET).linearizable()).isTrue();
    }

    // ---- random histories ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void historiesOfACorrectStoreAreLinearizable(long seed) {
        List<Op> h = RandomHistories.generate(new RandomHistories.Shape(5, 4, 400, 0.05), seed);
        CheckResult r = checker.check(h, BUDGET);
        assertThat(r.outcome()).as(r.describe()).isEqualTo(CheckResult.Outcome.LINEARIZABLE);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void oneCorruptedReadIsFound(long seed) {
        List<Op> h = new ArrayList<>(RandomHistories.generate(new RandomHistories.Shape(5, 4, 400, 0.05), seed));
        int victim = -1;
        for (int i = h.size() / 2; i < h.size(); i++) {
            if (h.get(i).kind() == OpKind.GET && h.get(i).status() == OK) {
                victim = i;
                break;
            }
        }
        Op read = h.get(victim);
        h.set(
                victim,
                Op.get(read.process(), read.key(), read.invokeNanos(), read.completeNanos(), OK, "never-written"));
        CheckResult r = checker.check(h, BUDGET);
        assertThat(r.outcome()).as(r.describe()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.key()).isEqualTo(read.key());
        assertThat(r.witness()).contains(h.get(victim));
    }

    // ---- the budget ----------------------------------------------------------------------------------------------

    @Test
    void runningOutOfTheBudgetIsATimeoutNotAPass() {
        // many overlapping writes and a read nobody could explain: the search must try every order of the writes
        List<Op> h = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            h.add(Op.set(i, "x", "v" + i, 0, 1_000, OK));
        }
        h.add(Op.get(99, "x", 2_000, 2_100, OK, "nobody"));
        AtomicLong fakeNanos = new AtomicLong();
        LinearizabilityChecker slowClock = new LinearizabilityChecker(() -> fakeNanos.addAndGet(1_000_000));
        CheckResult r = slowClock.check(h, Duration.ofMillis(100));
        assertThat(r.outcome()).isIn(CheckResult.Outcome.TIMEOUT, CheckResult.Outcome.VIOLATION);
        assertThat(r.linearizable()).isFalse();
    }

    /**
     * A partition that kept serving reads but timed out every write for a while (chaos seed 6011): many unknown
     * writes of every kind, none of which took effect, around reads that all see the value from before. Searching
     * every placement of 30 unknown operations would not end; "none took effect" answers at once.
     */
    @Test
    void manyUnknownWritesThatNeverTookEffectAreCheckedQuickly() {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.incr(1, "x", 2, 0, 10, OK, 2));
        long t = 20;
        for (int i = 0; i < 30; i++) {
            int p = 100 + i;
            ops.add(
                    switch (i % 4) {
                        case 0 -> Op.set(p, "x", "v" + i, t, t + 3000, UNKNOWN);
                        case 1 -> Op.incr(p, "x", 3, t, t + 3000, UNKNOWN, 0);
                        case 2 -> Op.cas(p, "x", "2", "w" + i, t, t + 3000, UNKNOWN, false);
                        default -> Op.del(p, "x", t, t + 3000, UNKNOWN);
                    });
            ops.add(get(200 + i, t + 5, t + 6, "2"));
            t += 100;
        }
        ops.add(get(300, t + 10_000, t + 10_001, "2"));
        CheckResult r = checker.check(ops, Duration.ofSeconds(5));
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.LINEARIZABLE);
    }

    @Test
    void anUnknownWriteThatWasReadStillNeedsTheFullSearch() {
        // the quick search (unknowns left out) fails on the read of "b"; the full one places the unknown set
        assertThat(check(set(1, 0, 10, "a"), Op.set(2, "x", "b", 20, 30, UNKNOWN), get(3, 40, 50, "b"))
                        .outcome())
                .isEqualTo(CheckResult.Outcome.LINEARIZABLE);
    }

    @Test
    void unknownWritesDoNotHideAStaleRead() {
        CheckResult r = check(
                set(1, 0, 10, "a"),
                Op.set(2, "x", "b", 5, 15, UNKNOWN),
                set(3, 20, 30, "c"),
                Op.incr(4, "x", 1, 25, 35, UNKNOWN, 0),
                get(5, 40, 50, "a"));
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }
}
