package io.pegasus.rpc.server;

import io.pegasus.thrift.blob;
import io.pegasus.thrift.negotiation_request;
import io.pegasus.thrift.negotiation_response;
import io.pegasus.thrift.negotiation_status;
import org.apache.thrift.TException;

/**
 * RPC_NEGOTIATION with authentication disabled (spec 3.5): every request is answered SASL_AUTH_DISABLE with an empty
 * message, and the connection is marked negotiated as the anonymous user. This is where SASL will plug in.
 */
final class NegotiationHandler implements RpcHandler {
    @Override
    public void handle(RpcCall call) throws TException {
        call.readArgs(new negotiation_request());
        call.connection().markNegotiated(ConnectionContext.ANONYMOUS);
        call.reply(new negotiation_response(negotiation_status.SASL_AUTH_DISABLE.getValue(), new blob()));
    }
}
