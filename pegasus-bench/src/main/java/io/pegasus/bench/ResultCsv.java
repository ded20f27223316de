package io.pegasus.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The raw results as CSV: one line per run, latencies in microseconds, steal in percent of the machine's CPU time
 * (empty where unknown). {@link #line}/{@link #parse} are also the worker-to-driver format; the file ({@link #of}) adds
 * each run's round, counted per cell in the order the runs came.
 */
final class ResultCsv {
    static final String HEADER =
            "system,workload,threads,seconds,operations,failed,ops_per_sec,p50_us,p99_us,p999_us,steal_pct,round";

    private ResultCsv() {}

    static String of(List<RunResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        Map<String, Integer> rounds = new HashMap<>();
        for (RunResult r : results) {
            sb.append(line(r))
                    .append(',')
                    .append(rounds.merge(r.cell(), 1, Integer::sum))
                    .append('\n');
        }
        return sb.toString();
    }

    static String line(RunResult r) {
        return String.format(
                Locale.ROOT,
                "%s,%s,%d,%.3f,%d,%d,%.1f,%d,%d,%d,%s",
                r.system(),
                r.workload(),
                r.threads(),
                r.seconds(),
                r.operations(),
                r.failed(),
                r.opsPerSecond(),
                r.p50Micros(),
                r.p99Micros(),
                r.p999Micros(),
                Double.isNaN(r.stealPercent()) ? "" : String.format(Locale.ROOT, "%.1f", r.stealPercent()));
    }

    /** The inverse of {@link #line}. */
    static RunResult parse(String line) {
        String[] f = line.trim().split(",", -1);
        if (f.length != 11) {
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
                Long.parseLong(f[9]),
                f[10].isEmpty() ? Double.NaN : Double.parseDouble(f[10]));
    }
}
