package io.pegasus.rpc.server;

import org.apache.thrift.TException;

/**
 * Serves one RPC name. Called on a network thread: a handler that does more than a few microseconds of work hands
 * the call to its own executor and answers from there. Every call must end in exactly one of {@link RpcCall#reply},
 * {@link RpcCall#fail} or {@link RpcCall#noReply}.
 *
 * <p>A {@link TException} thrown here (an argument that does not decode) is answered ERR_INVALID_DATA; any other
 * exception ERR_UNKNOWN. Neither closes the connection.
 */
@FunctionalInterface
public interface RpcHandler {
    void handle(RpcCall call) throws TException;
}
