package io.pegasus.client;

/**
 * {@link TimeoutAndOutcomeTest}'s cases with caller-thread IO off: every call through the client's shared connection
 * and its network thread. (A top-level class: surefire does not run nested ones.)
 */
class TimeoutAndOutcomeSharedConnectionTest extends TimeoutAndOutcomeTest {
    @Override
    boolean callerThreadIo() {
        return false;
    }
}
