package io.pegasus.server.replication;

import java.util.List;

/**
 * The unit of replication: one or more client writes that get one decree and are applied atomically.
 *
 * <p>{@code (ballot, decree)} identifies a mutation's content everywhere: only the primary of a ballot creates
 * mutations with that ballot, and a ballot is never reused by a primary that lost its memory (a restarted replica must
 * be given a higher ballot before it can be primary again). A new primary re-proposes the decrees it holds beyond its
 * committed decree with its own ballot (PacificA reconciliation); so for one decree, the version with the higher
 * ballot is the newer one.
 *
 * @param ballot ballot of the primary that (re)proposed it
 * @param decree position in the partition's sequence of mutations, from 1, without gaps
 * @param timestampMicros wall-clock time assigned by the primary, strictly increasing per primary; storage uses it
 *     (not its local clock) for time-dependent decisions so that every replica decides the same
 * @param writes the client writes, applied in order
 */
public record Mutation(long ballot, long decree, long timestampMicros, List<WriteRequest> writes) {

    public Mutation {
        if (decree < 1) {
            throw new IllegalArgumentException("decree must be >= 1: " + decree);
        }
        if (ballot < 1) {
            throw new IllegalArgumentException("ballot must be >= 1: " + ballot);
        }
        writes = List.copyOf(writes);
    }

    /** The same content re-proposed under another ballot. */
    public Mutation withBallot(long newBallot) {
        return new Mutation(newBallot, decree, timestampMicros, writes);
    }

    public int sizeBytes() {
        int size = 0;
        for (WriteRequest w : writes) {
            size += w.payload().sizeBytes();
        }
        return size;
    }

    @Override
    public String toString() {
        return "mutation{" + ballot + "." + decree + ", writes=" + writes.size() + "}";
    }
}
