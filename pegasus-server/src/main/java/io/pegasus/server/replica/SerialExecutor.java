package io.pegasus.server.replica;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on threads borrowed from a shared pool: the "one thread per replica"
 * a state machine needs, without one thread per replica. A run drains up to {@link #BATCH} tasks before yielding the
 * pool thread, so a busy replica amortises the hand-off and an idle one costs nothing.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BATCH = 256;
    /** At most this many queued quick tasks follow an inline run on the caller's thread (bounds its detour). */
    private static final int INLINE_FOLLOW_UPS = 16;

    private final Executor pool;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** True while a run borrows the thread of a caller of {@link #runOrExecute}; read by the holder of the run only. */
    private boolean inline;

    SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        schedule();
    }

    /**
     * Runs {@code task} at once on the calling thread if nothing else of this executor is queued or running, else
     * queues it like {@link #execute}. Either way tasks stay one at a time and in order: a task is only run inline
     * when every task submitted before it has finished, and tasks submitted meanwhile (also by {@code task} itself)
     * are queued behind it and drained by the pool, except that queued quick tasks ({@link QuickTask}) may follow it on
     * the same thread. Saves the wake-up of a pool thread for the events of the write path, which arrive on threads
     * that can afford a short task (network event loops, the partition's log thread).
     */
    void runOrExecute(Runnable task) {
        if (queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            inline = true;
            try {
                runLogged(task);
                // Quick tasks queued meanwhile (typically a log append the task made, which completed at once on this
                // thread under a flush policy without fdatasync) run here too instead of waking a pool thread; the
                // first task that was not submitted through this method stops it, so long work stays on the pool.
                for (int i = 0; i < INLINE_FOLLOW_UPS; i++) {
                    Runnable next = queue.peek();
                    if (!(next instanceof QuickTask)) {
                        break;
                    }
                    queue.poll(); // only the holder of the run polls, so this is the task peeked
                    runLogged(next);
                }
            } finally {
                inline = false;
                release();
            }
        } else {
            execute(new QuickTask(task));
        }
    }

    /**
     * Whether the task running now (call it from a task of this executor only) runs on the thread of a caller of
     * {@link #runOrExecute}, a thread that must not sleep (a network thread), rather than on a pool thread.
     */
    boolean runningInline() {
        return inline;
    }

    /** A task submitted through {@link #runOrExecute}: short enough to run on the thread that runs its predecessor. */
    private record QuickTask(Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = queue.poll();
                if (task == null) {
                    break;
                }
                runLogged(task);
            }
        } finally {
            release();
        }
    }

    private void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("{}: task failed", name, e);
        }
    }

    /** Ends a run; tasks queued meanwhile get a pool thread. */
    private void release() {
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** Tasks waiting to run. */
    int backlog() {
        return queue.size();
    }
}
