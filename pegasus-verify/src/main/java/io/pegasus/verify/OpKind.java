package io.pegasus.verify;

/**
 * The operations of the register model a history is checked against: one register per key, holding a string or
 * nothing (absent).
 */
public enum OpKind {
    /** Reads the value; result in {@link Op#readValue()} (null = absent). */
    GET,
    /** Writes {@link Op#value()}. */
    SET,
    /** Makes the key absent. */
    DEL,
    /**
     * Adds {@link Op#delta()} to the value read as a decimal integer (absent counts as 0); result in
     * {@link Op#incrResult()}. Pegasus stores the result as decimal text.
     */
    INCR,
    /**
     * Compare-and-set: if the value equals {@link Op#expected()} (null = the key must be absent), write
     * {@link Op#value()}; result in {@link Op#casSucceeded()}.
     */
    CAS
}
