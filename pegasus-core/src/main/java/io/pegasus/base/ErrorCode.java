package io.pegasus.base;

import java.util.HashMap;
import java.util.Map;

/**
 * RPC-level error names (spec 6.1), sent as strings at the head of every response frame and in the {@code err}
 * field of MetaServer responses.
 *
 * <p>Only the constants with {@link #sendable()} true may ever be sent: they are exactly the names the official
 * Java client can decode, and any other name makes it drop the connection (spec 1.6). {@link #ERR_SESSION_RESET}
 * and {@link #ERR_THREAD_INTERRUPTED} are client-local outcomes and are never put on the wire.
 */
public enum ErrorCode {
    ERR_OK(true),
    ERR_UNKNOWN(true),
    ERR_SERVICE_NOT_FOUND(true),
    ERR_SERVICE_ALREADY_RUNNING(true),
    ERR_IO_PENDING(true),
    ERR_TIMEOUT(true),
    ERR_SERVICE_NOT_ACTIVE(true),
    ERR_BUSY(true),
    ERR_NETWORK_INIT_FAILED(true),
    ERR_FORWARD_TO_OTHERS(true),
    ERR_OBJECT_NOT_FOUND(true),
    ERR_HANDLER_NOT_FOUND(true),
    ERR_LEARN_FILE_FAILED(true),
    ERR_GET_LEARN_STATE_FAILED(true),
    ERR_INVALID_VERSION(true),
    ERR_INVALID_PARAMETERS(true),
    ERR_CAPACITY_EXCEEDED(true),
    ERR_INVALID_STATE(true),
    ERR_INACTIVE_STATE(true),
    ERR_NOT_ENOUGH_MEMBER(true),
    ERR_FILE_OPERATION_FAILED(true),
    ERR_HANDLE_EOF(true),
    ERR_WRONG_CHECKSUM(true),
    ERR_INVALID_DATA(true),
    ERR_INVALID_HANDLE(true),
    ERR_INCOMPLETE_DATA(true),
    ERR_VERSION_OUTDATED(true),
    ERR_PATH_NOT_FOUND(true),
    ERR_PATH_ALREADY_EXIST(true),
    ERR_ADDRESS_ALREADY_USED(true),
    ERR_STATE_FREEZED(true),
    ERR_LOCAL_APP_FAILURE(true),
    ERR_BIND_IOCP_FAILED(true),
    ERR_NETWORK_START_FAILED(true),
    ERR_NOT_IMPLEMENTED(true),
    ERR_CHECKPOINT_FAILED(true),
    ERR_WRONG_TIMING(true),
    ERR_NO_NEED_OPERATE(true),
    ERR_CORRUPTION(true),
    ERR_TRY_AGAIN(true),
    ERR_CLUSTER_NOT_FOUND(true),
    ERR_CLUSTER_ALREADY_EXIST(true),
    ERR_SERVICE_ALREADY_EXIST(true),
    ERR_INJECTED(true),
    ERR_REPLICATION_FAILURE(true),
    ERR_APP_EXIST(true),
    ERR_APP_NOT_EXIST(true),
    ERR_BUSY_CREATING(true),
    ERR_BUSY_DROPPING(true),
    ERR_NETWORK_FAILURE(true),
    ERR_UNDER_RECOVERY(true),
    ERR_LEARNER_NOT_FOUND(true),
    ERR_OPERATION_DISABLED(true),
    ERR_EXPIRED(true),
    ERR_LOCK_ALREADY_EXIST(true),
    ERR_HOLD_BY_OTHERS(true),
    ERR_RECURSIVE_LOCK(true),
    ERR_NO_OWNER(true),
    ERR_NODE_ALREADY_EXIST(true),
    ERR_INCONSISTENT_STATE(true),
    ERR_ARRAY_INDEX_OUT_OF_RANGE(true),
    ERR_DIR_NOT_EMPTY(true),
    ERR_FS_INTERNAL(true),
    ERR_IGNORE_BAD_DATA(true),
    ERR_APP_DROPPED(true),
    ERR_MOCK_INTERNAL(true),
    ERR_ZOOKEEPER_OPERATION(true),
    ERR_CHILD_REGISTERED(true),
    ERR_INGESTION_FAILED(true),
    ERR_UNAUTHENTICATED(true),
    ERR_KRB5_INTERNAL(true),
    ERR_SASL_INTERNAL(true),
    ERR_SASL_INCOMPLETE(true),
    ERR_ACL_DENY(true),
    ERR_SPLITTING(true),
    ERR_PARENT_PARTITION_MISUSED(true),
    ERR_CHILD_NOT_READY(true),
    ERR_DISK_INSUFFICIENT(true),

    /** Client-local: the connection was lost with the request pending. Never sent. */
    ERR_SESSION_RESET(false),
    /** Client-local: the caller's thread was interrupted. Never sent. */
    ERR_THREAD_INTERRUPTED(false);

    private static final Map<String, ErrorCode> BY_NAME = new HashMap<>();

    static {
        for (ErrorCode c : values()) {
            BY_NAME.put(c.name(), c);
        }
    }

    private final boolean sendable;

    ErrorCode(boolean sendable) {
        this.sendable = sendable;
    }

    /** True if a server may send this name; false for client-local outcomes. */
    public boolean sendable() {
        return sendable;
    }

    /** The code for a wire name, or {@link #ERR_UNKNOWN} when the name is not one of ours. */
    public static ErrorCode fromName(String name) {
        ErrorCode c = name == null ? null : BY_NAME.get(name);
        return c == null ? ERR_UNKNOWN : c;
    }

    /** True if {@code name} is a known wire name. */
    public static boolean isKnownName(String name) {
        return name != null && BY_NAME.containsKey(name);
    }
}
