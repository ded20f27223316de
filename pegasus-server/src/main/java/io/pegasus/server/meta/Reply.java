package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;

/**
 * How the leader's service answers one RPC: with a response, or with "not serving" (ERR_FORWARD_TO_OTHERS when this
 * MetaServer is not the leader, ERR_SERVICE_NOT_ACTIVE when it is but not ready), which the RPC glue turns into the
 * RPC's own response shape.
 */
interface Reply<R> {
    void send(R response);

    void notServing(ErrorCode error);
}
