package io.pegasus.server.replication;

/**
 * The role a replica plays in its partition. Mirrors Apache Pegasus's {@code partition_status} (spec 2.7) minus the
 * split state.
 */
public enum Role {
    /** Serves reads and writes; assigns decrees; drives commit and reconfiguration proposals. */
    PRIMARY,
    /** Logs the primary's prepares, acknowledges them, commits what the primary says is committed. */
    SECONDARY,
    /** A learner: copies the primary's state and log tail until it can be upgraded to secondary. */
    POTENTIAL_SECONDARY,
    /** Holds possibly stale state; serves nothing until the MetaServer's configuration gives it a role. */
    INACTIVE,
    /** Its mutation log failed; serves nothing and waits to be closed and replaced. */
    ERROR
}
