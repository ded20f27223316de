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

    private final Executor pool;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

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
     * are queued behind it and drained by the pool. Saves the wake-up of a pool thread for the events of the write
     * path, which arrive on threads that can afford a short task (network event loops, the partition's log thread).
     */
    void runOrExecute(Runnable task) {
        if (queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                runLogged(task);
            } finally {
                release();
            }
        } else {
            execute(task);
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
