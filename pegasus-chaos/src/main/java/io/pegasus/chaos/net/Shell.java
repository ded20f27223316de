package io.pegasus.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short administrative commands ({@code ip}, {@code tc}, {@code kill}) and reports their output. */
public final class Shell {
    private static final long TIMEOUT_SECONDS = 30;

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Shell() {}

    /** Runs {@code command}; a non-zero exit is returned, not thrown. */
    public static Result run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Runs {@code command} and fails with its output when it exits non-zero. */
    public static String check(List<String> command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): " + String.join(" ", command)
                    + (r.output().isEmpty() ? "" : "\n" + r.output()));
        }
        return r.output();
    }

    public static String check(String... command) {
        return check(List.of(command));
    }

    /** Sends {@code signal} (e.g. "STOP", "CONT") to a process; false when it no longer exists. */
    public static boolean signal(long pid, String signal) {
        return run(List.of("kill", "-" + signal, Long.toString(pid))).ok();
    }
}
