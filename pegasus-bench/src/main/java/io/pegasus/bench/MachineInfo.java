package io.pegasus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One line saying which machine the figures came from: CPU model, cores, memory, OS and Java. */
final class MachineInfo {
    private MachineInfo() {}

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format(
                        Locale.ROOT,
                        "%.0f GiB",
                        Long.parseLong(v.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("? GiB");
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME")
                .map(v -> v.replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %s, %s, Java %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                memory,
                os,
                System.getProperty("java.version"));
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int sep = line.indexOf(line.contains(":") && !line.startsWith(key + "=") ? ':' : '=');
                if (line.startsWith(key) && sep > 0) {
                    return java.util.Optional.of(line.substring(sep + 1).trim());
                }
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
