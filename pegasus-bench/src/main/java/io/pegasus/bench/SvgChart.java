package io.pegasus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The results as an SVG chart: one column per workload; the top row is throughput against client threads, the
 * bottom row p99 latency against client threads, both on log scales, since the in-process yardstick and etcd are
 * orders of magnitude apart. One line per system, colored as in the legend.
 */
final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int PANEL_W = 260;
    private static final int PANEL_H = 200;
    private static final int MARGIN_L = 70;
    private static final int MARGIN_T = 50;
    private static final int GAP = 40;

    private SvgChart() {}

    static String of(List<RunResult> results, String title) {
        List<String> workloads = distinct(results, RunResult::workload);
        List<String> systems = distinct(results, RunResult::system);
        List<Integer> threads = new ArrayList<>(
                new TreeSet<>(results.stream().map(RunResult::threads).toList()));
        int width = MARGIN_L + workloads.size() * (PANEL_W + GAP) + 20;
        int height = MARGIN_T + 2 * (PANEL_H + GAP + 20) + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width,
                height));
        svg.append(text(MARGIN_L, 20, escape(title), "font-size=\"14\" font-weight=\"bold\""));
        for (int s = 0; s < systems.size(); s++) {
            int x = MARGIN_L + s * 110;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"30\" width=\"14\" height=\"4\" fill=\"%s\"/>\n",
                    x,
                    color(systems, s)));
            svg.append(text(x + 18, 36, escape(systems.get(s)), ""));
        }
        for (int w = 0; w < workloads.size(); w++) {
            int x0 = MARGIN_L + w * (PANEL_W + GAP);
            String workload = workloads.get(w);
            List<RunResult> mine =
                    results.stream().filter(r -> r.workload().equals(workload)).toList();
            panel(svg, x0, MARGIN_T + 10, "workload " + workload + ": ops/s", mine, systems, threads, false);
            panel(
                    svg,
                    x0,
                    MARGIN_T + PANEL_H + GAP + 30,
                    "workload " + workload + ": p99 (us)",
                    mine,
                    systems,
                    threads,
                    true);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(
            StringBuilder svg,
            int x0,
            int y0,
            String title,
            List<RunResult> results,
            List<String> systems,
            List<Integer> threads,
            boolean p99) {
        svg.append(text(x0, y0 - 6, escape(title), "font-weight=\"bold\""));
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                x0,
                y0,
                PANEL_W,
                PANEL_H));
        double max = 0;
        double min = Double.MAX_VALUE;
        for (RunResult r : results) {
            double v = value(r, p99);
            if (v > 0) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        if (max == 0) {
            return;
        }
        Scale scale = Scale.log(min, max);
        for (double tick : scale.ticks()) {
            int y = y0 + PANEL_H - (int) Math.round(scale.fraction(tick) * PANEL_H);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>\n",
                    x0,
                    y,
                    x0 + PANEL_W,
                    y));
            svg.append(text(x0 - 4, y + 4, label(tick), "text-anchor=\"end\""));
        }
        for (int t = 0; t < threads.size(); t++) {
            svg.append(
                    text(xOf(x0, t, threads.size()), y0 + PANEL_H + 14, threads.get(t) + "", "text-anchor=\"middle\""));
        }
        svg.append(text(x0 + PANEL_W / 2, y0 + PANEL_H + 28, "client threads", "text-anchor=\"middle\""));
        for (int s = 0; s < systems.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (int t = 0; t < threads.size(); t++) {
                for (RunResult r : results) {
                    if (r.system().equals(systems.get(s)) && r.threads() == threads.get(t) && value(r, p99) > 0) {
                        int y = y0 + PANEL_H - (int) Math.round(scale.fraction(value(r, p99)) * PANEL_H);
                        int x = xOf(x0, t, threads.size());
                        points.append(x).append(',').append(y).append(' ');
                        svg.append(String.format(
                                Locale.ROOT,
                                "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>\n",
                                x,
                                y,
                                color(systems, s)));
                    }
                }
            }
            if (points.length() > 0) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                        points.toString().trim(),
                        color(systems, s)));
            }
        }
    }

    /** A system keeps its color whichever others are in the chart. */
    private static String color(List<String> systems, int index) {
        List<String> known = List.of("pegasus", "etcd", "redis", "rocksdb");
        int k = known.indexOf(systems.get(index));
        return COLORS[(k >= 0 ? k : known.size() + index) % COLORS.length];
    }

    private static int xOf(int x0, int index, int count) {
        return x0 + (int) Math.round((index + 0.5) * PANEL_W / count);
    }

    private static double value(RunResult r, boolean p99) {
        return p99 ? r.p99Micros() : r.opsPerSecond();
    }

    private static String label(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.0fM", v / 1_000_000);
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String text(int x, int y, String content, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>\n", x, y, attributes, content);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> distinct(List<RunResult> results, java.util.function.Function<RunResult, String> key) {
        List<String> out = new ArrayList<>();
        for (RunResult r : results) {
            if (!out.contains(key.apply(r))) {
                out.add(key.apply(r));
            }
        }
        return out;
    }

    /** Maps a value to [0, 1] of a panel's height, logarithmically, between powers of ten around the data. */
    private record Scale(double low, double high) {
        static Scale log(double min, double max) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            return new Scale(low, high <= low ? low * 10 : high);
        }

        double fraction(double v) {
            return (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            for (double v = low; v <= high * 1.0001; v *= 10) {
                ticks.add(v);
            }
            return ticks;
        }
    }
}
