package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;

/**
 * A replica that may hold stale state (just opened from disk, removed from the configuration, or cut off): it serves
 * nothing and refuses to act as a secondary, because it cannot know what it missed. It leaves this role only when the
 * MetaServer makes it primary under a higher ballot (it then reconciles), when a primary invites it as a learner, or
 * (a brand-new replica that never had a configuration) when a new partition's configuration names it secondary.
 */
final class InactiveState extends RoleState {

    InactiveState(ReplicaContext ctx) {
        super(ctx);
    }

    @Override
    Role role() {
        return Role.INACTIVE;
    }

    @Override
    RoleState handle(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.MessageReceived r) {
            return onMessage(r.from(), r.message());
        } else if (event instanceof ReplicaEvent.LogAppended a) {
            ctx.prepareList.markLogged(a.ballot(), a.decree());
        } else if (event instanceof ReplicaEvent.LogFailed f) {
            return new ErrorState(ctx, f.reason());
        } else if (event instanceof ReplicaEvent.ConfigUpdate u) {
            return onConfig(u.config());
        } else if (event instanceof ReplicaEvent.ProposalReply p) {
            return onConfig(p.config());
        } else if (event instanceof ReplicaEvent.LearnStateInstalled i) {
            // An install started while learning finished after we left that role: storage now ends there.
            ctx.prepareList.resetTo(i.lastDecree());
        } else {
            refuseClient(event);
        }
        return this;
    }

    private RoleState onMessage(NodeId from, ReplicaMessage message) {
        // A new partition's primary may reach a brand-new member before the MetaServer's configuration does (the
        // primary's group check or prepare races the push): it carries the same configuration, so the member takes
        // its role from it, exactly as onConfig would, instead of refusing and being removed for it.
        PartitionConfig carried = message instanceof ReplicaMessage.Prepare p
                ? p.config()
                : message instanceof ReplicaMessage.GroupCheck g && g.assignedRole() == Role.SECONDARY
                        ? g.config()
                        : null;
        if (carried != null && carried.isPrimary(from) && carried.isSecondary(ctx.self) && isBrandNew()) {
            RoleState next = onConfig(carried);
            if (next != this) {
                return next.handle(new ReplicaEvent.MessageReceived(from, message));
            }
        }
        if (message instanceof ReplicaMessage.Prepare p) {
            refusePrepare(from, p, ErrorCode.ERR_INVALID_STATE);
        } else if (message instanceof ReplicaMessage.GroupCheck g) {
            if (g.config().ballot() < ctx.ballot()) {
                replyGroupCheck(from, ErrorCode.ERR_VERSION_OUTDATED, g.learnSignature());
            } else if (g.assignedRole() == Role.POTENTIAL_SECONDARY
                    && g.config().isPrimary(from)) {
                ctx.adoptIfNewer(g.config());
                return LearnerState.start(ctx, g.learnSignature());
            } else {
                replyGroupCheck(from, ErrorCode.ERR_INVALID_STATE, g.learnSignature());
            }
        } else {
            refuseLearner(from, message);
        }
        return this;
    }

    /** Never had a configuration and holds nothing: what a replica of a partition being created looks like. */
    private boolean isBrandNew() {
        return ctx.ballot() == 0 && ctx.prepareList.preparedDecree() == 0;
    }

    private RoleState onConfig(PartitionConfig config) {
        if (config == null) {
            return this;
        }
        boolean brandNew = isBrandNew();
        if (!ctx.adoptIfNewer(config)) {
            return this;
        }
        if (config.isPrimary(ctx.self)) {
            return PrimaryState.promote(ctx);
        }
        if (brandNew && config.isSecondary(ctx.self)) {
            // Partition creation: an empty replica named secondary of a new partition holds exactly what a new
            // primary holds (nothing). A replica that ever had data must learn instead.
            return new SecondaryState(ctx, new PrepareAcceptor(ctx));
        }
        return this;
    }
}
