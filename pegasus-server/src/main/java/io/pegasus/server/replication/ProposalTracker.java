package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The primary's configuration proposals to the MetaServer: one in flight at a time, removals before upgrades, each
 * carrying the current ballot, re-sent when unanswered. A configuration with a higher ballot settles the one in
 * flight, whoever made the change; a rejection is retried after {@code proposalRetryMillis} if still needed.
 */
final class ProposalTracker {

    private final ReplicaContext ctx;
    private final Set<NodeId> toRemove = new LinkedHashSet<>();
    private final Set<NodeId> toUpgrade = new LinkedHashSet<>();
    private ConfigProposal inFlight;
    private long sentAtMillis;
    private long notBeforeMillis = Long.MIN_VALUE;

    ProposalTracker(ReplicaContext ctx) {
        this.ctx = ctx;
    }

    void requestRemoval(NodeId secondary) {
        if (ctx.config.isSecondary(secondary) && toRemove.add(secondary)) {
            proposeNext();
        }
    }

    void requestUpgrade(NodeId learner) {
        if (!ctx.config.isMember(learner) && toUpgrade.add(learner)) {
            proposeNext();
        }
    }

    /** Forgets a learner's pending upgrade (it was dropped). */
    void cancelUpgrade(NodeId learner) {
        toUpgrade.remove(learner);
    }

    boolean removalRequested(NodeId node) {
        return toRemove.contains(node);
    }

    void onTick() {
        if (inFlight != null && ctx.tickMillis - sentAtMillis >= ctx.options.proposalRetryMillis()) {
            inFlight = null; // unanswered: ask again with the current ballot
        }
        proposeNext();
    }

    /** The configuration changed (ballot went up): drop what it settled and propose what is still needed. */
    void onConfig(PartitionConfig config) {
        toRemove.removeIf(n -> !config.isSecondary(n));
        toUpgrade.removeIf(config::isMember);
        if (inFlight != null && inFlight.ballot() < config.ballot()) {
            inFlight = null;
        }
        proposeNext();
    }

    void onReply(ReplicaEvent.ProposalReply reply) {
        if (!reply.proposal().equals(inFlight)) {
            return;
        }
        inFlight = null;
        if (reply.error() == ErrorCode.ERR_INVALID_VERSION) {
            // Our ballot is stale: the configuration in the reply settles it; ask again only if still needed.
            notBeforeMillis = ctx.nowMillis + ctx.options.proposalRetryMillis();
        } else if (reply.error() != ErrorCode.ERR_OK) {
            // The MetaServer will not make this change (e.g. the partition has its replicas): stop asking.
            toRemove.remove(reply.proposal().node());
            toUpgrade.remove(reply.proposal().node());
        }
    }

    private void proposeNext() {
        if (inFlight != null || ctx.nowMillis < notBeforeMillis) {
            return;
        }
        PartitionConfig config = ctx.config;
        toRemove.removeIf(n -> !config.isSecondary(n));
        toUpgrade.removeIf(config::isMember);
        ConfigProposal next = null;
        if (!toRemove.isEmpty()) {
            next = new ConfigProposal(
                    ConfigProposal.Type.REMOVE_SECONDARY, toRemove.iterator().next(), ctx.ballot());
        } else if (!toUpgrade.isEmpty()) {
            next = new ConfigProposal(
                    ConfigProposal.Type.UPGRADE_TO_SECONDARY,
                    toUpgrade.iterator().next(),
                    ctx.ballot());
        }
        if (next != null) {
            inFlight = next;
            sentAtMillis = ctx.nowMillis;
            ctx.emit(new ReplicaAction.ProposeToMeta(next));
        }
    }
}
