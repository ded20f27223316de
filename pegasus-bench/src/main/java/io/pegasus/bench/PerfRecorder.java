package io.pegasus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records the whole machine with Linux {@code perf} during a cell's measured window ({@code bench --perf}) and reads
 * the recording back into a {@link PerfSummary}. Needs {@code perf} (Debian's {@code linux-perf}) and the right to
 * profile every process (root, or {@code kernel.perf_event_paranoid <= -1}).
 */
final class PerfRecorder {
    static final int FREQUENCY_HZ = 499;

    private PerfRecorder() {}

    /** Whether {@code perf} runs here; otherwise why not. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("perf", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : "perf --version failed";
        } catch (IOException e) {
            return "perf is not installed (Debian: apt-get install linux-perf)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A recording in progress: started after a delay (the cell's warm-up), for the measured seconds. */
    static final class Recording {
        private final Thread thread;
        private final Path file;
        private volatile Map<Integer, String> processes = Map.of();
        private volatile Process perf;
        private volatile String error;

        private Recording(Path file, double delaySeconds, double seconds) {
            this.file = file;
            this.thread = new Thread(() -> run(delaySeconds, seconds), "perf-record");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(double delaySeconds, double seconds) {
            try {
                Thread.sleep((long) (delaySeconds * 1000));
                processes = processesNow();
                Process p = new ProcessBuilder(
                                "perf",
                                "record",
                                "-a",
                                "-g",
                                "-q",
                                // a software clock: each sample is 1/F s of CPU, with or without a hardware PMU
                                "-e",
                                "cpu-clock",
                                "-F",
                                Integer.toString(FREQUENCY_HZ),
                                "-o",
                                file.toString(),
                                "--",
                                "sleep",
                                String.format(Locale.ROOT, "%.3f", seconds))
                        .redirectErrorStream(true)
                        .start();
                perf = p;
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    error = "perf record failed for " + file + ": " + output.strip();
                }
            } catch (IOException e) {
                error = "perf record could not run for " + file + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits for the recording, then adds its samples to {@code summary}; returns an error or null. */
        String addTo(PerfSummary summary) throws InterruptedException {
            thread.join(TimeUnit.MINUTES.toMillis(10));
            if (thread.isAlive()) {
                Process p = perf;
                if (p != null) {
                    p.destroyForcibly();
                }
                thread.interrupt();
                return "perf record of " + file + " did not end; stopped";
            }
            if (error != null) {
                return error;
            }
            try {
                Process p = new ProcessBuilder("perf", "script", "-i", file.toString(), "-F", "comm,pid,tid,ip,sym,dso")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    summary.add(processes, r);
                }
                return p.waitFor() == 0 ? null : "perf script failed on " + file;
            } catch (IOException | RuntimeException e) {
                return "perf script could not read " + file + ": " + e.getMessage();
            }
        }
    }

    static Recording start(Path file, double delaySeconds, double seconds) {
        return new Recording(file, delaySeconds, seconds);
    }

    /** What each running process is, by its command line (processes of no interest are left out). */
    static Map<Integer, String> processesNow() {
        Map<Integer, String> roles = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        try {
                            String role = role(Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1));
                            if (role != null) {
                                roles.put(Integer.parseInt(p.getFileName().toString()), role);
                            }
                        } catch (IOException | RuntimeException e) {
                            // the process ended meanwhile
                        }
                    });
        } catch (IOException e) {
            // no /proc: every sample counts under "other processes"
        }
        return roles;
    }

    /** A process's role from its NUL-separated command line, or null. */
    static String role(String cmdline) {
        String[] args = cmdline.split("\u0000");
        if (args.length == 0 || args[0].isEmpty()) {
            return null;
        }
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "io.pegasus.server.replica.ReplicaServerMain":
                    return "ReplicaServers";
                case "io.pegasus.server.meta.MetaServerMain":
                    return "MetaServers";
                case "io.pegasus.server.zk.ZooKeeperMain":
                    return "ZooKeeper";
                case "io.pegasus.bench.BenchMain":
                    return "bench driver";
                case "io.pegasus.bench.CellWorker":
                    return "client of " + (i + 1 < args.length ? args[i + 1] : "?") + " (YCSB + its client library)";
                default:
                    break;
            }
        }
        String exe = args[0].substring(args[0].lastIndexOf('/') + 1);
        if (exe.equals("etcd")) {
            return "etcd members";
        }
        if (exe.startsWith("redis-server")) {
            return "Redis";
        }
        return null;
    }
}
