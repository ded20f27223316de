package io.pegasus.client;

/**
 * A key filter of multiGet and scans ({@code filter_type}, spec 2.7 and 4.9). For the MATCH types an empty pattern
 * passes every key; otherwise the key must contain, start with or end with the pattern bytes.
 */
public enum FilterType {
    NO_FILTER,
    MATCH_ANYWHERE,
    MATCH_PREFIX,
    MATCH_POSTFIX;

    /** The number sent on the wire (equal to the declaration order). */
    public int code() {
        return ordinal();
    }
}
