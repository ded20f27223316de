package io.pegasus.chaos.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a few measurements (a figure per fault, not per request). Pure. */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code p}-th percentile (0 < p <= 100) by nearest rank; NaN for no values. */
    public static double of(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** "n=.., p50=.., p99=.., max=.." with one decimal. */
    public static String summary(List<Double> values, String unit) {
        if (values.isEmpty()) {
            return "n=0";
        }
        return String.format(
                java.util.Locale.ROOT,
                "n=%d p50=%.1f%s p99=%.1f%s max=%.1f%s",
                values.size(),
                of(values, 50),
                unit,
                of(values, 99),
                unit,
                of(values, 100),
                unit);
    }
}
