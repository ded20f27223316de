package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.base.StatusCode;

/**
 * The server executed the RPC and answered with an application-level failure: a RocksDB status code (spec 6.2) such
 * as 4 (InvalidArgument: incr on a non-integer, an integer check on a non-integer value). The message ends with
 * {@code rocksdb error: N}. Never retried.
 */
public class PegasusStatusException extends PegasusException {
    private static final long serialVersionUID = 1L;

    PegasusStatusException(ErrorContext where, int statusCode, String what) {
        super(
                where,
                ErrorCode.ERR_OK,
                statusCode,
                what + " failed with " + StatusCode.name(statusCode) + ": rocksdb error: " + statusCode,
                null);
    }
}
