package io.pegasus.server.replication;

import java.util.Objects;

/**
 * A change the primary asks the MetaServer (configuration manager) to make. PacificA: a replica never changes the
 * membership itself; the configuration manager accepts a proposal only if it carries the current ballot, and answers
 * with the new configuration (ballot + 1) or a rejection.
 *
 * @param ballot the proposer's ballot; the MetaServer rejects the proposal if it is not the current one
 */
public record ConfigProposal(Type type, NodeId node, long ballot) {

    public enum Type {
        /** Remove a secondary that failed to acknowledge a prepare or a group check. */
        REMOVE_SECONDARY,
        /** Make a learner that caught up a secondary. */
        UPGRADE_TO_SECONDARY
    }

    public ConfigProposal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(node, "node");
    }

    /** The configuration the MetaServer makes when it accepts this proposal on {@code current}. */
    public PartitionConfig applyTo(PartitionConfig current) {
        return switch (type) {
            case REMOVE_SECONDARY -> current.nextWithoutSecondary(node);
            case UPGRADE_TO_SECONDARY -> current.nextWithSecondary(node);
        };
    }
}
