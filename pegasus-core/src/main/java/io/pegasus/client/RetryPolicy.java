package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * What to do after a replica RPC attempt failed at the RPC level (spec 6.3 and 7.4). Pure.
 *
 * <p>The deciding question for non-idempotent operations (incr, check_and_set, check_and_mutate) is whether the
 * server may have executed the request. A definite answer that it did not (ERR_OBJECT_NOT_FOUND, ERR_INVALID_STATE,
 * ERR_PARENT_PARTITION_MISUSED, ERR_NOT_ENOUGH_MEMBER) or a failure before anything was sent (connect failure,
 * the connection's in-flight limit) may be retried; a request that was sent and then lost its answer (timeout,
 * connection reset) must not be resent: applying it twice is wrong, so the caller is told the outcome is unknown.
 * Idempotent operations are retried in every retryable case until their deadline.
 */
final class RetryPolicy {
    private RetryPolicy() {}

    /** How far a failed attempt got. */
    enum Delivery {
        /** The server answered with an RPC-level error. */
        ANSWERED,
        /** Nothing reached the server (connect failure, local in-flight limit, encoding failure). */
        NOT_SENT,
        /** The request was (or may have been) sent and no answer came back: timeout or connection loss. */
        SENT_NO_ANSWER
    }

    /**
     * @param retry try again (after a backoff, within the deadline)
     * @param refreshRouting ask the MetaServer for a new routing table first (throttled, spec 7.3)
     * @param outcomeUnknown stop and report that the operation may or may not have been applied
     */
    record Decision(boolean retry, boolean refreshRouting, boolean outcomeUnknown) {
        static final Decision RETRY = new Decision(true, false, false);
        static final Decision REFRESH_AND_RETRY = new Decision(true, true, false);
        static final Decision FAIL = new Decision(false, false, false);
        static final Decision OUTCOME_UNKNOWN = new Decision(false, false, true);
        static final Decision REFRESH_AND_OUTCOME_UNKNOWN = new Decision(false, true, true);
    }

    static Decision decide(ErrorCode error, Delivery delivery, boolean idempotent) {
        return switch (delivery) {
            case ANSWERED ->
                switch (error) {
                    case ERR_OBJECT_NOT_FOUND, ERR_INVALID_STATE, ERR_PARENT_PARTITION_MISUSED ->
                        Decision.REFRESH_AND_RETRY;
                    case ERR_NOT_ENOUGH_MEMBER, ERR_CAPACITY_EXCEEDED -> Decision.RETRY;
                    // a server that reports a timeout may have executed the request
                    case ERR_TIMEOUT -> idempotent ? Decision.RETRY : Decision.OUTCOME_UNKNOWN;
                    default -> Decision.FAIL;
                };
            case NOT_SENT ->
                switch (error) {
                    case ERR_SESSION_RESET -> Decision.REFRESH_AND_RETRY;
                    case ERR_CAPACITY_EXCEEDED -> Decision.RETRY;
                    default -> Decision.FAIL;
                };
            case SENT_NO_ANSWER ->
                switch (error) {
                    case ERR_SESSION_RESET ->
                        idempotent ? Decision.REFRESH_AND_RETRY : Decision.REFRESH_AND_OUTCOME_UNKNOWN;
                    case ERR_TIMEOUT -> idempotent ? Decision.RETRY : Decision.OUTCOME_UNKNOWN;
                    default -> Decision.FAIL;
                };
        };
    }

    private static final int[] BACKOFF_STEPS = {1, 2, 3, 5, 10, 20, 40, 100};
    private static final long MAX_BACKOFF_NANOS = 100_000_000L;

    /**
     * Delay before retry number {@code retry} (0-based): base times 1, 2, 3, 5, 10, 20, 40, 100, capped at 100 ms, so
     * a failover is probed often at first and a long outage does not flood the servers.
     */
    static long backoffNanos(int retry, int baseMs) {
        int step = BACKOFF_STEPS[Math.min(retry, BACKOFF_STEPS.length - 1)];
        return Math.min(MAX_BACKOFF_NANOS, (long) step * baseMs * 1_000_000L);
    }
}
