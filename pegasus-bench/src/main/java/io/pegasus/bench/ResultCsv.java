package io.pegasus.bench;

import java.util.List;
import java.util.Locale;

/** The raw results as CSV: one line per run, latencies in microseconds. Also the worker-to-driver format. */
final class ResultCsv {
    static final String HEADER = "system,workload,threads,seconds,operations,failed,ops_per_sec,p50_us,p99_us,p999_us";

    private ResultCsv() {}

    static String of(List<RunResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (RunResult r : results) {
            sb.append(line(r)).append('\n');
        }
        return sb.toString();
    }

    static String line(RunResult r) {
        return String.format(
                Locale.ROOT,
                "%s,%s,%d,%.3f,%d,%d,%.1f,%d,%d,%d",
                r.system(),
                r.workload(),
                r.threads(),
                r.seconds(),
                r.operations(),
                r.failed(),
                r.opsPerSecond(),
                r.p50Micros(),
                r.p99Micros(),
                r.p999Micros());
    }

    /** The inverse of {@link #line}. */
    static RunResult parse(String line) {
        String[] f = line.trim().split(",");
        if (f.length != 10) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        return new RunResult(
                f[0],
                f[1],
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5]),
                Double.parseDouble(f[6]),
                Long.parseLong(f[7]),
                Long.parseLong(f[8]),
                Long.parseLong(f[9]));
    }
}
