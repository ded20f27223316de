package io.pegasus.verify;

/** How an operation ended, as its client saw it. */
public enum OpStatus {
    /** Acknowledged: it took effect exactly once, and its result is known. */
    OK,
    /** Definitely did not take effect (e.g. refused before being sent or by a routing error). */
    FAILED,
    /**
     * The client cannot tell (timeout, connection lost after sending): it may have taken effect, at any time after
     * its invocation, or never. A checker treats it as possibly applied and places it anywhere after invocation.
     */
    UNKNOWN
}
