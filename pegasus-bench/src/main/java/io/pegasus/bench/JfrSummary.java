package io.pegasus.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes in JFR recordings of a loaded server: CPU samples (jdk.ExecutionSample) by thread, by top frame,
 * and by the first frame in our own code ({@code io.pegasus}); and native samples (jdk.NativeMethodSample: threads
 * in native code, e.g. waiting in epoll or in fdatasync) by thread and top frame. Usage: JfrSummary FILE.jfr...
 */
public final class JfrSummary {
    private static final int TOP = 15;

    private final Map<String, Long> cpuByThread = new HashMap<>();
    private final Map<String, Long> cpuByTopFrame = new HashMap<>();
    private final Map<String, Long> cpuByOurFrame = new HashMap<>();
    private final Map<String, Long> nativeByThreadAndFrame = new HashMap<>();
    private long cpuSamples;
    private long nativeSamples;

    void add(RecordedEvent event) {
        String type = event.getEventType().getName();
        boolean cpu = type.equals("jdk.ExecutionSample");
        if (!cpu && !type.equals("jdk.NativeMethodSample")) {
            return;
        }
        String thread = threadGroup(
                event.getThread("sampledThread") == null
                        ? "?"
                        : event.getThread("sampledThread").getJavaName());
        RecordedStackTrace stack = event.getStackTrace();
        List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
        String top = frames.isEmpty() ? "?" : name(frames.get(0));
        if (cpu) {
            cpuSamples++;
            cpuByThread.merge(thread, 1L, Long::sum);
            cpuByTopFrame.merge(top, 1L, Long::sum);
            String ours = frames.stream()
                    .map(JfrSummary::name)
                    .filter(n -> n.startsWith("io.pegasus."))
                    .findFirst()
                    .orElse("(no io.pegasus frame)");
            cpuByOurFrame.merge(ours, 1L, Long::sum);
        } else {
            nativeSamples++;
            nativeByThreadAndFrame.merge(thread + "  in  " + top, 1L, Long::sum);
        }
    }

    String report() {
        StringBuilder sb = new StringBuilder();
        section(sb, "CPU samples by thread", cpuByThread, cpuSamples);
        section(sb, "CPU samples by top frame", cpuByTopFrame, cpuSamples);
        section(sb, "CPU samples by first io.pegasus frame", cpuByOurFrame, cpuSamples);
        section(sb, "native samples by thread and top frame", nativeByThreadAndFrame, nativeSamples);
        return sb.toString();
    }

    /** Numbered threads of one pool (pool-3-thread-7, nioEventLoop-2-4) count together. */
    static String threadGroup(String name) {
        return name.replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void section(StringBuilder sb, String title, Map<String, Long> counts, long total) {
        sb.append(String.format(Locale.ROOT, "%n%s (%d samples)%n", title, total));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP)
                .forEach(e -> sb.append(String.format(
                        Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    }

    public static void main(String[] args) throws IOException {
        JfrSummary summary = new JfrSummary();
        for (String file : args) {
            try (RecordingFile recording = new RecordingFile(Path.of(file))) {
                while (recording.hasMoreEvents()) {
                    summary.add(recording.readEvent());
                }
            }
        }
        System.out.print(summary.report());
    }
}
