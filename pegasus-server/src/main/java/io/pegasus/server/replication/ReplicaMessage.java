package io.pegasus.server.replication;

import io.pegasus.base.ErrorCode;
import java.util.List;

/**
 * Messages between the replicas of one partition. The driver maps them to the wire and routes them by partition;
 * delivery may lose, duplicate or reorder them, and every handler tolerates that.
 */
public sealed interface ReplicaMessage {

    /** Ballot value for "unknown" in {@link Prepare#previousBallot()}. */
    long NO_BALLOT = -1;

    /**
     * Primary to secondary (and to a learner being caught up): log this mutation and acknowledge it. PacificA's
     * prepare, with the primary's committed decree piggybacked so the receiver can commit.
     *
     * @param config the sender's configuration; a receiver with a lower ballot adopts it
     * @param previousBallot ballot of the sender's mutation at {@code decree - 1}, or {@link #NO_BALLOT} if that
     *     decree is committed and no longer in memory; the receiver places the mutation only if its own entry there
     *     matches (or is committed), so it never keeps a mutation after a stale one
     */
    record Prepare(PartitionConfig config, Mutation mutation, long committedDecree, long previousBallot)
            implements ReplicaMessage {}

    /**
     * Secondary or learner to primary: mutation {@code (mutationBallot, decree)} is durable in my log (error OK), or
     * it was refused.
     *
     * @param ballot the sender's ballot when it answered
     */
    record PrepareAck(long ballot, long mutationBallot, long decree, ErrorCode error) implements ReplicaMessage {}

    /**
     * Primary to every secondary and learner, periodically and after each configuration change: this is the
     * configuration, this is my committed decree, and this is your role.
     *
     * @param learnSignature for a learner, the learning session it must use; 0 for secondaries
     */
    record GroupCheck(PartitionConfig config, long committedDecree, Role assignedRole, long learnSignature)
            implements ReplicaMessage {}

    /** Answer to {@link GroupCheck}: my ballot, role and decrees, or an error if I cannot play the assigned role. */
    record GroupCheckReply(
            long ballot, ErrorCode error, Role role, long learnSignature, long committedDecree, long preparedDecree)
            implements ReplicaMessage {}

    /**
     * Learner to primary: I have committed {@code committedDecree}; send me what follows.
     *
     * @param round numbers the learner's requests, so that a late or duplicated answer to an earlier one is ignored
     */
    record LearnRequest(long ballot, long learnSignature, long round, long committedDecree) implements ReplicaMessage {}

    /**
     * Primary to learner: the learner is close behind, here is everything after its committed decree from memory
     * (committed and prepared); from now on the primary also forwards its new prepares.
     */
    record LearnCatchUp(long ballot, long learnSignature, long round, List<Mutation> mutations, long committedDecree)
            implements ReplicaMessage {
        public LearnCatchUp {
            mutations = List.copyOf(mutations);
        }
    }

    /** Primary to learner: install this state (checkpoint and/or log mutations), then ask again. */
    record LearnCopy(long ballot, long learnSignature, long round, LearnState state) implements ReplicaMessage {}

    /** Primary to learner: your learning session is unknown or the state could not be prepared. */
    record LearnRejected(long ballot, long learnSignature, long round, ErrorCode error) implements ReplicaMessage {}

    /** Learner to primary: I hold every mutation you sent me, logged; propose my upgrade to secondary. */
    record LearnCompleted(long ballot, long learnSignature, long preparedDecree) implements ReplicaMessage {}
}
