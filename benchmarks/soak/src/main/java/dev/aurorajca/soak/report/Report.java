package dev.aurorajca.soak.report;

import dev.aurorajca.soak.server.Classify;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** summary.json and index.html of a soak run: pure functions of a {@link Run}. */
public final class Report {
    /** Threads and heap after GC must come back within this fraction of the start. */
    public static final double BASELINE_TOLERANCE = 0.05;
    public static final int MIN_FAULTS = 5;

    private Report() {
    }

    public static Map<String, Integer> errorsByKey(Run run) {
        Map<String, Integer> m = new TreeMap<>();
        for (Run.Err e : run.errs) {
            m.merge(e.key(), e.count(), Integer::sum);
        }
        return m;
    }

    public static int untyped(Map<String, Integer> byKey) {
        return byKey.entrySet().stream().filter(e -> !Classify.typed(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    static boolean within(double end, double start) {
        return end <= start * (1 + BASELINE_TOLERANCE);
    }

    public static Map<String, Object> summary(Run run) {
        Map<String, Integer> byKey = errorsByKey(run);
        int untyped = untyped(byKey);
        long recovered = run.faults.stream().filter(Fault::recovered).count();
        Map<String, Object> s = new LinkedHashMap<>();
        s.putAll(run.meta);
        s.put("durationS", run.durationS);
        s.put("ackedWrites", run.ackedWrites);
        s.put("missingWrites", run.missingWrites);
        s.put("missingSample", run.missingSample);
        s.put("untypedErrors", untyped);
        s.put("errorsBySqlState", byKey);
        Map<String, Long> ops = new TreeMap<>();
        for (Run.Sec x : run.secs) {
            ops.merge(x.kind(), (long) x.ok(), Long::sum);
        }
        s.put("successfulCalls", ops);
        List<Map<String, Object>> faults = new ArrayList<>();
        for (Fault f : run.faults) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind());
            m.put("at", Instant.ofEpochMilli(f.atMs()).toString());
            m.put("atS", Math.round((f.atMs() - run.t0) / 100.0) / 10.0);
            m.put("node", f.node());
            m.put("durationMs", f.durationMs());
            m.put("pauseMs", f.pauseMs());
            m.put("boundMs", f.boundMs());
            m.put("recovered", f.recovered());
            m.put("slowestThread", f.slowest());
            m.put("detail", f.detail());
            faults.add(m);
        }
        s.put("faults", faults);
        s.put("faultsRecovered", recovered);
        s.put("threadsStart", run.jvmStart.threads());
        s.put("threadsEnd", run.jvmEnd.threads());
        s.put("heapStartMb", mb(run.jvmStart.heapBytes()));
        s.put("heapEndMb", mb(run.jvmEnd.heapBytes()));
        s.put("threadGroupsChanged", groupDiff(run.jvmStart.groups(), run.jvmEnd.groups()));
        Map<String, Object> conns = new LinkedHashMap<>();
        int maxConn = 0;
        for (Map.Entry<Integer, int[]> e : run.connections.entrySet()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("start", e.getValue()[0]);
            c.put("max", e.getValue()[1]);
            c.put("end", e.getValue()[2]);
            maxConn = Math.max(maxConn, e.getValue()[1]);
            conns.put(String.valueOf(e.getKey()), c);
        }
        s.put("connectionsPerInstance", conns);
        s.put("connectionBoundPerInstance", run.connectionBound);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("noMissingWrites", run.missingWrites == 0 && run.ackedWrites > 0);
        checks.put("noUntypedErrors", untyped == 0);
        checks.put("atLeast5FaultsAllRecovered", run.faults.size() >= MIN_FAULTS && recovered == run.faults.size());
        checks.put("threadsBackToBaseline", within(run.jvmEnd.threads(), run.jvmStart.threads()));
        checks.put("heapBackToBaseline", within(run.jvmEnd.heapBytes(), run.jvmStart.heapBytes()));
        checks.put("connectionsWithinBound", maxConn <= run.connectionBound);
        s.put("checks", checks);
        s.put("passed", checks.values().stream().allMatch(Boolean.TRUE::equals));
        return s;
    }

    static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    static Map<String, String> groupDiff(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, String> d = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            int x = a.getOrDefault(k, 0);
            int y = b.getOrDefault(k, 0);
            if (x != y) {
                d.put(k, x + " -> " + y);
            }
        }
        return d;
    }

