package io.pegasus.server.agent;

/**
 * The node's lease from the MetaServer (node clock, milliseconds passed in: no clock inside). A beacon sent at
 * {@code t} and acknowledged by the leader extends the lease to {@code t + lease}: counting from the send time, not
 * the ack time, keeps the lease inside the MetaServer's grace period, which starts no earlier than the beacon's
 * arrival. Since grace > lease, a node that stops hearing from the leader stops serving before the leader can give
 * its replicas to others.
 */
final class LeaseTracker {
    /** A change of validity seen by {@link #check}. */
    enum Transition {
        NONE,
        RENEWED,
        EXPIRED
    }

    private final long leaseMs;
    private long expiryMs = Long.MIN_VALUE;
    private boolean wasValid;

    LeaseTracker(long leaseMs) {
        this.leaseMs = leaseMs;
    }

    /** A beacon sent at {@code sendTimeMs} was acknowledged by the leader. */
    void acked(long sendTimeMs) {
        expiryMs = Math.max(expiryMs, sendTimeMs + leaseMs);
    }

    boolean isValid(long nowMs) {
        return nowMs < expiryMs;
    }

    /** When the lease ends (or ended); {@link Long#MIN_VALUE} before the first ack. */
    long expiryMs() {
        return expiryMs;
    }

    /** Compares validity now with the last check: reports each renewal and each expiry once. */
    Transition check(long nowMs) {
        boolean valid = isValid(nowMs);
        if (valid == wasValid) {
            return Transition.NONE;
        }
        wasValid = valid;
        return valid ? Transition.RENEWED : Transition.EXPIRED;
    }
}
