package io.pegasus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Steal time: CPU time the hypervisor gave to other guests while this VM had work to run, from the first line of
 * {@code /proc/stat}. On the shared 2-core VMs these figures come from it varies from 0 to 30 % within a minute, and a
 * cell measured during a burst runs at about half speed (docs/benchmarks.md), so every cell records it.
 */
final class CpuSteal {
    /** Cumulative jiffies: steal and the sum of all states. */
    record Sample(long steal, long total) {}

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private CpuSteal() {}

    /** The machine's counters now, or null where there is no readable /proc/stat. */
    static Sample now() {
        try {
            return parse(Files.readAllLines(PROC_STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the aggregate "cpu" line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
    static Sample parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        // guest time (fields 9-10) is already counted in user and nice
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return new Sample(Long.parseLong(f[8]), total);
    }

    /** Steal as a percentage of all CPU time between two samples; NaN if either is missing or no time passed. */
    static double percent(Sample from, Sample to) {
        if (from == null || to == null || to.total() <= from.total()) {
            return Double.NaN;
        }
        return 100.0 * (to.steal() - from.steal()) / (to.total() - from.total());
    }
}
