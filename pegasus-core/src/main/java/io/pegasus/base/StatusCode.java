package io.pegasus.base;

/**
 * Application-level result codes: the I32 {@code error} field of every replica response (spec 6.2). These are
 * RocksDB status codes; an RPC whose application-level outcome is a failure is still RPC-level {@code ERR_OK}.
 */
public final class StatusCode {
    public static final int OK = 0;
    /** get/ttl: key absent or expired; scan: unknown scan context. */
    public static final int NOT_FOUND = 1;

    public static final int CORRUPTION = 2;
    public static final int NOT_SUPPORTED = 3;
    /** Bad request contents (empty lists, bad filter or check type, non-integer incr operand, overflow). */
    public static final int INVALID_ARGUMENT = 4;

    public static final int IO_ERROR = 5;
    public static final int MERGE_IN_PROGRESS = 6;
    /** multi_get stopped early by a limit; a scan stopped by the time budget. */
    public static final int INCOMPLETE = 7;

    public static final int SHUTDOWN_IN_PROGRESS = 8;
    public static final int TIMED_OUT = 9;
    public static final int ABORTED = 10;
    public static final int BUSY = 11;
    public static final int EXPIRED = 12;
    /** check_and_set / check_and_mutate: the check did not pass. */
    public static final int TRY_AGAIN = 13;

    private static final String[] NAMES = {
        "Ok",
        "NotFound",
        "Corruption",
        "NotSupported",
        "InvalidArgument",
        "IOError",
        "MergeInProgress",
        "Incomplete",
        "ShutdownInProgress",
        "TimedOut",
        "Aborted",
        "Busy",
        "Expired",
        "TryAgain",
        "CompactionTooLarge",
        "ColumnFamilyDropped"
    };

    private StatusCode() {}

    /** The RocksDB name of a code, e.g. "InvalidArgument", or "Status(n)" for a code outside the table. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "Status(" + code + ")";
    }
}
