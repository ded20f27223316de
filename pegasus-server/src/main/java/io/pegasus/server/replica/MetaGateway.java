package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.ConfigProposal;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.thrift.gpid;
import java.util.concurrent.CompletableFuture;

/** What replicas need from the MetaServer: proposals, and the node's lease. */
interface MetaGateway {
    /** The MetaServer's answer to a proposal: ERR_OK with the new configuration, or an error with the current one. */
    record ProposalOutcome(ErrorCode error, PartitionConfig config) {}

    CompletableFuture<ProposalOutcome> propose(gpid pid, ConfigProposal proposal);

    /**
     * The MetaServer's configuration of the partition now (asked now, not cached). Completes exceptionally when it
     * cannot be had; the replica asks again later.
     */
    CompletableFuture<PartitionConfig> queryConfig(gpid pid, String tableName);

    /**
     * A primary of this node started serving: tell the MetaServer soon (it publishes a new partition's primary to
     * clients only once the primary serves). Best effort.
     */
    default void primaryServing(gpid pid) {}

    /** True while the node's lease from the MetaServer is valid, judged by the node's clock right now. */
    boolean leaseValid();
}
