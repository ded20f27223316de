package io.pegasus.server.meta;

import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Learners the leader has asked primaries to add, so that it does not ask again on every tick. Soft state: a learner
 * that never turns into a secondary is forgotten after the learner timeout and another is chosen; a new leader
 * starts with none.
 */
public final class LearnerTracker {
    /** A learner asked for, valid until {@code deadlineMs}. */
    public record Pending(rpc_address learner, long deadlineMs) {}

    private final Map<gpid, Pending> pending = new HashMap<>();

    public void started(gpid pid, rpc_address learner, long deadlineMs) {
        pending.put(new gpid(pid), new Pending(learner, deadlineMs));
    }

    /** The learner still expected for {@code pid} at {@code nowMs}, if any; expired entries are removed. */
    public Optional<Pending> active(gpid pid, long nowMs) {
        Pending p = pending.get(pid);
        if (p == null) {
            return Optional.empty();
        }
        if (nowMs >= p.deadlineMs()) {
            pending.remove(pid);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    public void done(gpid pid) {
        pending.remove(pid);
    }

    /**
     * {@code node}'s process restarted: a learner asked of it before cannot be under way (the node may even have been
     * chosen in the seconds between its crash and its removal, while still counted as heard from), so its partitions
     * are asked for again at once rather than after the learner timeout.
     */
    public void restarted(rpc_address node) {
        pending.values().removeIf(p -> p.learner().equals(node));
    }
}
