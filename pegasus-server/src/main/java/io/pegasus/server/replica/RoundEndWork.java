package io.pegasus.server.replica;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A replica's work that waits for the end of the network thread's round, so that what the round sends goes first. A
 * node's network thread reads everything ready, handles it, and what it wrote leaves when the round ends: a storage
 * write done while handling delays every message of the round. The work is a secondary's applies of committed
 * decrees, RocksDB writes no client waits for (docs/replication.md point 17), run in the order they were deferred.
 *
 * <p>Not thread-safe: used on the replica's event thread only, like the state machine. The driver runs the deferred
 * work before anything that must follow it ({@link ReplicaDriver}).
 */
final class RoundEndWork {
    private final Predicate<Runnable> afterNetworkRound;
    private final Consumer<Runnable> onEventThread;
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private boolean scheduled;
    private volatile long deferred; // written on the event thread only

    /**
     * @param afterNetworkRound runs a task after the calling network thread's round; false if the caller is not one
     * @param onEventThread runs a task on the replica's event thread, at once when that is free
     */
    RoundEndWork(Predicate<Runnable> afterNetworkRound, Consumer<Runnable> onEventThread) {
        this.afterNetworkRound = afterNetworkRound;
        this.onEventThread = onEventThread;
    }

    /** Leaves {@code task} for the end of the round; false (nothing deferred) when not on a network thread. */
    boolean defer(Runnable task) {
        if (!scheduled) {
            if (!afterNetworkRound.test(() -> onEventThread.accept(this::runAll))) {
                return false;
            }
            scheduled = true;
        }
        work.add(task);
        deferred++;
        return true;
    }

    /** Runs everything deferred, in order. */
    void runAll() {
        scheduled = false;
        Runnable r;
        while ((r = work.poll()) != null) {
            r.run();
        }
    }

    /** Tasks deferred so far. */
    long deferred() {
        return deferred;
    }
}