    // ---- index.html ---------------------------------------------------------------------------

    private static final int W = 1100;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int PANEL = 170;
    private static final int GAP = 38;

    public static String html(Run run, Map<String, Object> summary) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>aurora-jca soak ")
                .append(esc(String.valueOf(summary.get("startedAt")))).append("</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222}h1{font-size:20px;margin:0 0 4px}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}.card{border:1px solid #ccc;border-radius:6px;padding:8px 12px;min-width:140px}")
                .append(".card b{display:block;font-size:22px}.ok{background:#eaf7ea;border-color:#7c7}.bad{background:#fbeaea;border-color:#d77}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}")
                .append("th{background:#f3f3f3}.mono{font-family:monospace;font-size:12px}svg text{font:11px sans-serif}")
                .append("</style></head><body>\n");
        boolean passed = Boolean.TRUE.equals(summary.get("passed"));
        h.append("<h1>aurora-jca soak: ").append(passed ? "PASSED" : "FAILED").append("</h1>\n<div>")
                .append(esc(String.valueOf(summary.get("server")))).append(", ").append(summary.get("durationS"))
                .append(" s from ").append(esc(String.valueOf(summary.get("startedAt")))).append(". ")
                .append(esc(String.valueOf(summary.getOrDefault("machine", "")))).append("</div>\n");
        @SuppressWarnings("unchecked")
        Map<String, Boolean> checks = (Map<String, Boolean>) summary.get("checks");
        h.append("<div class=\"cards\">");
        card(h, "acked writes / missing", summary.get("ackedWrites") + " / " + summary.get("missingWrites"), checks.get("noMissingWrites"));
        card(h, "untyped errors", String.valueOf(summary.get("untypedErrors")), checks.get("noUntypedErrors"));
        card(h, "faults recovered in bound", summary.get("faultsRecovered") + " / " + run.faults.size(), checks.get("atLeast5FaultsAllRecovered"));
        card(h, "threads start / end", summary.get("threadsStart") + " / " + summary.get("threadsEnd"), checks.get("threadsBackToBaseline"));
        card(h, "heap after GC, MB", summary.get("heapStartMb") + " / " + summary.get("heapEndMb"), checks.get("heapBackToBaseline"));
        int maxConn = run.connections.values().stream().mapToInt(c -> c[1]).max().orElse(0);
        card(h, "max connections per instance", maxConn + " (bound " + run.connectionBound + ")", checks.get("connectionsWithinBound"));
        h.append("</div>\n");
        h.append(svg(run));
        h.append("<h2>Faults</h2><table><tr><th>at (s)</th><th>kind</th><th>node</th><th>lasted (ms)</th><th>pause (ms)</th><th>bound (ms)</th><th>recovered</th><th>slowest thread</th><th>detail</th></tr>\n");
        for (Fault f : run.faults) {
            h.append("<tr class=\"").append(f.recovered() ? "" : "bad").append("\"><td>")
                    .append(String.format(Locale.ROOT, "%.1f", (f.atMs() - run.t0) / 1000.0)).append("</td><td>").append(f.kind())
                    .append("</td><td>").append(f.node()).append("</td><td>").append(f.durationMs()).append("</td><td>")
                    .append(f.pauseMs()).append("</td><td>").append(f.boundMs()).append("</td><td>").append(f.recovered() ? "yes" : "NO")
                    .append("</td><td>").append(esc(String.valueOf(f.slowest()))).append("</td><td class=\"mono\">").append(esc(f.detail())).append("</td></tr>\n");
        }
        h.append("</table>\n<p>Pause: for every writer and reader thread, the time from the fault to the end of that thread's first successful call after it; the longest of these. Long-query threads (2 s calls) are left out.</p>\n");
        h.append("<h2>Errors the application saw</h2><table><tr><th>SQLState / key</th><th>count</th><th>typed</th></tr>");
        @SuppressWarnings("unchecked")
        Map<String, Integer> byKey = (Map<String, Integer>) summary.get("errorsBySqlState");
        byKey.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(v).append("</td><td>")
                .append(Classify.typed(k) ? "yes" : "<b>NO</b>").append("</td></tr>"));
        h.append("</table>\n");
        if (!run.errorSamples.isEmpty()) {
            h.append("<details><summary>error samples (t ms, kind, key, chain)</summary><pre class=\"mono\">");
            for (String x : run.errorSamples) {
                h.append(esc(x)).append('\n');
            }
            h.append("</pre></details>\n");
        }
        h.append("<h2>Connections per instance (SHOW PROCESSLIST, application user)</h2><table><tr><th>node</th><th>start</th><th>max</th><th>end</th></tr>");
        run.connections.forEach((k, c) -> h.append("<tr><td>").append(k).append("</td><td>").append(c[0]).append("</td><td>")
                .append(c[1]).append("</td><td>").append(c[2]).append("</td></tr>"));
        h.append("</table>\n<h2>Run</h2><pre class=\"mono\">").append(esc(Json.write(summary))).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, String label, String value, Boolean ok) {
        h.append("<div class=\"card ").append(Boolean.TRUE.equals(ok) ? "ok" : "bad").append("\">").append(esc(label))
                .append("<b>").append(esc(value)).append("</b></div>");
    }

    static String svg(Run run) {
        int secs = Math.max(1, run.durationS);
        int plotW = W - LEFT - RIGHT;
        int height = 3 * PANEL + 3 * GAP + 40;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\">\n")
                .append("<style>text{font:11px sans-serif}</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        java.util.function.DoubleUnaryOperator x = t -> LEFT + plotW * Math.max(0, Math.min(secs, t)) / secs;
        int[] tops = {GAP, 2 * GAP + PANEL, 3 * GAP + 2 * PANEL};
        String[] titles = {"throughput (successful calls per second)", "latency of successful calls, ms (log scale): p50 solid, p99 dashed",
                "errors per second (orange: typed 08S02/08007/08001, red: untyped)"};
        for (int p = 0; p < 3; p++) {
            s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(tops[p]).append("\" width=\"").append(plotW)
                    .append("\" height=\"").append(PANEL).append("\" fill=\"#fafafa\" stroke=\"#bbb\"/>\n");
            s.append("<text x=\"").append(LEFT).append("\" y=\"").append(tops[p] - 6).append("\" font-weight=\"bold\">").append(titles[p]).append("</text>\n");
        }
        // fault bands and markers over all panels
        for (Fault f : run.faults) {
            double at = (f.atMs() - run.t0) / 1000.0;
            double x0 = x.applyAsDouble(at);
            double x1 = Math.max(x0 + 1.5, x.applyAsDouble(at + Math.max(f.durationMs(), Math.max(0, f.pauseMs())) / 1000.0));
            String color = f.recovered() ? "#7b3fbf" : "#d00";
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.12\"/>%n",
                    x0, GAP, x1 - x0, 3 * PANEL + 2 * GAP, color));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.2\"/>%n",
                    x0, x0, GAP, GAP + 3 * PANEL + 2 * GAP, color));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" transform=\"rotate(-90 %.1f %d)\" text-anchor=\"end\">%s %dms</text>%n",
                    x0 + 11, GAP + 4, color, x0 + 11, GAP + 4, f.kind(), f.pauseMs()));
        }
        // throughput
        Map<String, double[]> tp = new LinkedHashMap<>();
        Map<String, double[]> p50 = new LinkedHashMap<>();
        Map<String, double[]> p99 = new LinkedHashMap<>();
        for (String k : new String[] {"write", "read", "long"}) {
            tp.put(k, nan(secs));
            p50.put(k, nan(secs));
            p99.put(k, nan(secs));
        }
        for (Run.Sec r : run.secs) {
            if (r.sec() < secs && tp.containsKey(r.kind())) {
                tp.get(r.kind())[r.sec()] = r.ok();
                p50.get(r.kind())[r.sec()] = r.p50() / 1000.0;
                p99.get(r.kind())[r.sec()] = r.p99() / 1000.0;
            }
        }
        for (double[] a : tp.values()) {
            for (int i = 0; i < a.length; i++) {
                if (Double.isNaN(a[i])) {
                    a[i] = 0;
                }
            }
        }
        double tmax = 10;
        for (String k : new String[] {"write", "read"}) {
            for (double v : tp.get(k)) {
                tmax = Math.max(tmax, v);
            }
        }
        tmax = niceCeil(tmax);
        Map<String, String> colors = Map.of("write", "#1f6fd1", "read", "#2a9d3a", "long", "#888");
        axisLinear(s, tops[0], tmax, plotW);
        for (String k : new String[] {"write", "read"}) {
            final double tm = tmax;
            poly(s, tp.get(k), x, v -> tops[0] + PANEL - PANEL * v / tm, colors.get(k), false);
        }
        legend(s, tops[0], "write transactions/s", colors.get("write"), 0);
        legend(s, tops[0], "reads/s", colors.get("read"), 1);
        // latency, log scale 0.1 ms .. 10 s
        double lo = Math.log10(0.1);
        double hi = Math.log10(10_000);
        java.util.function.DoubleUnaryOperator ly = v -> tops[1] + PANEL - PANEL * (Math.log10(Math.max(0.1, Math.min(10_000, v))) - lo) / (hi - lo);
        for (double v : new double[] {0.1, 1, 10, 100, 1000, 10_000}) {
            double y = ly.applyAsDouble(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, LEFT + plotW, y, y, LEFT - 4, y + 4, v < 1 ? "0.1" : String.valueOf((long) v)));
        }
        for (String k : new String[] {"write", "read"}) {
            poly(s, p50.get(k), x, ly, colors.get(k), false);
            poly(s, p99.get(k), x, ly, colors.get(k), true);
        }
        // long queries complete about once a second per thread: a dot per second with one
        double[] lp = p99.get("long");
        for (int i = 0; i < lp.length; i++) {
            if (!Double.isNaN(lp[i])) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"%s\"/>%n",
                        x.applyAsDouble(i + 0.5), ly.applyAsDouble(lp[i]), colors.get("long")));
            }
        }
        legend(s, tops[1], "write tx", colors.get("write"), 0);
        legend(s, tops[1], "read", colors.get("read"), 1);
        legend(s, tops[1], "long query (2 s)", colors.get("long"), 2);
        // errors
        double[] typed = new double[secs];
        double[] untyped = new double[secs];
        for (Run.Err e : run.errs) {
            if (e.sec() < secs) {
                (Classify.typed(e.key()) ? typed : untyped)[e.sec()] += e.count();
            }
        }
        double emax = 4;
        for (int i = 0; i < secs; i++) {
            emax = Math.max(emax, typed[i] + untyped[i]);
        }
        emax = Math.ceil(emax / 4) * 4;
        axisLinear(s, tops[2], emax, plotW);
        double bw = Math.max(1, (double) plotW / secs);
        for (int i = 0; i < secs; i++) {
            double bx = x.applyAsDouble(i);
            double ht = PANEL * typed[i] / emax;
            double hu = PANEL * untyped[i] / emax;
            if (ht > 0) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f39c12\"/>%n", bx, tops[2] + PANEL - ht, bw, ht));
            }
            if (hu > 0) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d00\"/>%n", bx, tops[2] + PANEL - ht - hu, bw, hu));
            }
        }
        // time axis
        int yAxis = tops[2] + PANEL;
        int step = secs <= 360 ? 30 : secs <= 1500 ? 120 : 300;
        for (int t = 0; t <= secs; t += step) {
            double tx = x.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d:%02d</text>%n",
                    tx, tx, yAxis, yAxis + 4, tx, yAxis + 16, t / 60, t % 60));
        }
        s.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(yAxis + 32)
                .append("\" text-anchor=\"middle\">time since the workload started (m:ss); shaded: a fault until healed or until its pause ended</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static void axisLinear(StringBuilder s, int top, double max, int plotW) {
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = top + PANEL - PANEL * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, LEFT + plotW, y, y, LEFT - 4, y + 4, v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)));
        }
    }

    private static void legend(StringBuilder s, int top, String label, String color, int i) {
        int lx = W - RIGHT - 170;
        int lyy = top + 14 + i * 14;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                lx, lx + 18, lyy - 4, lyy - 4, color, lx + 24, lyy, label));
    }

    private static void poly(StringBuilder s, double[] v, java.util.function.DoubleUnaryOperator x,
                             java.util.function.DoubleUnaryOperator y, String color, boolean dashed) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i <= v.length; i++) {
            boolean gap = i == v.length || Double.isNaN(v[i]);
            if (gap) {
                if (pts.length() > 0) {
                    s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.3\"")
                            .append(dashed ? " stroke-dasharray=\"3,2\" opacity=\"0.8\"" : "").append(" points=\"").append(pts).append("\"/>\n");
                    pts.setLength(0);
                }
                continue;
            }
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i + 0.5), y.applyAsDouble(v[i])));
        }
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
