package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;

/**
 * PacificA learner (potential secondary): brings a replica up to date from the primary before it may join the
 * configuration.
 *
 * <p>Protocol, in rounds: send {@link ReplicaMessage.LearnRequest} with my committed decree. The primary answers
 * either {@link ReplicaMessage.LearnCopy} (a checkpoint and/or committed log mutations, which the driver installs;
 * then the next round starts from the new committed decree) or, once I am close enough that its memory covers the
 * gap, {@link ReplicaMessage.LearnCatchUp} with every mutation after my committed decree, committed or not; from then
 * on the primary also forwards new prepares, which I log and acknowledge like a secondary (they do not count for
 * commit). When everything handed over is logged I send {@link ReplicaMessage.LearnCompleted}; the primary proposes
 * my upgrade, and the configuration that names me secondary makes me one.
 *
 * <p>A learner never commits a mutation that did not come from its primary: committed-decree notes are ignored until
 * the catch-up is placed, and the catch-up covers every decree up to the primary's prepared one.
 */
final class LearnerState extends RoleState {

    private enum Phase {
        /** Waiting for the answer to the current round's request. */
        REQUESTING,
        /** The driver is installing a copied state. */
        INSTALLING,
        /** Logging the catch-up mutations; prepares are forwarded to us. */
        CATCHING_UP,
        /** Everything handed over is logged; waiting to be upgraded. */
        COMPLETED
    }

    private final long signature;
    private final PrepareAcceptor acceptor;
    private Phase phase;
    private long round;
    private long requestedAtMillis;
    private long lastHeardMillis;
    private long catchUpTarget;
    /** A new session the primary asked for while we were installing; started once the install ends. */
    private long pendingSignature;

    private LearnerState(ReplicaContext ctx, long signature) {
        super(ctx);
        this.signature = signature;
        this.acceptor = new PrepareAcceptor(ctx);
        this.lastHeardMillis = ctx.nowMillis;
    }

    /**
     * Starts a learning session. The uncommitted tail is kept: entries in it may be ones this replica acknowledged
     * to this very primary in an earlier session (it restarted while joining), which the primary may have counted
     * for commit. Stale entries in it are replaced by the catch-up (same rule as for secondaries), and nothing of
     * it commits before the catch-up is placed.
     */
    static LearnerState start(ReplicaContext ctx, long signature) {
        LearnerState learner = new LearnerState(ctx, signature);
        learner.request();
        return learner;
    }

    @Override
    Role role() {
        return Role.POTENTIAL_SECONDARY;
    }

    @Override
    RoleState handle(ReplicaEvent event) {
        if (event instanceof ReplicaEvent.Tick) {
            return onTick();
        } else if (event instanceof ReplicaEvent.MessageReceived r) {
            return onMessage(r.from(), r.message(), event);
        } else if (event instanceof ReplicaEvent.LogAppended a) {
            acceptor.onLogged(a.ballot(), a.decree());
            checkCompleted();
        } else if (event instanceof ReplicaEvent.LogFailed f) {
            // Tell the primary at once (a failed group check answer), so that it ends this session: a fresh replica
            // that joined this session would start its rounds again from 1, which the session ignores as old.
            if (ctx.config.hasPrimary()) {
                replyGroupCheck(ctx.config.primary(), ErrorCode.ERR_INVALID_STATE, signature);
            }
            if (phase != Phase.COMPLETED) {
                // Not yet completed: no upgrade of ours can be proposed, so the node may delete this copy and learn
                // anew. Once completed, the primary may be proposing us as secondary: we stay in error (reported,
                // never promoted) rather than come back empty under a configuration that names us.
                ctx.emit(new ReplicaAction.DiscardReplica(f.reason()));
            }
            return new ErrorState(ctx, f.reason());
        } else if (event instanceof ReplicaEvent.ConfigUpdate u) {
            return onConfig(u.config());
        } else if (event instanceof ReplicaEvent.ProposalReply p) {
            return onConfig(p.config());
        } else if (event instanceof ReplicaEvent.LearnStateInstalled i) {
            if (phase == Phase.INSTALLING) {
                // Storage and log were replaced: they now end at lastDecree, whatever the session.
                ctx.prepareList.resetTo(i.lastDecree());
                return afterInstall();
            }
        } else if (event instanceof ReplicaEvent.LearnStateInstallFailed) {
            if (phase == Phase.INSTALLING) {
                if (pendingSignature != 0) {
                    return LearnerState.start(ctx, pendingSignature);
                }
                // Asked again after the learn retry interval, not at once: what failed (a disk without room for the
                // checkpoint, say) is rarely gone a moment later, and each answer may cost the primary a checkpoint.
                // onTick asks once the learn timeout has passed since requestedAtMillis: set it back accordingly.
                round++;
                phase = Phase.REQUESTING;
                long wait = Math.min(ctx.options.learnRetryMillis(), ctx.options.learnTimeoutMillis());
                requestedAtMillis = ctx.nowMillis - ctx.options.learnTimeoutMillis() + wait;
            }
        } else {
            refuseClient(event);
        }
        return this;
    }

    private RoleState afterInstall() {
        if (pendingSignature != 0) {
            return LearnerState.start(ctx, pendingSignature);
        }
        request();
        return this;
    }

