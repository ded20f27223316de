package io.pegasus.data;

import java.util.OptionalLong;

/**
 * Parses a byte string as a signed 64-bit integer the way C's {@code strtoll(s, &end, 0)} does, requiring the whole
 * string to be consumed (spec 5.8): optional leading whitespace, optional sign, then {@code 0x}/{@code 0X} and hex
 * digits, or a leading {@code 0} and octal digits, or decimal digits. Empty strings, trailing bytes (including a
 * trailing space or a NUL) and values outside the int64 range are invalid.
 */
public final class Int64Parser {
    private Int64Parser() {}

    public static OptionalLong parse(byte[] s) {
        int i = 0;
        int n = s.length;
        while (i < n && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < n && digit(s[i + 2], 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && s[i] == '0') {
            base = 8;
        }
        int start = i;
        // magnitude accumulates as an unsigned number; the limit is 2^63 for negatives, 2^63 - 1 otherwise
        long limit = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        long value = 0;
        while (i < n) {
            int d = digit(s[i], base);
            if (d < 0) {
                break;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(limit - d, base)) > 0) {
                return OptionalLong.empty(); // overflow
            }
            value = value * base + d;
            i++;
        }
        if (i == start || i != n) {
            return OptionalLong.empty(); // no digits, or bytes after the number
        }
        return OptionalLong.of(negative ? -value : value);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    private static int digit(byte b, int base) {
        int d;
        if (b >= '0' && b <= '9') {
            d = b - '0';
        } else if (b >= 'a' && b <= 'z') {
            d = b - 'a' + 10;
        } else if (b >= 'A' && b <= 'Z') {
            d = b - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }
}
