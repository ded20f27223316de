package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * A non-idempotent operation (incr, checkAndSet, checkAndMutate, compareExchange) was sent and then its answer was
 * lost (timeout or connection loss): the server may or may not have applied it. The client never resends such a
 * request, since applying it twice would be wrong (an incr counted twice); the caller must find out, for example by
 * reading the value back.
 */
public class PegasusOutcomeUnknownException extends PegasusException {
    private static final long serialVersionUID = 1L;

    PegasusOutcomeUnknownException(ErrorContext where, ErrorCode cause, String message) {
        super(where, cause, NO_STATUS, message, null);
    }
}
