package io.pegasus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where a cell's CPU went, from a system-wide {@code perf record -a -g} of its measured window: every sample is put
 * under the process it came from (ReplicaServers, client, etcd members...), the kind of thread (network, log, YCSB...)
 * and what it was doing (Java code, RocksDB, a system call and what on: socket or file, the kernel's scheduler and
 * interrupts), and the counts are turned into microseconds of CPU per operation of the cell.
 *
 * <p>JFR ({@code --jfr}) sees only Java frames: on these machines about half of the servers' CPU is in the kernel
 * (socket writes and reads, log writes, wake-ups), which only a profiler of the whole machine shows.
 *
 * <p>Input: the text of {@code perf script -F comm,pid,tid,ip,sym,dso}, one block per sample (a header line
 * {@code COMM PID/TID}, then one tab-indented line per frame {@code ADDRESS SYMBOL (DSO)}, leaf first), blocks
 * separated by a blank line.
 */
final class PerfSummary {
    /** A row of the summary: where a sample was. */
    record Place(String process, String threads, String activity) {}

    private final Map<Place, Long> samples = new HashMap<>();
    private long total;
    private long operations;

    /**
     * Adds the samples of one recording's {@code perf script} output.
     *
     * @param processes what each process id is (e.g. "ReplicaServers"); pid 0 is the idle CPUs, others are counted
     *     as "other processes"
     */
    void add(Map<Integer, String> processes, BufferedReader script) throws IOException {
        // parsed apart and merged at the end: a recording that fails half way adds nothing
        Map<Place, Long> parsed = new HashMap<>();
        String header = null;
        List<String[]> frames = new ArrayList<>();
        String line;
        while ((line = script.readLine()) != null) {
            if (line.isBlank()) {
                addSample(parsed, processes, header, frames);
                header = null;
                frames.clear();
            } else if (header == null) {
                header = line;
            } else {
                frames.add(frame(line));
            }
        }
        addSample(parsed, processes, header, frames);
        parsed.forEach((place, n) -> {
            samples.merge(place, n, Long::sum);
            total += n;
        });
    }

    /** Adds the operations the recorded window served (the cell's operations in that round). */
    void addOperations(long n) {
        operations += n;
    }

    long totalSamples() {
        return total;
    }

    Map<Place, Long> samples() {
        return samples;
    }

