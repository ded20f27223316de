package io.pegasus.client;

/**
 * Decides when a table's routing may be refreshed (spec 7.3): at most one query in flight per table, at most one per
 * {@code minInterval}, and only when the routing the failed request used is still the current one (otherwise a newer
 * table is already there and the retry simply uses it). A request that arrives inside the throttle window is not
 * dropped: one refresh is scheduled for the end of the window, so a failover is noticed as early as the throttle
 * allows. Pure: the caller passes the time and performs the returned action. Thread-safe (the error path only).
 */
final class RefreshGate {
    /** What the caller must do now. */
    record Action(Kind kind, long delayNanos) {
        static final Action NONE = new Action(Kind.NONE, 0);
        static final Action START = new Action(Kind.START, 0);

        enum Kind {
            NONE,
            START,
            SCHEDULE
        }
    }

    private final long minIntervalNanos;
    private boolean inFlight;
    private boolean scheduled;
    private boolean started;
    private long lastStartNanos;

    RefreshGate(long minIntervalNanos) {
        this.minIntervalNanos = minIntervalNanos;
    }

    /** spec 7.3: max(1 ms, operation timeout / 3). */
    static RefreshGate forOperationTimeout(int operationTimeoutMs) {
        return new RefreshGate(Math.max(1, operationTimeoutMs / 3) * 1_000_000L);
    }

    /**
     * A request failed in a way that calls for a refresh.
     *
     * @param routingUnchanged whether the routing the request used is still the table's current one
     */
    synchronized Action request(boolean routingUnchanged, long nowNanos) {
        if (!routingUnchanged || inFlight || scheduled) {
            return Action.NONE;
        }
        long wait = started ? lastStartNanos + minIntervalNanos - nowNanos : 0;
        if (wait <= 0) {
            start(nowNanos);
            return Action.START;
        }
        scheduled = true;
        return new Action(Action.Kind.SCHEDULE, wait);
    }

    /** The refresh scheduled by {@link #request} is due. */
    synchronized Action scheduledDue(long nowNanos) {
        scheduled = false;
        if (inFlight) {
            return Action.NONE;
        }
        start(nowNanos);
        return Action.START;
    }

    /** The refresh query ended (either way). */
    synchronized void finished() {
        inFlight = false;
    }

    synchronized boolean inFlight() {
        return inFlight;
    }

    private void start(long nowNanos) {
        inFlight = true;
        started = true;
        lastStartNanos = nowNanos;
    }
}
