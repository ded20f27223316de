package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Windowed batch execution with per-item outcomes. */
class BatchRunnerTest {
    @Test
    void keepsItemOrderAndReportsEachItem() {
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        CompletableFuture<List<BatchOutcome<Integer>>> done = BatchRunner.run(4, 10, i -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        assertThat(pending).hasSize(4);
        pending.get(3).complete(30);
        pending.get(1).completeExceptionally(new PegasusException(ErrorContext.NONE, ErrorCode.ERR_BUSY, "busy"));
        pending.get(0).complete(0);
        assertThat(done).isNotDone();
        pending.get(2).complete(20);
        List<BatchOutcome<Integer>> out = done.join();
        assertThat(out.get(0).value()).isZero();
        assertThat(out.get(1).isOk()).isFalse();
        assertThat(out.get(1).error().errorCode()).isEqualTo(ErrorCode.ERR_BUSY);
        assertThat(out.get(2).value()).isEqualTo(20);
        assertThat(out.get(3).value()).isEqualTo(30);
    }

    @Test
    void startsAtMostWindowItemsAtATime() {
        AtomicInteger inProgress = new AtomicInteger();
        AtomicInteger maxInProgress = new AtomicInteger();
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        CompletableFuture<List<BatchOutcome<Integer>>> done = BatchRunner.run(10, 3, i -> {
            maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            CompletableFuture<Integer> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        assertThat(pending).hasSize(3);
        for (int i = 0; i < 10; i++) {
            inProgress.decrementAndGet();
            pending.get(i).complete(i);
        }
        assertThat(done.join()).hasSize(10);
        assertThat(maxInProgress.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void manyImmediateItemsDoNotGrowTheStack() {
        int n = 200_000;
        CompletableFuture<List<BatchOutcome<Integer>>> done = BatchRunner.run(
                n,
                4,
                i -> i % 2 == 0
                        ? CompletableFuture.completedFuture(i)
                        : CompletableFuture.failedFuture(new PegasusInvalidArgumentException("t", "odd")));
        List<BatchOutcome<Integer>> out = done.join();
        assertThat(out).hasSize(n);
        assertThat(out.get(n - 2).value()).isEqualTo(n - 2);
        assertThat(out.get(n - 1).error()).isInstanceOf(PegasusInvalidArgumentException.class);
    }

    @Test
    void emptyBatchIsDoneAtOnce() {
        assertThat(BatchRunner.<Integer>run(0, 4, i -> null).join()).isEmpty();
    }
}
