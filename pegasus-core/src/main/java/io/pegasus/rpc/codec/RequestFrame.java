package io.pegasus.rpc.codec;

import io.pegasus.rpc.RequestMeta;

/**
 * A decoded request frame: the header fields, the Thrift message header, and the body bytes holding the "args"
 * wrapper from {@link #argsOffset()} on.
 *
 * @param headerVersion 0 or 1 (spec 1.3, 1.4)
 * @param meta routing and timeout fields
 * @param name the RPC name from the message header
 * @param messageType Thrift message type (CALL = 1, ONEWAY = 4)
 * @param seqId sequence id to echo in the reply
 * @param body the whole body (message header + args)
 * @param argsOffset offset of the args wrapper within {@code body}
 */
public record RequestFrame(
        int headerVersion, RequestMeta meta, String name, byte messageType, int seqId, byte[] body, int argsOffset) {

    /** The body length as announced in the frame header; what the write-size limit is checked against. */
    public int bodyLength() {
        return body.length;
    }
}
