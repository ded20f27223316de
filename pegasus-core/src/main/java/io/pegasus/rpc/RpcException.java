package io.pegasus.rpc;

import io.pegasus.base.ErrorCode;

/** An RPC that ended with an RPC-level error: a remote error name, or a local outcome such as a timeout. */
public class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public RpcException(ErrorCode error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public RpcException(ErrorCode error, String message, Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
