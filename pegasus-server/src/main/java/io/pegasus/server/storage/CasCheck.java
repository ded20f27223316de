package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import io.pegasus.data.Int64Parser;
import java.util.OptionalLong;

/**
 * The check of check_and_set and check_and_mutate (spec 4.6, table "Check semantics"). {@code exists} means present
 * and live at the decree's time; {@code value} is then the checked record's user value.
 */
final class CasCheck {
    /** Outcome of a check. */
    enum Result {
        PASS,
        FAIL,
        /** An integer check on an existing record whose value or operand is not an int64: error 4. */
        INVALID
    }

    static final int MAX_TYPE = 17;

    private CasCheck() {}

    static boolean isValidType(int type) {
        return type >= 0 && type <= MAX_TYPE;
    }

    static Result evaluate(int type, boolean exists, byte[] value, byte[] operand) {
        return switch (type) {
            case 0 -> Result.PASS; // NO_CHECK
            case 1 -> of(!exists); // VALUE_NOT_EXIST
            case 2 -> of(!exists || value.length == 0); // VALUE_NOT_EXIST_OR_EMPTY
            case 3 -> of(exists); // VALUE_EXIST
            case 4 -> of(exists && value.length > 0); // VALUE_NOT_EMPTY
            case 5 -> of(exists && Bytes.contains(value, operand)); // MATCH_ANYWHERE
            case 6 -> of(exists && Bytes.startsWith(value, operand)); // MATCH_PREFIX
            case 7 -> of(exists && Bytes.endsWith(value, operand)); // MATCH_POSTFIX
            case 8, 9, 10, 11, 12 -> of(exists && relation(type - 8, Bytes.compare(value, operand)));
            case 13, 14, 15, 16, 17 -> intCheck(type - 13, exists, value, operand);
            default -> throw new IllegalArgumentException("check type " + type);
        };
    }

    /** Integer checks: a missing record fails without looking at the operand. */
    private static Result intCheck(int relation, boolean exists, byte[] value, byte[] operand) {
        if (!exists) {
            return Result.FAIL;
        }
        OptionalLong v = Int64Parser.parse(value);
        OptionalLong op = Int64Parser.parse(operand);
        if (v.isEmpty() || op.isEmpty()) {
            return Result.INVALID;
        }
        return of(relation(relation, Long.compare(v.getAsLong(), op.getAsLong())));
    }

    /** 0 LESS, 1 LESS_OR_EQUAL, 2 EQUAL, 3 GREATER_OR_EQUAL, 4 GREATER, applied to a comparison result. */
    private static boolean relation(int relation, int cmp) {
        return switch (relation) {
            case 0 -> cmp < 0;
            case 1 -> cmp <= 0;
            case 2 -> cmp == 0;
            case 3 -> cmp >= 0;
            case 4 -> cmp > 0;
            default -> throw new IllegalArgumentException("relation " + relation);
        };
    }

    private static Result of(boolean pass) {
        return pass ? Result.PASS : Result.FAIL;
    }
}
