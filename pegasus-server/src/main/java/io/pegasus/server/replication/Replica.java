package io.pegasus.server.replication;

import java.util.List;
import java.util.Objects;

/**
 * One partition replica's PacificA protocol as a pure state machine (STYLE 1): the driver feeds it
 * {@link ReplicaEvent}s and performs the {@link ReplicaAction}s it returns (network sends, log appends, storage
 * applies, client replies, MetaServer proposals). It does no IO, reads no clock and starts no thread, so the whole
 * protocol runs in deterministic tests. Not thread-safe: the driver calls it from one thread (or under one lock) per
 * replica.
 *
 * <p>The behaviour of each role lives in its own class: {@link PrimaryState}, {@link SecondaryState},
 * {@link LearnerState}, {@link InactiveState}, {@link ErrorState}. docs/replication.md maps each to the rules of the
 * PacificA paper (Lin et al., 2008).
 *
 * <p>A replica starts {@link Role#INACTIVE}, whether brand new or reopened from disk, and takes a role only from a
 * MetaServer configuration or a primary's invitation to learn.
 */
public final class Replica {

    private final ReplicaContext ctx;
    private RoleState state;

    private Replica(ReplicaContext ctx) {
        this.ctx = ctx;
        this.state = new InactiveState(ctx);
    }

    /** A brand-new, empty replica. */
    public static Replica create(NodeId self, ReplicaOptions options) {
        return recover(self, options, RecoveredState.fresh());
    }

    /** A replica reopened from disk: its log tail is held as prepared (logged, uncommitted). */
    public static Replica recover(NodeId self, ReplicaOptions options, RecoveredState recovered) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(options, "options");
        PrepareList list = new PrepareList(recovered.committedDecree(), options.mutationCacheSize());
        for (Mutation m : recovered.uncommitted()) {
            list.append(m, true);
        }
        return new Replica(new ReplicaContext(self, options, recovered.config(), list));
    }

    /**
     * Handles one event at {@code nowMillis}, the driver's monotonic clock as it hands the event over; returns the
     * actions to perform, in order. The time only moves the replica's clock forward, so that whatever the event sends
     * is stamped with the time it is really sent; timeouts are still checked on ticks, at each tick's own time. With
     * the clock set by ticks alone, a prepare sent after the ticks had stalled for a while (the node's ticker busy with
     * something slow) carried the time of the last tick, and the first tick after the stall declared it overdue at
     * once: a healthy secondary proposed for removal while its acknowledgement was on its way.
     */
    public List<ReplicaAction> handle(ReplicaEvent event, long nowMillis) {
        ctx.nowMillis = Math.max(ctx.nowMillis, nowMillis);
        return handle(event);
    }

    /** Handles one event with the clock of the last tick (the simulation's and the scenario tests' way). */
    public List<ReplicaAction> handle(ReplicaEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof ReplicaEvent.Tick t) {
            ctx.nowMillis = Math.max(ctx.nowMillis, t.nowMillis());
            ctx.tickMillis = Math.max(ctx.tickMillis, t.nowMillis());
        } else if (event instanceof ReplicaEvent.LeaseExpired) {
            ctx.leaseValid = false;
        } else if (event instanceof ReplicaEvent.LeaseRenewed) {
            ctx.leaseValid = true;
        }
        RoleState before = state;
        RoleState after = before.handle(event);
        if (after != before) {
            before.leave();
            state = after;
            if (after.role() != before.role()) {
                ctx.emit(new ReplicaAction.RoleChanged(before.role(), after.role(), ctx.config));
            }
        }
        return ctx.drainActions();
    }

    public NodeId self() {
        return ctx.self;
    }

    public Role role() {
        return state.role();
    }

    public ReplicaStatus status() {
        PrepareList list = ctx.prepareList;
        return new ReplicaStatus(
                ctx.self,
                state.role(),
                ctx.config,
                list.committedDecree(),
                list.preparedDecree(),
                ctx.leaseValid,
                state.serving(),
                state.queuedWrites(),
                state.learners());
    }
}
