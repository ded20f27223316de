package io.pegasus.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The printed results: one row per system, workload and thread count, with the throughput and p99 relative to etcd's
 * in the same cell of the same run, and the goals checked for our system. Plain text and Markdown.
 *
 * <p>A cell may have been run in several rounds (systems interleaved within each round): a row then shows the round
 * with the median throughput, the range of all rounds' throughputs and the median round's steal time, and the ratio
 * to etcd is that of the two medians. One round in a burst of steal (a host that gives the VM's CPU to other guests for
 * tens of seconds) then moves the range, not the row.
 */
final class ResultTable {
    private static final String[] HEADER = {
        "system",
        "workload",
        "threads",
        "ops/s",
        "p50 us",
        "p99 us",
        "p999 us",
        "failed",
        "ops/s vs etcd",
        "p99 vs etcd",
        "rounds ops/s",
        "steal %"
    };

    /** Every run in the order it came, rounds of a cell in round order, grouped by cell in first-run order. */
    private final Map<String, List<RunResult>> cells = new LinkedHashMap<>();

    ResultTable(List<RunResult> results) {
        for (RunResult r : results) {
            cells.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
        }
    }

    /** Each cell's median round (by throughput; the lower of the two middle ones for an even count). */
    List<RunResult> medians() {
        return cells.values().stream().map(ResultTable::median).toList();
    }

    static RunResult median(List<RunResult> rounds) {
        List<RunResult> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(RunResult::opsPerSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    Optional<RunResult> etcdPeer(RunResult r) {
        return Optional.ofNullable(cells.get(RunResult.cell("etcd", r.workload(), r.threads())))
                .map(ResultTable::median);
    }

    private List<RunResult> rounds(RunResult r) {
        return cells.get(r.cell());
    }

    List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (RunResult r : medians()) {
            Optional<RunResult> etcd = etcdPeer(r);
            DoubleSummaryStatistics range =
                    rounds(r).stream().mapToDouble(RunResult::opsPerSecond).summaryStatistics();
            rows.add(new String[] {
                r.system(),
                r.workload(),
                Integer.toString(r.threads()),
                String.format(Locale.ROOT, "%.0f", r.opsPerSecond()),
                Long.toString(r.p50Micros()),
                Long.toString(r.p99Micros()),
                Long.toString(r.p999Micros()),
                Long.toString(r.failed()),
                etcd.filter(e -> e.opsPerSecond() > 0)
                        .map(e -> String.format(Locale.ROOT, "%.2fx", r.opsPerSecond() / e.opsPerSecond()))
                        .orElse("-"),
                etcd.filter(e -> e.p99Micros() > 0)
                        .map(e -> String.format(Locale.ROOT, "%.2fx", (double) r.p99Micros() / e.p99Micros()))
                        .orElse("-"),
                range.getCount() < 2 ? "-" : String.format(Locale.ROOT, "%.0f-%.0f", range.getMin(), range.getMax()),
                Double.isNaN(r.stealPercent()) ? "-" : String.format(Locale.ROOT, "%.0f", r.stealPercent())
            });
        }
        return rows;
    }

    String text() {
        List<String[]> rows = rows();
        int[] width = new int[HEADER.length];
        for (int c = 0; c < HEADER.length; c++) {
            width[c] = HEADER[c].length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendAligned(sb, HEADER, width);
        for (String[] row : rows) {
            appendAligned(sb, row, width);
        }
        return sb.toString();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        sb.append("|").append("---|".repeat(HEADER.length)).append("\n");
        for (String[] row : rows()) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The goals for our system against etcd at the same threads in the same run: throughput at least 3x on A
     * and B, 2x on C, and a p99 no higher. One line per cell where both were measured, from the median rounds; with
     * several rounds it also lists each round's ratio (ours to etcd's run right after it, in the same round).
     */
    List<String> goals() {
        List<String> lines = new ArrayList<>();
        for (RunResult r : medians()) {
            if (!r.system().equals("pegasus")) {
                continue;
            }
            double wanted = switch (r.workload()) {
                case "A", "B" -> 3.0;
                case "C" -> 2.0;
                default -> 0;
            };
            if (wanted == 0) {
                continue;
            }
            etcdPeer(r).filter(e -> e.opsPerSecond() > 0).ifPresent(e -> {
                double ratio = r.opsPerSecond() / e.opsPerSecond();
                boolean throughputMet = ratio >= wanted;
                boolean p99Met = r.p99Micros() <= e.p99Micros();
                lines.add(String.format(
                        Locale.ROOT,
                        "%s %2d threads: throughput %.2fx etcd (goal %.0fx) %s; p99 %d us vs etcd %d us %s%s",
                        r.workload(),
                        r.threads(),
                        ratio,
                        wanted,
                        throughputMet ? "MET" : "not met",
                        r.p99Micros(),
                        e.p99Micros(),
                        p99Met ? "MET" : "not met",
                        roundRatios(rounds(r), rounds(e))));
            });
        }
        return lines;
    }

    private static String roundRatios(List<RunResult> ours, List<RunResult> etcd) {
        int n = Math.min(ours.size(), etcd.size());
        if (n < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; rounds");
        for (int i = 0; i < n; i++) {
            double theirs = etcd.get(i).opsPerSecond();
            sb.append(
                    theirs > 0
                            ? String.format(Locale.ROOT, " %.2fx", ours.get(i).opsPerSecond() / theirs)
                            : " -");
        }
        return sb.toString();
    }

    private static void appendAligned(StringBuilder sb, String[] row, int[] width) {
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String cell = row[c];
            // names left-aligned, numbers right-aligned
            if (c < 2) {
                sb.append(cell).append(" ".repeat(width[c] - cell.length()));
            } else {
                sb.append(" ".repeat(width[c] - cell.length())).append(cell);
            }
        }
        sb.append('\n');
    }
}
