package io.pegasus.server.replication;

import java.util.List;

/**
 * What the driver found on disk when reopening a replica: the last persisted configuration, the decree storage has
 * applied, and the logged mutations after it.
 *
 * @param committedDecree decrees up to this are applied in storage (so certainly committed)
 * @param uncommitted logged mutations after {@code committedDecree}, consecutive, for each decree the version the log
 *     says is current (highest ballot, nothing beyond a truncation)
 */
public record RecoveredState(PartitionConfig config, long committedDecree, List<Mutation> uncommitted) {

    public RecoveredState {
        uncommitted = List.copyOf(uncommitted);
        long expect = committedDecree + 1;
        for (Mutation m : uncommitted) {
            if (m.decree() != expect) {
                throw new IllegalArgumentException("recovered mutations must follow decree " + (expect - 1) + ": " + m);
            }
            expect++;
        }
    }

    /** A brand-new replica: no configuration, nothing applied, nothing logged. */
    public static RecoveredState fresh() {
        return new RecoveredState(PartitionConfig.empty(), 0, List.of());
    }
}
