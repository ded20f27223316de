package io.pegasus.rpc.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.codec.ResponseFrames;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;

/**
 * A response frame matched to its call: the RPC-level error and, for ERR_OK, the result wrapper to decode.
 *
 * @param errorName the error name exactly as received (a name we do not know maps to ERR_UNKNOWN in {@link #error()})
 */
public record RpcResponse(String errorName, int seqId, byte[] body, int bodyOffset) {
    public ErrorCode error() {
        return ErrorCode.fromName(errorName);
    }

    public boolean ok() {
        return error() == ErrorCode.ERR_OK;
    }

    /** Decodes the response struct (result field 0) into {@code result}. */
    public <T extends TBase<?, ?>> T readResult(T result) throws TException {
        return ResponseFrames.readResult(body, bodyOffset, result);
    }
}