    private RoleState onTick() {
        long now = ctx.tickMillis;
        if (phase != Phase.INSTALLING && now - lastHeardMillis > 3 * ctx.options.groupCheckIntervalMillis()) {
            // The primary stopped talking to us: it dropped us or lost its role.
            return new InactiveState(ctx);
        }
        if (phase == Phase.REQUESTING && now - requestedAtMillis >= ctx.options.learnTimeoutMillis()) {
            request();
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
        boolean fromPrimary = from.equals(ctx.config.primary());
        if (fromPrimary) {
            lastHeardMillis = ctx.nowMillis;
        }
        if (message instanceof ReplicaMessage.Prepare p) {
            if (p.config().ballot() < ctx.ballot()) {
                refusePrepare(from, p, ErrorCode.ERR_VERSION_OUTDATED);
            } else if (phase == Phase.CATCHING_UP || phase == Phase.COMPLETED) {
                acceptor.onPrepare(p);
                checkCompleted();
            } else {
                acceptor.buffer(p);
            }
        } else if (message instanceof ReplicaMessage.GroupCheck g) {
            return onGroupCheck(from, g);
        } else if (message instanceof ReplicaMessage.LearnCatchUp c) {
            if (fromPrimary && c.learnSignature() == signature && c.round() == round && phase == Phase.REQUESTING) {
                onCatchUp(c);
            }
        } else if (message instanceof ReplicaMessage.LearnCopy c) {
            if (fromPrimary && c.learnSignature() == signature && c.round() == round && phase == Phase.REQUESTING) {
                phase = Phase.INSTALLING;
                ctx.emit(new ReplicaAction.InstallLearnState(signature, c.state()));
            }
        } else if (message instanceof ReplicaMessage.LearnRejected r) {
            if (fromPrimary && r.learnSignature() == signature) {
                if (r.error() == ErrorCode.ERR_GET_LEARN_STATE_FAILED) {
                    requestedAtMillis = ctx.nowMillis; // retried after the learn timeout
                } else {
                    return new InactiveState(ctx);
                }
            }
        } else {
            refuseLearner(from, message);
        }
        return this;
    }

    private RoleState onGroupCheck(NodeId from, ReplicaMessage.GroupCheck g) {
        if (g.config().ballot() < ctx.ballot()) {
            replyGroupCheck(from, ErrorCode.ERR_VERSION_OUTDATED, g.learnSignature());
        } else if (g.assignedRole() != Role.POTENTIAL_SECONDARY || !g.config().isPrimary(from)) {
            replyGroupCheck(from, ErrorCode.ERR_INVALID_STATE, g.learnSignature());
        } else if (g.learnSignature() != signature) {
            // The primary started a new session for us (it dropped the old one): start over, but never while the
            // driver is replacing storage and log under us.
            if (phase != Phase.INSTALLING) {
                return LearnerState.start(ctx, g.learnSignature());
            }
            pendingSignature = g.learnSignature();
            replyGroupCheck(from, ErrorCode.ERR_OK, signature);
        } else {
            if (phase == Phase.CATCHING_UP || phase == Phase.COMPLETED) {
                acceptor.noteCommitted(g.committedDecree());
            }
            replyGroupCheck(from, ErrorCode.ERR_OK, signature);
            if (phase == Phase.COMPLETED) {
                // The primary still checks us as a learner: our completion may have been lost, and nothing else
                // would send it again (the primary ignores a duplicate once it proposed the upgrade).
                sendCompleted();
            }
        }
        return this;
    }

    private void onCatchUp(ReplicaMessage.LearnCatchUp c) {
        PrepareList list = ctx.prepareList;
        phase = Phase.CATCHING_UP;
        acceptor.placeAll(c.mutations(), c.committedDecree());
        long last = c.mutations().isEmpty()
                ? list.committedDecree()
                : c.mutations().get(c.mutations().size() - 1).decree();
        catchUpTarget = Math.max(last, list.committedDecree());
        checkCompleted();
    }

    private void checkCompleted() {
        if (phase == Phase.CATCHING_UP && ctx.prepareList.loggedPrefix() >= catchUpTarget) {
            phase = Phase.COMPLETED;
            sendCompleted();
        }
    }

    private void sendCompleted() {
        ctx.send(
                ctx.config.primary(),
                new ReplicaMessage.LearnCompleted(ctx.ballot(), signature, ctx.prepareList.preparedDecree()));
    }

    private void request() {
        round++;
        phase = Phase.REQUESTING;
        requestedAtMillis = ctx.nowMillis;
        ctx.send(
                ctx.config.primary(),
                new ReplicaMessage.LearnRequest(ctx.ballot(), signature, round, ctx.prepareList.committedDecree()));
    }

    private RoleState onConfig(PartitionConfig config) {
        if (config == null) {
            return this;
        }
        NodeId teacher = ctx.config.primary();
        if (!ctx.adoptIfNewer(config)) {
            return this;
        }
        acceptor.clearBuffer();
        if (config.isPrimary(ctx.self)) {
            return PrimaryState.promote(ctx);
        }
        if (config.isSecondary(ctx.self)) {
            return new SecondaryState(ctx, acceptor);
        }
        if (teacher != null && teacher.equals(config.primary())) {
            return this; // same primary, another member changed: keep learning
        }
        return new InactiveState(ctx);
    }

    long signature() {
        return signature;
    }
}
