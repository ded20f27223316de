package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * The call was rejected by the client before anything was sent: a null or empty hash key where one is required, a
 * key or value over its limit, a negative TTL, an empty list, a bad option.
 */
public class PegasusInvalidArgumentException extends PegasusException {
    private static final long serialVersionUID = 1L;

    PegasusInvalidArgumentException(String table, String message) {
        super(ErrorContext.table(table), ErrorCode.ERR_INVALID_PARAMETERS, "Invalid argument: " + message);
    }
}
