package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;

/**
 * The replica's mutation log failed, so it can no longer promise durability: it refuses everything and asks (through
 * the driver) the MetaServer to replace it. It never leaves this role; the driver closes the replica.
 */
final class ErrorState extends RoleState {

    ErrorState(ReplicaContext ctx, String reason) {
        super(ctx);
        ctx.emit(new ReplicaAction.ReportError(reason));
    }

    @Override
    Role role() {
        return Role.ERROR;
    }

    @Override
    RoleState handle(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.MessageReceived r) {
            if (r.message() instanceof ReplicaMessage.Prepare p) {
                refusePrepare(r.from(), p, ErrorCode.ERR_INVALID_STATE);
            } else if (r.message() instanceof ReplicaMessage.GroupCheck g) {
                replyGroupCheck(r.from(), ErrorCode.ERR_INVALID_STATE, g.learnSignature());
            } else {
                refuseLearner(r.from(), r.message());
            }
        } else {
            refuseClient(event);
        }
        return this;
    }
}
