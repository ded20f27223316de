package io.pegasus.client;

/**
 * The condition of checkAndSet / checkAndMutate ({@code cas_check_type}, spec 2.7 and 4.6). "Exists" means present
 * and not expired; byte comparisons are unsigned and lexicographic; integer checks parse both the value and the
 * operand as int64 (an existing value that is not an integer fails the call with status 4, not the check).
 */
public enum CheckType {
    NO_CHECK,
    VALUE_NOT_EXIST,
    VALUE_NOT_EXIST_OR_EMPTY,
    VALUE_EXIST,
    VALUE_NOT_EMPTY,
    VALUE_MATCH_ANYWHERE,
    VALUE_MATCH_PREFIX,
    VALUE_MATCH_POSTFIX,
    VALUE_BYTES_LESS,
    VALUE_BYTES_LESS_OR_EQUAL,
    VALUE_BYTES_EQUAL,
    VALUE_BYTES_GREATER_OR_EQUAL,
    VALUE_BYTES_GREATER,
    VALUE_INT_LESS,
    VALUE_INT_LESS_OR_EQUAL,
    VALUE_INT_EQUAL,
    VALUE_INT_GREATER_OR_EQUAL,
    VALUE_INT_GREATER;

    /** The number sent on the wire (equal to the declaration order). */
    public int code() {
        return ordinal();
    }
}
