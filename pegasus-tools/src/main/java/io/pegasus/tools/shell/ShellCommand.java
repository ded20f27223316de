package io.pegasus.tools.shell;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.thrift.error_code;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * A shell command: picocli parses its words into fields, then {@link #run} does the work and writes through the
 * session's {@link Output}. A command fails by throwing; {@link Shell} turns that into "ERROR: ..." and a non-zero
 * status.
 */
abstract class ShellCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    protected final ShellContext ctx;

    ShellCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final Integer call() throws Exception {
        run();
        return 0;
    }

    protected abstract void run() throws Exception;

    protected Output out() {
        return ctx.out();
    }

    /** A key or value as typed: {@code \xNN}, {@code \\} and {@code \"} escapes allowed. */
    static byte[] bytes(String typed) {
        return Bytes.unescape(typed);
    }

    /** Bytes as shown: printable ASCII as is, anything else escaped, so that binary keys never garble a terminal. */
    static String show(byte[] data) {
        return data == null ? null : Bytes.escape(data);
    }

    /** Fails with the MetaServer's error (and hint, when it gave one) unless it is ERR_OK. */
    static void check(error_code err, String hint, String what) {
        ErrorCode code = error_code.codeOf(err);
        if (code != ErrorCode.ERR_OK) {
            throw new ShellException(
                    what + " failed: " + code.name() + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
        }
    }

    /** Unix seconds (or milliseconds with {@code millis}) as local time; "-" for 0. */
    static String time(long value, boolean millis) {
        if (value <= 0) {
            return "-";
        }
        return TIME.format(millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value));
    }
}
