package io.pegasus.server.replication;

import java.util.List;

/**
 * What a learner installs to catch up: optionally a storage checkpoint, then committed mutations after it.
 *
 * <p>Installing (the driver's job) means: if there is a checkpoint, replace the replica's storage with it; apply the
 * mutations in order; discard the replica's mutation log and start it with these mutations, so that afterwards the
 * storage holds exactly decrees {@code <= lastDecree} and the log holds none beyond. Without a checkpoint, the
 * mutations start right after the learner's own committed decree, so its storage is kept.
 *
 * @param checkpointDecree decree contained in the checkpoint, or -1 without one
 * @param checkpoint the driver's handle on the checkpoint (e.g. a folder and file list on the primary), or null
 * @param mutations committed mutations, consecutive decrees ending at {@code lastDecree}
 * @param lastDecree the decree the learner has committed once this is installed
 */
public record LearnState(long checkpointDecree, Object checkpoint, List<Mutation> mutations, long lastDecree) {

    public LearnState {
        mutations = List.copyOf(mutations);
        if ((checkpoint == null) != (checkpointDecree < 0)) {
            throw new IllegalArgumentException("checkpoint handle and checkpoint decree must come together");
        }
        for (int i = 1; i < mutations.size(); i++) {
            if (mutations.get(i).decree() != mutations.get(i - 1).decree() + 1) {
                throw new IllegalArgumentException("learn mutations are not consecutive: " + mutations);
            }
        }
        if (!mutations.isEmpty()) {
            if (mutations.get(mutations.size() - 1).decree() != lastDecree) {
                throw new IllegalArgumentException("last mutation is not decree " + lastDecree);
            }
            if (checkpoint != null && mutations.get(0).decree() != checkpointDecree + 1) {
                throw new IllegalArgumentException("mutations do not start right after checkpoint " + checkpointDecree);
            }
        } else if (checkpoint != null && lastDecree != checkpointDecree) {
            throw new IllegalArgumentException("lastDecree must be the checkpoint's decree when no mutation follows");
        }
    }

    /** Mutations only, on top of the learner's storage that holds decrees {@code <= fromExclusive}. */
    public static LearnState ofMutations(long fromExclusive, List<Mutation> mutations) {
        long last = mutations.isEmpty()
                ? fromExclusive
                : mutations.get(mutations.size() - 1).decree();
        if (!mutations.isEmpty() && mutations.get(0).decree() != fromExclusive + 1) {
            throw new IllegalArgumentException("mutations do not start after decree " + fromExclusive);
        }
        return new LearnState(-1, null, mutations, last);
    }

    /** A checkpoint containing decrees {@code <= decree}, then the mutations after it. */
    public static LearnState ofCheckpoint(long decree, Object checkpoint, List<Mutation> after) {
        long last = after.isEmpty() ? decree : after.get(after.size() - 1).decree();
        return new LearnState(decree, checkpoint, after, last);
    }

    public boolean hasCheckpoint() {
        return checkpoint != null;
    }
}
