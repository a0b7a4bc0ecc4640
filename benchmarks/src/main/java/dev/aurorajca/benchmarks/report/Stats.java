package dev.aurorajca.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order statistics of a small sample (nearest-rank percentiles: no interpolation between runs). */
public final class Stats {

    private Stats() { }

    public static double median(List<Double> xs) {
        return percentile(xs, 50);
    }

    public static double percentile(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = sorted(xs);
        if (p == 50 && s.size() % 2 == 0) {
            return (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    /** n, min, median, p95, max. */
    public static Map<String, Object> summary(List<Double> xs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", xs.size());
        if (!xs.isEmpty()) {
            List<Double> s = sorted(xs);
            m.put("min", s.get(0));
            m.put("median", median(s));
            m.put("p95", percentile(s, 95));
            m.put("max", s.get(s.size() - 1));
        }
        return m;
    }

    private static List<Double> sorted(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s;
    }
}
