package io.pegasus.client;

/** Runs tasks after a delay: retry backoff, operation deadlines, throttled routing refreshes. */
interface Scheduler {
    /** A scheduled task; cancelling one that already ran does nothing. */
    interface Task {
        void cancel();
    }

    /**
     * Runs {@code task} once after {@code delayNanos} on the scheduler's thread; the task must be short and must not
     * block. After the scheduler is closed the task runs at once on the caller's thread, so that nothing waits
     * forever.
     */
    Task schedule(Runnable task, long delayNanos);
}
