package io.pegasus.data;

import java.util.Arrays;

/** Small helpers for byte arrays: unsigned comparison, prefix tests and printable escaping. */
public final class Bytes {
    public static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {}

    /** Unsigned lexicographic comparison; a proper prefix sorts first (RocksDB's byte-wise order, spec 5.2). */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    public static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    public static boolean endsWith(byte[] data, byte[] suffix) {
        int off = data.length - suffix.length;
        return off >= 0 && Arrays.equals(data, off, data.length, suffix, 0, suffix.length);
    }

    /** True if {@code pattern} occurs anywhere in {@code data}; the empty pattern occurs everywhere. */
    public static boolean contains(byte[] data, byte[] pattern) {
        return indexOf(data, 0, data.length, pattern) >= 0;
    }

    /** Index of {@code pattern} in {@code data[from, to)}, or -1. */
    public static int indexOf(byte[] data, int from, int to, byte[] pattern) {
        int last = to - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A printable form of arbitrary bytes: printable ASCII as is, backslash and quote escaped, everything else as
     * {@code \xNN}. Used in logs, errors and the shell, so binary keys never corrupt a terminal.
     */
    public static String escape(byte[] data) {
        if (data == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(data.length + 8);
        for (byte b : data) {
            int c = b & 0xFF;
            if (c == '\\' || c == '"') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** Inverse of {@link #escape}. */
    public static byte[] unescape(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == 'x' && i + 3 < s.length()) {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                }
                out.write(n);
                i++;
                continue;
            }
            byte[] enc = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(enc, 0, enc.length);
        }
        return out.toByteArray();
    }

    /** Lower-case hex with no separators. */
    public static String hex(byte[] data) {
        StringBuilder sb = new StringBuilder(data.length * 2);
        for (byte b : data) {
            sb.append(HEX[(b >>> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return sb.toString();
    }

    /** Parses hex, ignoring whitespace. */
    public static byte[] fromHex(String hex) {
        String h = hex.replaceAll("\\s+", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
