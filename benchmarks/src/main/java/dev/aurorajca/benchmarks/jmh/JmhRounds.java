package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a JMH benchmark as many short rounds, one fork per (method, variant) per round, with the
 * variants' order rotating from round to round. On two shared, noisy cores a slow minute hits
 * every variant alike instead of whichever JMH would have run then; ratios are taken within a
 * round and reported as median and spread over rounds. Writes one JSON file to the output dir.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aurorajca.benchmarks.jmh.JmhRounds overhead [--rounds 6]
 * java -cp benchmarks/target/benchmarks.jar dev.aurorajca.benchmarks.jmh.JmhRounds dispatch [--rounds 3]
 * java -cp benchmarks/target/benchmarks.jar dev.aurorajca.benchmarks.jmh.JmhRounds monitoring|dispatch-monitoring|adapter|readwrite|selector|iam
 * </pre>
 * Options: {@code --rounds N --warmup N --iterations N --time-ms N --out DIR}.
 */
public final class JmhRounds {

    private JmhRounds() { }

    private static final List<String> MODES = List.of("overhead", "monitoring", "dispatch", "dispatch-monitoring", "adapter", "readwrite", "selector", "iam");

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !MODES.contains(args[0])) {
            System.err.println("usage: JmhRounds " + String.join("|", MODES) + " [--rounds N] [--warmup N] [--iterations N] [--time-ms N] [--out DIR]");
            System.exit(2);
        }
        String mode = args[0];
        boolean endToEnd = mode.equals("overhead") || mode.equals("monitoring") || mode.equals("readwrite");
        Map<String, String> opt = options(args);
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", endToEnd ? "6" : "3"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", endToEnd ? "2" : "5"));
        int iterations = Integer.parseInt(opt.getOrDefault("iterations", endToEnd ? "3" : "4"));
        int timeMs = Integer.parseInt(opt.getOrDefault("time-ms", endToEnd ? "1000" : "500"));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        String command = "java -cp benchmarks/target/benchmarks.jar " + JmhRounds.class.getName() + " " + String.join(" ", args);

        Plan plan = new Plan(rounds, warmup, iterations, timeMs);
        Map<String, Object> doc = new LinkedHashMap<>();
        String name = switch (mode) {
            case "overhead" -> "statement-overhead";
            case "monitoring" -> "monitoring-overhead";
            case "dispatch" -> "pipeline-dispatch";
            case "dispatch-monitoring" -> "pipeline-dispatch-monitoring";
            case "adapter" -> "adapter-handle";
            case "readwrite" -> "readwrite-switch";
            case "selector" -> "host-selector";
            default -> "iam-token";
        };
        doc.put("benchmark", name);
        doc.put("run", RunInfo.describe(command));
        doc.put("jmh", Map.of("rounds", rounds, "forksPerVariantPerRound", 1, "warmupIterations", warmup,
                "measurementIterations", iterations, "iterationMs", timeMs, "mode", "avgt"));
        switch (mode) {
            case "overhead", "monitoring" -> {
                try (SimCluster db = SimCluster.builder().nodes(1).proxies(false).start()) {
                    SimNode w = db.writer();
                    List<String> jvm = List.of("-Dbench.db.host=" + w.host(), "-Dbench.db.port=" + w.port(),
                            "-Dbench.db.name=" + db.database(), "-Dbench.db.user=" + db.user(), "-Dbench.db.password=" + db.password());
                    doc.put("server", "one cluster-sim MariaDB node, no proxy, " + w.host() + ", same server for every fork");
                    doc.put("connectorJ", Cli.CONNECTOR_J);
                    boolean efm = mode.equals("monitoring");
                    List<String> variants = efm ? List.of("mysql", "aurora", "aurora-efm") : List.of("mysql", "aurora", "aws");
                    List<String> methods = efm ? List.of("selectStatement", "selectPrepared")
                            : List.of("selectStatement", "selectPrepared", "insertPrepared");
                    Map<String, Map<String, List<Double>>> scores = plan.run(StatementOverheadBenchmark.class, "driver",
                            variants, methods, jvm, TimeUnit.MICROSECONDS, false);
                    doc.put("unit", "us/op");
                    if (efm) {
                        doc.put("variants", Map.of("mysql", "plain mysql-connector-j", "aurora", "plugins=failover",
                                "aurora-efm", "plugins=failover,host_monitoring_v2 (failureDetectionTime 30000, interval 5000, count 3)"));
                        doc.put("results", ratios(scores, "mysql", "aurora-efm"));
                        doc.put("efmVsFailoverOnly", ratios(scores, "aurora", "aurora-efm"));
                    } else {
                        doc.put("variants", Map.of("mysql", "plain mysql-connector-j", "aurora", "aurora-jca, plugins=failover",
                                "aws", "AWS Advanced JDBC Wrapper 4.3.0, wrapperPlugins=failover2 (default dialect detection)"));
                        doc.put("results", ratios(scores, "mysql", "aurora"));
                        doc.put("awsWrapperResults", ratios(scores, "mysql", "aws"));
                        doc.put("auroraVsAwsWrapper", ratios(scores, "aws", "aurora"));
                    }
                }
            }
            case "dispatch", "dispatch-monitoring" -> {
                List<String> variants = mode.equals("dispatch") ? List.of("raw", "none", "failover") : List.of("raw", "failover", "monitoring");
                Map<String, Map<String, List<Double>>> scores = plan.run(DispatchBenchmark.class, "target", variants,
                        List.of("connectionGetAutoCommit_1call", "statementExecute_1call", "preparedQueryRow_4calls", "prepareAndClose_2calls"),
                        List.of(), TimeUnit.NANOSECONDS, true);
                doc.put("unit", "ns/op");
                doc.put("results", addedPerCall(scores, "raw"));
                doc.put("allocatedBytesPerOp", allocation(plan));
            }
            case "adapter" -> {
                Map<String, Map<String, List<Double>>> scores = plan.run(AdapterHandleBenchmark.class, "target",
                        List.of("driver", "handle", "proxy"),
                        List.of("getAutoCommit_1call", "getTransactionIsolation_1call", "prepareAndClose_2calls", "preparedQueryRow_4calls"),
                        List.of(), TimeUnit.NANOSECONDS, true);
                doc.put("unit", "ns/op");
                doc.put("variants", Map.of("driver", "the logical driver connection (plugins=, stub physical connection)",
                        "handle", "ConnectionHandle from the adapter's DataSource over the same kind of logical connection",
                        "proxy", "a JDK dynamic proxy forwarding by reflection with the same funnel (the alternative design; "
                                + "wraps no statements, so only the forwarded 1-call rows compare like for like)"));
                doc.put("results", addedPerCall(scores, "driver"));
                doc.put("allocatedBytesPerOp", allocation(plan));
            }
            case "readwrite" -> {
                try (SimCluster db = SimCluster.builder().nodes(3).proxies(false).start()) {
                    SimNode w = db.writer();
                    List<String> jvm = List.of("-Dbench.db.host=" + w.host(), "-Dbench.db.port=" + w.port(),
                            "-Dbench.db.name=" + db.database(), "-Dbench.db.user=" + db.user(), "-Dbench.db.password=" + db.password(),
                            "-Dbench.db.cluster=" + db.dir().getFileName());
                    doc.put("server", "cluster-sim, 3 MariaDB nodes, no proxies (direct to the servers), one cluster for every fork");
                    doc.put("variants", Map.of("connectorj", "one plain mysql-connector-j connection: setReadOnly(true); setReadOnly(false)",
                            "rws", "plugins=read_write_splitting, reader connection cached (opened in setup)",
                            "rws-full", "plugins=read_write_splitting,failover,host_monitoring_v2, reader connection cached"));
                    Map<String, Map<String, List<Double>>> scores = plan.run(ReadWriteBenchmark.class, "driver",
                            List.of("connectorj", "rws", "rws-full"), List.of("switchPair", "selectOne"), jvm, TimeUnit.MICROSECONDS, true);
                    doc.put("unit", "us/op");
                    doc.put("results", medians(scores));
                    doc.put("allocatedBytesPerOp", allocation(plan));
                }
            }
            case "selector" -> {
                Map<String, Map<String, List<Double>>> scores = plan.run(HostSelectorBenchmark.class, "strategy",
                        List.of("random", "round_robin", "least_connections", "weighted_random", "highest_weight"),
                        List.of("select_8threads", "select_1thread"), List.of(), TimeUnit.NANOSECONDS, true);
                doc.put("unit", "ns/op (average time per select() call in each thread)");
                doc.put("threads", "select_8threads: 8 JMH threads on " + Runtime.getRuntime().availableProcessors() + " cores");
                doc.put("results", medians(scores));
                doc.put("allocatedBytesPerOp", allocation(plan));
            }
            default -> {
                Map<String, Map<String, List<Double>>> scores = plan.run(IamBenchmark.class, null, List.of("-"),
                        List.of("sign", "sdkRdsUtilities", "pluginConnectMiss", "pluginConnectHit"), List.of(), TimeUnit.MICROSECONDS, true);
                doc.put("unit", "us/op");
                doc.put("credentials", "StaticCredentialsProvider (fake keys); signing is local");
                doc.put("results", medians(scores));
                doc.put("allocatedBytesPerOp", allocation(plan));
            }
        }
        Path file = RunInfo.write(out, name, doc);
        System.out.println("wrote " + file);
    }

    private static Map<String, Object> allocation(Plan plan) {
        Map<String, Object> bytes = new LinkedHashMap<>();
        plan.allocation().forEach((m, byVariant) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            byVariant.forEach((v, xs) -> x.put(v, Stats.median(xs)));
            bytes.put(m, x);
        });
        System.out.println("allocated bytes/op (median): " + bytes);
        return bytes;
    }

    /** Per method and variant: every round's score and their median/min/max. */
    private static Map<String, Object> medians(Map<String, Map<String, List<Double>>> scores) {
        Map<String, Object> res = new LinkedHashMap<>();
        scores.forEach((method, byVariant) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            byVariant.forEach((v, xs) -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("perRound", xs);
                x.put("summary", Stats.summary(xs));
                m.put(v, x);
                System.out.printf("%-20s %-18s median %.3f (min %.3f, max %.3f)%n", method, v, Stats.median(xs), Stats.percentile(xs, 0),
                        Stats.percentile(xs, 100));
            });
            res.put(method, m);
        });
        return res;
    }

    /** Per method: each variant's per-round scores and the median, min and max of variant/baseline per round. */
    private static Map<String, Object> ratios(Map<String, Map<String, List<Double>>> scores, String base, String subject) {
        Map<String, Object> res = new LinkedHashMap<>();
        scores.forEach((method, byVariant) -> {
            List<Double> b = byVariant.get(base);
            List<Double> s = byVariant.get(subject);
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < Math.min(b.size(), s.size()); i++) {
                ratio.add(s.get(i) / b.get(i));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(base + "PerRound", b);
            m.put(subject + "PerRound", s);
            m.put(base + "Median", Stats.median(b));
            m.put(subject + "Median", Stats.median(s));
            m.put("ratioPerRound", ratio);
            m.put("ratio", Stats.summary(ratio));
            res.put(method, m);
            System.out.printf("%-18s %s %.2f us  %s %.2f us  ratio median %.3f (min %.3f, max %.3f)%n", method, base,
                    Stats.median(b), subject, Stats.median(s), Stats.median(ratio), Stats.percentile(ratio, 0), Stats.percentile(ratio, 100));
        });
        return res;
    }

    /** Per method: ns/op per variant, and what the driver adds per JDBC call over the raw stub. */
    private static Map<String, Object> addedPerCall(Map<String, Map<String, List<Double>>> scores, String base) {
        Map<String, Object> res = new LinkedHashMap<>();
        scores.forEach((method, byVariant) -> {
            int calls = Integer.parseInt(method.replaceAll(".*_(\\d+)calls?$", "$1"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("callsPerOp", calls);
            List<Double> raw = byVariant.get(base);
            for (Map.Entry<String, List<Double>> e : byVariant.entrySet()) {
                m.put(e.getKey() + "PerRound", e.getValue());
                m.put(e.getKey() + "Median", Stats.median(e.getValue()));
            }
            for (String v : byVariant.keySet()) {
                if (v.equals(base)) {
                    continue;
                }
                List<Double> added = new ArrayList<>();
                for (int i = 0; i < raw.size(); i++) {
                    added.add((byVariant.get(v).get(i) - raw.get(i)) / calls);
                }
                m.put(v + "AddedNsPerCall", Stats.summary(added));
                System.out.printf("%-32s %s %.1f ns/op  %s %.1f ns/op  added per call: median %.1f ns (min %.1f, max %.1f)%n", method,
                        base, Stats.median(raw), v, Stats.median(byVariant.get(v)), Stats.median(added), Stats.percentile(added, 0),
                        Stats.percentile(added, 100));
            }
            res.put(method, m);
        });
        return res;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    private record Plan(int rounds, int warmup, int iterations, int timeMs,
                        Map<String, Map<String, List<Double>>> allocation) {

        Plan(int rounds, int warmup, int iterations, int timeMs) {
            this(rounds, warmup, iterations, timeMs, new LinkedHashMap<>());
        }

        /** method → variant → score of each round. */
        Map<String, Map<String, List<Double>>> run(Class<?> bench, String param, List<String> variants, List<String> methods,
                                                   List<String> jvmArgs, TimeUnit unit, boolean gc) throws RunnerException {
            Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
            for (String m : methods) {
                Map<String, List<Double>> byVariant = new LinkedHashMap<>();
                variants.forEach(v -> byVariant.put(v, new ArrayList<>()));
                scores.put(m, byVariant);
            }
            for (int r = 0; r < rounds; r++) {
                for (String method : methods) {
                    for (int k = 0; k < variants.size(); k++) {
                        String v = variants.get((k + r) % variants.size()); // rotate who goes first
                        ChainedOptionsBuilder o = new OptionsBuilder()
                                .include("^" + bench.getName().replace(".", "\\.") + "\\." + method + "$")
                                .forks(1)
                                .warmupIterations(warmup).warmupTime(TimeValue.milliseconds(timeMs))
                                .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(timeMs))
                                .timeUnit(unit)
                                .shouldFailOnError(true)
                                .verbosity(VerboseMode.SILENT);
                        if (param != null) {
                            o.param(param, v);
                        }
                        if (gc) {
                            o.addProfiler(GCProfiler.class); // bytes allocated per operation: the wrappers' garbage
                        }
                        if (!jvmArgs.isEmpty()) {
                            o.jvmArgsAppend(jvmArgs.toArray(new String[0]));
                        }
                        RunResult res = new Runner(o.build()).runSingle();
                        double score = res.getPrimaryResult().getScore();
                        scores.get(method).get(v).add(score);
                        Result<?> alloc = res.getSecondaryResults().get("gc.alloc.rate.norm");
                        if (alloc != null) {
                            allocation.computeIfAbsent(method, x -> new LinkedHashMap<>())
                                    .computeIfAbsent(v, x -> new ArrayList<>()).add(alloc.getScore());
                        }
                        System.out.printf("round %d/%d %-32s %-8s %10.3f %s%n", r + 1, rounds, method, v, score,
                                res.getPrimaryResult().getScoreUnit());
                    }
                }
            }
            return scores;
        }
    }
}
