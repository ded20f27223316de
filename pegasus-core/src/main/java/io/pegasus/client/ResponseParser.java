package io.pegasus.client;

import io.pegasus.rpc.client.RpcResponse;
import org.apache.thrift.TException;

/** Turns an ERR_OK response into an operation's result (pure; see {@link Responses}). */
@FunctionalInterface
interface ResponseParser<T> {
    /**
     * @throws ResponseFailure when the server reports an application-level failure
     * @throws TException when the response does not decode
     */
    T parse(RpcResponse response) throws TException, ResponseFailure;
}
