package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.List;

/**
 * What the driver must do for a replica, returned by {@link Replica#handle} in the order to perform them. Log
 * actions ({@link AppendToLog}, {@link TruncateLog}) must reach the log in this order, and {@link Apply} actions must
 * reach storage in this order; message sends may be reordered by the network anyway.
 */
public sealed interface ReplicaAction {

    /** Send a message to another replica of the partition (best effort). */
    record Send(NodeId to, ReplicaMessage message) implements ReplicaAction {}

    /**
     * Append a mutation to this replica's log; report {@link ReplicaEvent.LogAppended} once it is durable (or
     * {@link ReplicaEvent.LogFailed}). An append for a decree already in the log with a lower ballot supersedes it.
     *
     * @param committedDecree this replica's committed decree at append time; logging it lets replay after a restart
     *     know that every decree up to it was committed
     */
    record AppendToLog(Mutation mutation, long committedDecree) implements ReplicaAction {}

    /**
     * Discard every logged mutation with a decree above {@code afterDecree} (they were never committed and a newer
     * primary replaced them). Must not come back after a restart.
     */
    record TruncateLog(long afterDecree) implements ReplicaAction {}

    /**
     * The mutation is committed: apply it to storage (atomically, in decree order). If {@code replyToClients}, this
     * node received its writes and the driver answers each client from the apply result.
     */
    record Apply(Mutation mutation, boolean replyToClients) implements ReplicaAction {}

    /** Serve this read from storage now: the replica is an active primary holding a valid lease. */
    record ServeRead(long requestId) implements ReplicaAction {}

    /** Answer a client request with this error (the request was not and will not be executed here). */
    record ReplyError(long requestId, ErrorCode error) implements ReplicaAction {}

    /**
     * These client writes were proposed but this replica can no longer tell whether they will commit (it lost the
     * primary role). Do not answer them; forget them (the client times out and retries).
     */
    record AbandonRequests(List<Long> requestIds) implements ReplicaAction {
        public AbandonRequests {
            requestIds = List.copyOf(requestIds);
        }
    }

    /** Send a configuration proposal to the MetaServer; its answer comes back as {@link ReplicaEvent.ProposalReply}. */
    record ProposeToMeta(ConfigProposal proposal) implements ReplicaAction {}

    /**
     * Ask the MetaServer for this partition's current configuration now (not a cached or earlier answer) and deliver
     * it as {@link ReplicaEvent.ConfigQueryReply} with the same id. A primary whose lease expired uses the answer to
     * learn whether it is still primary: only a query sent after the lease came back proves that.
     */
    record QueryConfig(long queryId) implements ReplicaAction {}

    /**
     * Persist this configuration (at least its ballot) durably before performing any later action, so that after a
     * restart the replica never accepts a configuration older than one it already acted on, and a primary that
     * restarts can never reuse its ballot (which would break the uniqueness of {@code (ballot, decree)}).
     */
    record PersistConfig(PartitionConfig config) implements ReplicaAction {}

    /**
     * Primary side: gather what {@code learner} needs after its committed decree, up to at least {@code upToDecree}
     * (committed here): log mutations if the log still holds them, otherwise a checkpoint plus the log after it.
     * Answer with {@link ReplicaEvent.LearnStatePrepared} or {@link ReplicaEvent.LearnStatePrepareFailed}.
     */
    record PrepareLearnState(
            NodeId learner, long learnSignature, long round, long learnerCommittedDecree, long upToDecree)
            implements ReplicaAction {}

    /**
     * Learner side: install this state as {@link LearnState} describes; answer with
     * {@link ReplicaEvent.LearnStateInstalled} or {@link ReplicaEvent.LearnStateInstallFailed}.
     */
    record InstallLearnState(long learnSignature, LearnState state) implements ReplicaAction {}

    /** The replica entered {@link Role#ERROR}: tell the MetaServer so it replaces this replica. */
    record ReportError(String reason) implements ReplicaAction {}

    /**
     * Remove this replica and its data from the node: a learner whose log failed before it completed its session.
     * Its copy holds nothing the members lack, and no configuration can name it (the primary proposes a learner's
     * upgrade only after its completion), while a failed log would make every later learn fail; removed, the node can
     * be asked to learn anew.
     */
    record DiscardReplica(String reason) implements ReplicaAction {}

    /** Informational: the replica's role changed (routing, metrics, logs). */
    record RoleChanged(Role from, Role to, PartitionConfig config) implements ReplicaAction {}
}
