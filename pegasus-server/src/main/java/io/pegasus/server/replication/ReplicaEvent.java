package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.Objects;

/**
 * Everything that can happen to a replica, fed to {@link Replica#handle}. Time enters only through {@link Tick}; the
 * driver sends one periodically (and may send one before any other event when it wants precise timeouts).
 */
public sealed interface ReplicaEvent {

    /** The driver's clock moved; timeouts are measured between ticks. Times never go backwards. */
    record Tick(long nowMillis) implements ReplicaEvent {}

    /**
     * A client write arrived at this node.
     *
     * @param receivedAtMicros the driver's wall clock when it arrived; the mutation's timestamp is derived from it
     */
    record ClientWrite(WriteRequest request, long receivedAtMicros) implements ReplicaEvent {
        public ClientWrite {
            Objects.requireNonNull(request, "request");
        }
    }

    /** A client read arrived; answered with {@link ReplicaAction.ServeRead} or an error. */
    record ClientRead(long requestId) implements ReplicaEvent {}

    /** A message from another replica of the partition. */
    record MessageReceived(NodeId from, ReplicaMessage message) implements ReplicaEvent {}

    /** An {@link ReplicaAction.AppendToLog} is durable. */
    record LogAppended(long ballot, long decree) implements ReplicaEvent {}

    /** The mutation log failed (write or sync error); the replica stops. */
    record LogFailed(String reason) implements ReplicaEvent {}

    /** The MetaServer's configuration for this partition (pushed after a change, or from a periodic sync). */
    record ConfigUpdate(PartitionConfig config) implements ReplicaEvent {}

    /**
     * The MetaServer's answer to a {@link ReplicaAction.QueryConfig}: its configuration when it received the query.
     */
    record ConfigQueryReply(long queryId, PartitionConfig config) implements ReplicaEvent {}

    /**
     * The MetaServer's answer to a {@link ReplicaAction.ProposeToMeta}.
     *
     * @param config the configuration after the change (OK), or the current one (rejection)
     */
    record ProposalReply(ConfigProposal proposal, ErrorCode error, PartitionConfig config) implements ReplicaEvent {}

    /** The MetaServer asks this primary to make {@code learner} a learner, to add it as a secondary later. */
    record AddLearner(long ballot, NodeId learner) implements ReplicaEvent {}

    /** The node's lease from the MetaServer expired: a primary stops serving and committing. */
    record LeaseExpired() implements ReplicaEvent {}

    /**
     * The node holds a valid lease again. Not enough for a primary to resume: it then asks the MetaServer
     * ({@link ReplicaAction.QueryConfig}) whether it is still primary.
     */
    record LeaseRenewed() implements ReplicaEvent {}

    /** Primary side: the state answering {@link ReplicaAction.PrepareLearnState} is ready. */
    record LearnStatePrepared(NodeId learner, long learnSignature, long round, LearnState state)
            implements ReplicaEvent {}

    /** Primary side: the state for a learner could not be prepared (e.g. checkpoint failed). */
    record LearnStatePrepareFailed(NodeId learner, long learnSignature, long round, String reason)
            implements ReplicaEvent {}

    /** Learner side: {@link ReplicaAction.InstallLearnState} finished; storage now holds decrees up to lastDecree. */
    record LearnStateInstalled(long learnSignature, long lastDecree) implements ReplicaEvent {}

    /** Learner side: installing failed (e.g. a copy error); the learner asks again. */
    record LearnStateInstallFailed(long learnSignature, String reason) implements ReplicaEvent {}
}
