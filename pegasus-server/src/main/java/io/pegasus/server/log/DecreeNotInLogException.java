package io.pegasus.server.log;

/**
 * {@link MutationLog#read} was asked for a decree the log has no entry for: never logged, truncated, or deleted by GC.
 * A learner asking for it needs a checkpoint instead.
 */
public final class DecreeNotInLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long decree;

    public DecreeNotInLogException(long decree, long firstDecree, long lastDecree) {
        super("decree " + decree + " is not in the mutation log (it holds decrees " + firstDecree + ".." + lastDecree
                + ")");
        this.decree = decree;
    }

    public long decree() {
        return decree;
    }
}
