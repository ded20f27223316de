package io.pegasus.client;

/**
 * A key filter of multiGet and scans ({@code filter_type}, spec 2.7 and 4.9). For the MATCH types an empty pattern
 * passes every key; otherwise the key must contain, start with or end with the pattern bytes.
 */
public enum FilterType {
    NO_FILTER(0),
    MATCH_ANYWHERE(1),
    MATCH_PREFIX(2),
    MATCH_POSTFIX(3);

    private final int code;

    FilterType(int code) {
        this.code = code;
    }

    /** The number sent on the wire. */
    public int code() {
        return code;
    }
}
