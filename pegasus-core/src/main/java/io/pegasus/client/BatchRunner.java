package io.pegasus.client;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs the items of a batch with at most {@code window} of them in progress, and reports each item on its own
 * ({@link BatchOutcome}). Items start lazily, so a large batch does not queue thousands of requests whose timeouts
 * would run out while they wait; each item's timeout starts when the item starts.
 *
 * <p>Each of the {@code window} "lanes" runs items one after another: an item that completes at once (rejected by
 * validation) is followed in a loop, one that completes later continues its lane from its callback, so the stack
 * does not grow with the batch size.
 */
final class BatchRunner<T> {
    private final int size;
    private final IntFunction<CompletableFuture<T>> item;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger remaining;
    private final BatchOutcome<T>[] outcomes;
    private final CompletableFuture<List<BatchOutcome<T>>> done = new CompletableFuture<>();

    @SuppressWarnings("unchecked")
    private BatchRunner(int size, IntFunction<CompletableFuture<T>> item) {
        this.size = size;
        this.item = item;
        this.remaining = new AtomicInteger(size);
        this.outcomes = (BatchOutcome<T>[]) new BatchOutcome<?>[size];
    }

    /** Runs {@code item.apply(i)} for every i in [0, size); the list is in item order. */
    static <T> CompletableFuture<List<BatchOutcome<T>>> run(
            int size, int window, IntFunction<CompletableFuture<T>> item) {
        if (size == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        BatchRunner<T> r = new BatchRunner<>(size, item);
        for (int lane = 0; lane < Math.min(window, size); lane++) {
            r.lane();
        }
        return r.done;
    }

    private void lane() {
        while (true) {
            int i = next.getAndIncrement();
            if (i >= size) {
                return;
            }
            CompletableFuture<T> f = start(i);
            if (f.isDone()) {
                record(i, f);
                continue;
            }
            var unused = f.whenComplete((v, e) -> {
                record(i, f);
                lane();
            });
            return;
        }
    }

    private CompletableFuture<T> start(int i) {
        try {
            return item.apply(i);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void record(int i, CompletableFuture<T> f) {
        BatchOutcome<T> outcome;
        try {
            outcome = BatchOutcome.ok(f.join());
        } catch (RuntimeException e) {
            outcome = BatchOutcome.failed(Futures.asPegasus(e));
        }
        outcomes[i] = outcome;
        if (remaining.decrementAndGet() == 0) {
            done.complete(Arrays.asList(outcomes));
        }
    }
}
