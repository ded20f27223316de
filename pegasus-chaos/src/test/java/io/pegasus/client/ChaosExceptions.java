package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/** Builds the client's exceptions (their constructors are package-private) for tests of how failures are recorded. */
public final class ChaosExceptions {
    private static final ErrorContext WHERE = new ErrorContext("t", 0, "10.0.0.1:34801");

    private ChaosExceptions() {}

    public static PegasusException timeout() {
        return new PegasusTimeoutException(WHERE, "timed out");
    }

    public static PegasusException outcomeUnknown() {
        return new PegasusOutcomeUnknownException(WHERE, ErrorCode.ERR_SESSION_RESET, "connection lost");
    }

    public static PegasusException status() {
        return new PegasusStatusException(WHERE, 4, "invalid argument");
    }

    public static PegasusException invalidArgument() {
        return new PegasusInvalidArgumentException("t", "bad key");
    }

    public static PegasusException rpc(ErrorCode code) {
        return new PegasusException(WHERE, code, "failed");
    }
}
