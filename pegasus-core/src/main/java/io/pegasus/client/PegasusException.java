package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/**
 * A failed client operation. Names, where they apply, the table, the partition index, the server that answered, and
 * either the RPC-level error ({@link #errorCode()}, spec 6.1) or the application-level status code the server
 * returned ({@link #statusCode()}, the RocksDB codes of spec 6.2).
 *
 * <p>Subclasses single out the cases callers usually treat differently: {@link PegasusTimeoutException},
 * {@link PegasusOutcomeUnknownException}, {@link PegasusTableNotFoundException},
 * {@link PegasusInvalidArgumentException} and {@link PegasusStatusException}.
 */
public class PegasusException extends Exception {
    private static final long serialVersionUID = 1L;

    /** No application status code. */
    public static final int NO_STATUS = -1;

    private final String table;
    private final int partitionIndex;
    private final String server;
    private final transient ErrorCode errorCode;
    private final int statusCode;

    PegasusException(ErrorContext where, ErrorCode errorCode, int statusCode, String message, Throwable cause) {
        super(where.prefix() + message, cause);
        this.table = where.table();
        this.partitionIndex = where.partitionIndex();
        this.server = where.server();
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    PegasusException(ErrorContext where, ErrorCode errorCode, String message) {
        this(where, errorCode, NO_STATUS, message, null);
    }

    /** The table of the failed operation, or null for calls that are not about one table. */
    public String table() {
        return table;
    }

    /** The partition index, or -1 when the failure is not tied to one partition. */
    public int partitionIndex() {
        return partitionIndex;
    }

    /** The "ip:port" of the server involved, or null when no server was contacted. */
    public String server() {
        return server;
    }

    /**
     * The RPC-level error (a wire name such as ERR_INVALID_STATE, or a local outcome such as ERR_TIMEOUT or
     * ERR_SESSION_RESET); ERR_OK when the RPC succeeded but the server reported an application-level
     * {@link #statusCode()}.
     */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The application-level status code from the server's response (spec 6.2), or {@link #NO_STATUS}. */
    public int statusCode() {
        return statusCode;
    }
}
