package io.pegasus.client;

/**
 * The condition of checkAndSet / checkAndMutate ({@code cas_check_type}, spec 2.7 and 4.6). "Exists" means present
 * and not expired; byte comparisons are unsigned and lexicographic; integer checks parse both the value and the
 * operand as int64 (an existing value that is not an integer fails the call with status 4, not the check).
 */
public enum CheckType {
    NO_CHECK(0),
    VALUE_NOT_EXIST(1),
    VALUE_NOT_EXIST_OR_EMPTY(2),
    VALUE_EXIST(3),
    VALUE_NOT_EMPTY(4),
    VALUE_MATCH_ANYWHERE(5),
    VALUE_MATCH_PREFIX(6),
    VALUE_MATCH_POSTFIX(7),
    VALUE_BYTES_LESS(8),
    VALUE_BYTES_LESS_OR_EQUAL(9),
    VALUE_BYTES_EQUAL(10),
    VALUE_BYTES_GREATER_OR_EQUAL(11),
    VALUE_BYTES_GREATER(12),
    VALUE_INT_LESS(13),
    VALUE_INT_LESS_OR_EQUAL(14),
    VALUE_INT_EQUAL(15),
    VALUE_INT_GREATER_OR_EQUAL(16),
    VALUE_INT_GREATER(17);

    private final int code;

    CheckType(int code) {
        this.code = code;
    }

    /** The number sent on the wire. */
    public int code() {
        return code;
    }
}
