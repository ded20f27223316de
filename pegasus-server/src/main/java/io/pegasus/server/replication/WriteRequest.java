package io.pegasus.server.replication;

import java.util.Objects;

/**
 * One client write inside a mutation.
 *
 * @param requestId the driver's id of the client request to answer once the mutation is applied on the primary that
 *     received it; meaningless on any other replica
 * @param payload the write itself, opaque to replication
 */
public record WriteRequest(long requestId, WritePayload payload) {
    public WriteRequest {
        Objects.requireNonNull(payload, "payload");
    }
}
