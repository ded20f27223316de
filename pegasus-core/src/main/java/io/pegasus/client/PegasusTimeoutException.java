package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * The operation did not complete within its timeout. For idempotent operations (reads, set, del, multiSet,
 * multiDel...) it may or may not have been applied; retrying is safe. Non-idempotent operations whose request may
 * have reached a server fail with {@link PegasusOutcomeUnknownException} instead.
 */
public class PegasusTimeoutException extends PegasusException {
    private static final long serialVersionUID = 1L;

    PegasusTimeoutException(ErrorContext where, String message) {
        super(where, ErrorCode.ERR_TIMEOUT, NO_STATUS, message, null);
    }
}