    private static void addSample(
            Map<Place, Long> into, Map<Integer, String> processes, String header, List<String[]> frames) {
        if (header == null || frames.isEmpty()) {
            return;
        }
        String h = header.trim();
        int space = h.lastIndexOf(' ');
        String comm = space < 0 ? "" : h.substring(0, space).trim();
        String ids = h.substring(space + 1);
        int slash = ids.indexOf('/');
        int pid;
        try {
            pid = Integer.parseInt(slash < 0 ? ids : ids.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a perf script sample header (COMM PID/TID): " + header);
        }
        String process = pid == 0 ? "idle" : processes.getOrDefault(pid, "other processes");
        String threads = pid == 0 ? "" : threadKind(comm);
        into.merge(new Place(process, threads, activity(frames)), 1L, Long::sum);
    }

    /** {symbol, dso} of a frame line "ADDRESS SYMBOL (DSO)". */
    private static String[] frame(String line) {
        String t = line.trim();
        int space = t.indexOf(' ');
        String rest = space < 0 ? "" : t.substring(space + 1);
        int open = rest.lastIndexOf(" (");
        if (open < 0) {
            return new String[] {rest, ""};
        }
        return new String[] {rest.substring(0, open), rest.substring(open + 2, rest.length() - 1)};
    }

    /** The kind of a thread, from its name (JVM threads keep theirs, truncated to 15 characters by the kernel). */
    static String threadKind(String comm) {
        if (comm.startsWith("multiThreadIo") || comm.startsWith("nioEventLoop") || comm.startsWith("epollEventLoop")) {
            return "network threads";
        }
        if (comm.startsWith("ycsb-")) {
            return "YCSB threads";
        }
        if (comm.contains("log")) {
            return "log threads";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return "GC";
        }
        if (comm.startsWith("rocksdb:")) {
            return "RocksDB background";
        }
        return "other threads";
    }

    /** What a sample's thread was doing, from its frames (leaf first). */
    static String activity(List<String[]> frames) {
        int syscall = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i)[0].equals("do_syscall_64")) {
                syscall = i;
                break;
            }
        }
        if (syscall >= 0) {
            String call = syscall == 0 ? "?" : frames.get(syscall - 1)[0];
            call = call.replace("__x64_sys_", "").replace("ksys_", "").replace("do_", "");
            String on = "";
            for (int i = 0; i < syscall; i++) {
                String s = frames.get(i)[0];
                if (s.startsWith("tcp_") || s.startsWith("sock_") || s.startsWith("inet_") || s.startsWith("unix_")) {
                    on = " (socket)";
                    break;
                }
                if (s.startsWith("ext4_")
                        || s.startsWith("filemap_")
                        || s.startsWith("generic_perform_write")
                        || s.startsWith("file_write_and_wait")) {
                    on = " (file)";
                    break;
                }
            }
            return "system call: " + call + on;
        }
        String dso = frames.get(0)[1];
        if (dso.contains("kernel")) {
            return "kernel: scheduler, interrupts";
        }
        if (dso.contains("/perf-") && dso.endsWith(".map")) {
            return "Java (compiled)";
        }
        if (dso.contains("rocksdb")) {
            return "RocksDB";
        }
        if (dso.endsWith("libjvm.so")) {
            return "JVM (interpreter, GC, runtime)";
        }
        if (dso.contains("libc.so") || dso.contains("libc-")) {
            return "libc";
        }
        String file = dso.substring(dso.lastIndexOf('/') + 1);
        return file.isEmpty() || file.equals("unknown") ? "other native code" : "native: " + file;
    }

    /**
     * The summary as text: each process, each kind of thread in it, and what they did, as microseconds of CPU per
     * operation (samples / frequency / operations) and as shares of all samples; rows under {@code minShare} % are
     * folded into their thread kind's total.
     */
    String text(int frequencyHz, double minShare) {
        double usPerSample = operations > 0 ? 1e6 / frequencyHz / operations : Double.NaN;
        // process -> kind of thread -> activity -> samples
        Map<String, Map<String, Map<String, Long>>> tree = new HashMap<>();
        samples.forEach((p, n) -> tree.computeIfAbsent(p.process(), k -> new HashMap<>())
                .computeIfAbsent(p.threads(), k -> new HashMap<>())
                .merge(p.activity(), n, Long::sum));
        long busy = total - processTotal(tree.getOrDefault("idle", Map.of()));
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%d samples, %d operations: %.1f us of CPU per operation (idle CPUs not counted)%n",
                total,
                operations,
                busy * usPerSample));
        for (var process : largestFirst(tree, PerfSummary::processTotal)) {
            out.append(line(process.getKey(), processTotal(process.getValue()), usPerSample, 0));
            for (var threads : largestFirst(process.getValue(), PerfSummary::threadsTotal)) {
                long n = threadsTotal(threads.getValue());
                // the idle CPUs have no kind of thread
                if (threads.getKey().isEmpty() || 100.0 * n / total < minShare) {
                    continue;
                }
                out.append(line(threads.getKey(), n, usPerSample, 1));
                for (var activity : largestFirst(threads.getValue(), Long::longValue)) {
                    if (100.0 * activity.getValue() / total >= minShare) {
                        out.append(line(activity.getKey(), activity.getValue(), usPerSample, 2));
                    }
                }
            }
        }
        return out.toString();
    }

    private static long threadsTotal(Map<String, Long> byActivity) {
        return byActivity.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long processTotal(Map<String, Map<String, Long>> byThreads) {
        return byThreads.values().stream().mapToLong(PerfSummary::threadsTotal).sum();
    }

    private static <V> List<Map.Entry<String, V>> largestFirst(Map<String, V> rows, ToLongFunction<V> size) {
        return rows.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, V> e) -> size.applyAsLong(e.getValue()))
                        .reversed())
                .toList();
    }

    private String line(String label, long n, double usPerSample, int depth) {
        return String.format(
                Locale.ROOT,
                "%s%-" + (44 - 2 * depth) + "s %8.1f us/op  %5.1f %%%n",
                "  ".repeat(depth),
                label,
                n * usPerSample,
                100.0 * n / total);
    }
}
