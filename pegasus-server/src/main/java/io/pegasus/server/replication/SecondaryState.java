package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;

/**
 * PacificA secondary: logs the primary's prepares and acknowledges them, commits what the primary reports committed,
 * and answers group checks. It refuses anything from a lower ballot, adopts the configuration of any message with a
 * higher one, and takes the role that configuration gives it.
 */
final class SecondaryState extends RoleState {

    private final PrepareAcceptor acceptor;

    SecondaryState(ReplicaContext ctx, PrepareAcceptor acceptor) {
        super(ctx);
        this.acceptor = acceptor;
    }

    @Override
    Role role() {
        return Role.SECONDARY;
    }

    @Override
    RoleState handle(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.MessageReceived r) {
            return onMessage(r.from(), r.message(), event);
        } else if (event instanceof ReplicaEvent.LogAppended a) {
            acceptor.onLogged(a.ballot(), a.decree());
        } else if (event instanceof ReplicaEvent.LogFailed f) {
            return new ErrorState(ctx, f.reason());
        } else if (event instanceof ReplicaEvent.ConfigUpdate u) {
            return onConfig(u.config());
        } else if (event instanceof ReplicaEvent.ProposalReply p) {
            return onConfig(p.config());
        } else {
            refuseClient(event);
        }
        return this;
    }

    private RoleState onMessage(NodeId from, ReplicaMessage message, ReplicaEvent event) {
        PartitionConfig carried = configOf(message);
        if (carried != null && carried.ballot() > ctx.ballot()) {
            RoleState next = onConfig(carried);
            if (next != this) {
                return next.handle(event);
            }
        }
        if (message instanceof ReplicaMessage.Prepare p) {
            if (p.config().ballot() < ctx.ballot()) {
                refusePrepare(from, p, ErrorCode.ERR_VERSION_OUTDATED);
            } else {
                acceptor.onPrepare(p);
            }
        } else if (message instanceof ReplicaMessage.GroupCheck g) {
            if (g.config().ballot() < ctx.ballot()) {
                replyGroupCheck(from, ErrorCode.ERR_VERSION_OUTDATED, 0);
            } else if (g.assignedRole() != Role.SECONDARY) {
                replyGroupCheck(from, ErrorCode.ERR_INVALID_STATE, 0);
            } else {
                acceptor.noteCommitted(g.committedDecree());
                replyGroupCheck(from, ErrorCode.ERR_OK, 0);
            }
        } else {
            refuseLearner(from, message);
        }
        return this;
    }

    private RoleState onConfig(PartitionConfig config) {
        if (config == null || !ctx.adoptIfNewer(config)) {
            return this;
        }
        acceptor.clearBuffer();
        if (config.isPrimary(ctx.self)) {
            return PrimaryState.promote(ctx);
        }
        if (config.isSecondary(ctx.self)) {
            return this;
        }
        return new InactiveState(ctx);
    }
}
