package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * Thrown by a response parser when the server answered but the answer is a failure: an application status code
 * (spec 6.2) or an answer that breaks the protocol. The caller adds where it happened and turns it into a
 * {@link PegasusException}. Carries no stack trace: it is an expected outcome, not a bug.
 */
final class ResponseFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ErrorCode code;
    private final String what;

    private ResponseFailure(int status, ErrorCode code, String what) {
        super(code == null ? what + " failed: rocksdb error: " + status : what, null, false, false);
        this.status = status;
        this.code = code;
        this.what = what;
    }

    /** The server reported application status {@code status} for operation {@code what}. */
    static ResponseFailure status(int status, String what) {
        return new ResponseFailure(status, null, what);
    }

    /** The answer cannot be right (e.g. a count that does not match the request). */
    static ResponseFailure invalid(String message) {
        return new ResponseFailure(PegasusException.NO_STATUS, ErrorCode.ERR_INVALID_DATA, message);
    }

    PegasusException toException(ErrorContext where) {
        if (code == null) {
            return new PegasusStatusException(where, status, what);
        }
        return new PegasusException(where, code, what);
    }
}
