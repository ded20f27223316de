package io.pegasus.chaos.nemesis;

/** What the nemesis does next, after waiting {@link #delayMillis()}. */
public sealed interface NemesisStep {
    long delayMillis();

    /**
     * Inflict a fault. With {@code aimAtLeader} the executor may move a MetaServer fault to the current leader
     * (which the planner cannot know), if the leader carries no fault.
     */
    record Start(Fault fault, boolean aimAtLeader, long delayMillis) implements NemesisStep {}

    /** Undo a fault that is active. */
    record Heal(Fault fault, long delayMillis) implements NemesisStep {}

    /** Nothing allowed to start and nothing to heal. */
    record Idle(long delayMillis) implements NemesisStep {}
}
