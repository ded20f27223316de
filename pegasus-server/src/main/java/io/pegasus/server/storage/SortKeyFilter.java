package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import java.util.Arrays;

/**
 * The key filters of multi_get and scans (spec 4.9, end): NO_FILTER (0) passes everything; MATCH_ANYWHERE (1),
 * MATCH_PREFIX (2) and MATCH_POSTFIX (3) pass a key that contains / starts with / ends with the pattern, and every key
 * when the pattern is empty. Other type numbers are rejected with InvalidArgument before anything is read.
 */
final class SortKeyFilter {
    static final int NO_FILTER = 0;
    static final int MATCH_ANYWHERE = 1;
    static final int MATCH_PREFIX = 2;
    static final int MATCH_POSTFIX = 3;

    private SortKeyFilter() {}

    static boolean isValidType(int type) {
        return type >= NO_FILTER && type <= MATCH_POSTFIX;
    }

    /** Whether {@code data[from, to)} passes the filter; {@code type} must be valid. */
    static boolean matches(int type, byte[] pattern, byte[] data, int from, int to) {
        if (type == NO_FILTER || pattern.length == 0) {
            return true;
        }
        int len = to - from;
        if (len < pattern.length) {
            return false;
        }
        return switch (type) {
            case MATCH_ANYWHERE -> Bytes.indexOf(data, from, to, pattern) >= 0;
            case MATCH_PREFIX -> Arrays.equals(data, from, from + pattern.length, pattern, 0, pattern.length);
            case MATCH_POSTFIX -> Arrays.equals(data, to - pattern.length, to, pattern, 0, pattern.length);
            default -> throw new IllegalArgumentException("filter type " + type);
        };
    }
}
