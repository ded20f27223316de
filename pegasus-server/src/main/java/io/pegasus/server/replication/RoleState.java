package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.List;

/**
 * One role's behaviour (STYLE 3: one class per role). {@link #handle} returns the state to continue in: {@code this},
 * or a new state when the role changes; the {@link Replica} facade then calls {@link #leave()} on the old one.
 */
abstract class RoleState {

    protected final ReplicaContext ctx;

    RoleState(ReplicaContext ctx) {
        this.ctx = ctx;
    }

    abstract Role role();

    abstract RoleState handle(ReplicaEvent event);

    /** Called once when the replica switches to another state object; releases client requests it still owns. */
    void leave() {}

    /** True if a read would be served now. */
    boolean serving() {
        return false;
    }

    int queuedWrites() {
        return 0;
    }

    List<NodeId> learners() {
        return List.of();
    }

    /** Client requests reach only the primary; every other role refuses them so the client refreshes its routing. */
    protected void refuseClient(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.ClientWrite w) {
            ctx.emit(new ReplicaAction.ReplyError(w.request().requestId(), ErrorCode.ERR_INVALID_STATE));
        } else if (event instanceof ReplicaEvent.ClientRead r) {
            ctx.emit(new ReplicaAction.ReplyError(r.requestId(), ErrorCode.ERR_INVALID_STATE));
        }
    }

    protected void refusePrepare(NodeId from, ReplicaMessage.Prepare p, ErrorCode error) {
        Mutation m = p.mutation();
        ctx.send(from, new ReplicaMessage.PrepareAck(ctx.ballot(), m.ballot(), m.decree(), error));
    }

    protected void replyGroupCheck(NodeId to, ErrorCode error, long learnSignature) {
        PrepareList list = ctx.prepareList;
        ctx.send(
                to,
                new ReplicaMessage.GroupCheckReply(
                        ctx.ballot(), error, role(), learnSignature, list.committedDecree(), list.preparedDecree()));
    }

    /** Answers the primary-only learner messages when this replica is not (or no longer) that primary. */
    protected void refuseLearner(NodeId from, ReplicaMessage message) {
        if (message instanceof ReplicaMessage.LearnRequest r) {
            ctx.send(
                    from,
                    new ReplicaMessage.LearnRejected(
                            ctx.ballot(), r.learnSignature(), r.round(), ErrorCode.ERR_INVALID_STATE));
        } else if (message instanceof ReplicaMessage.LearnCompleted c) {
            ctx.send(
                    from,
                    new ReplicaMessage.LearnRejected(ctx.ballot(), c.learnSignature(), 0, ErrorCode.ERR_INVALID_STATE));
        }
    }

    /** Ballot a message was sent under, or -1 for messages that carry none. */
    protected static long ballotOf(ReplicaMessage message) {
        if (message instanceof ReplicaMessage.Prepare p) {
            return p.config().ballot();
        }
        if (message instanceof ReplicaMessage.GroupCheck g) {
            return g.config().ballot();
        }
        return -1;
    }

    /** The configuration a primary's message carries, or null. */
    protected static PartitionConfig configOf(ReplicaMessage message) {
        if (message instanceof ReplicaMessage.Prepare p) {
            return p.config();
        }
        if (message instanceof ReplicaMessage.GroupCheck g) {
            return g.config();
        }
        return null;
    }
}
