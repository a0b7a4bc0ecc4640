package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statement overhead as <b>user-mode CPU time of the calling thread per operation</b>, the method that
 * resolves a few percent on two shared cores where wall-clock rounds do not (their per-round ratios
 * spread 0.8-1.4 even on a quiet machine). It rests on one fact checked elsewhere: neither wrapper
 * adds a round trip to a statement (same SQL, one statement per operation), so everything a wrapper
 * adds is CPU spent in the application's thread, in user mode (Java code; the system calls that send
 * and receive are the same for every variant). The thread's user time (ThreadMXBean) includes neither
 * waiting for the server nor the kernel's socket work, whose cost swings by tens of percent between
 * rounds (total thread CPU is recorded too, to show it). Overhead = (user CPU per op through the
 * wrapper − through plain Connector/J) ÷ the wall time of an op through plain Connector/J, per
 * round; rounds rotate the variants' order. Linux reports user time in scheduler ticks (10 ms), so
 * a slice of 1 s resolves ≈ 1 % of its time; the median over many rounds resolves less.
 *
 * <p>One JVM, one thread, one MariaDB node without proxy (as {@code JmhRounds overhead}), every
 * variant with the same Connector/J properties: plain Connector/J, aurora-jca {@code failover},
 * aurora-jca {@code failover,host_monitoring_v2}, AWS JDBC wrapper 4.3.0 {@code failover2}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aurorajca.benchmarks.jmh.StatementCpu [--rounds 15] [--round-ms 2000] [--warmup-ms 10000] [--out benchmarks/results]
 * </pre>
 */
public final class StatementCpu {

    private static final String[] VARIANTS = {"mysql", "aurora", "aurora-efm", "aws"};
    private static final String[] OPS = {"selectStatement", "selectPrepared", "insertPrepared"};

    private StatementCpu() { }

    /** One variant's connection and statements. */
    private static final class Target implements AutoCloseable {
        final Connection connection;
        final DriverRuntime runtime;
        final Statement statement;
        final PreparedStatement select;
        final PreparedStatement insert;
        long n;

        Target(BenchDatabase db, String variant) throws SQLException {
            if (variant.equals("mysql")) {
                connection = db.connectorJ();
                runtime = null;
            } else if (variant.equals("aws")) {
                connection = db.awsWrapper("failover2");
                runtime = null;
            } else {
                runtime = new DriverRuntime("bench-cpu-" + variant);
                connection = runtime.connect(AuroraSettings.of(db.host, db.port, db.database, db.auroraProperties(Map.of(
                        "plugins", variant.equals("aurora-efm") ? "failover,host_monitoring_v2" : "failover",
                        "clusterId", "bench-cpu-" + variant))));
            }
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_cpu (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(32)) ENGINE=InnoDB");
            }
            statement = connection.createStatement();
            select = connection.prepareStatement("SELECT 1");
            insert = connection.prepareStatement("INSERT INTO bench_cpu (v) VALUES (?)");
        }

        int op(String op) throws SQLException {
            switch (op) {
                case "selectStatement":
                    try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                case "selectPrepared":
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                default:
                    insert.setString(1, "row-" + (n++ & 1023));
                    return insert.executeUpdate();
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
            if (runtime != null) {
                runtime.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Cli.options(args);
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "15"));
        long roundNs = Long.parseLong(opt.getOrDefault("round-ms", "2000")) * 1_000_000L;
        long warmupNs = Long.parseLong(opt.getOrDefault("warmup-ms", "10000")) * 1_000_000L;
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        mx.setThreadCpuTimeEnabled(true);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "statement-cpu");
        doc.put("run", RunInfo.describe("java -cp benchmarks/target/benchmarks.jar " + StatementCpu.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args))));
        doc.put("method", "user-mode CPU time per op (ThreadMXBean.getCurrentThreadUserTime) of the one calling thread; overhead = "
                + "(user wrapper - user Connector/J) / wall Connector/J, per round. Total thread CPU (user + kernel) is recorded too: "
                + "its kernel part (socket system calls, the same work for every variant) varies by tens of percent between rounds");
        doc.put("variants", Map.of("mysql", "plain mysql-connector-j", "aurora", "aurora-jca plugins=failover",
                "aurora-efm", "aurora-jca plugins=failover,host_monitoring_v2",
                "aws", "AWS Advanced JDBC Wrapper 4.3.0 wrapperPlugins=failover2"));
        doc.put("settings", Map.of("rounds", rounds, "roundMs", roundNs / 1_000_000, "warmupMs", warmupNs / 1_000_000));
        Map<String, Object> results = new LinkedHashMap<>();
        try (BenchDatabase db = BenchDatabase.resolve(1)) {
            Map<String, Target> targets = new LinkedHashMap<>();
            try {
                for (String v : VARIANTS) {
                    targets.put(v, new Target(db, v));
                }
                for (String op : OPS) {
                    for (long warmed = 0; warmed < warmupNs; warmed += roundNs) {
                        for (Target t : targets.values()) {
                            slice(mx, t, op, roundNs);
                        }
                    }
                    Map<String, List<Double>> cpu = new LinkedHashMap<>();
                    Map<String, List<Double>> user = new LinkedHashMap<>();
                    Map<String, List<Double>> wall = new LinkedHashMap<>();
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < VARIANTS.length; i++) {
                            String v = VARIANTS[(i + r) % VARIANTS.length]; // rotate who goes first
                            double[] s = slice(mx, targets.get(v), op, roundNs);
                            cpu.computeIfAbsent(v, k -> new ArrayList<>()).add(s[0]);
                            wall.computeIfAbsent(v, k -> new ArrayList<>()).add(s[1]);
                            user.computeIfAbsent(v, k -> new ArrayList<>()).add(s[2]);
                        }
                    }
                    Map<String, Object> res = new LinkedHashMap<>();
                    for (String v : VARIANTS) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("userUsPerOpPerRound", user.get(v));
                        m.put("cpuUsPerOpPerRound", cpu.get(v));
                        m.put("wallUsPerOpPerRound", wall.get(v));
                        m.put("userUsPerOp", Stats.summary(user.get(v)));
                        m.put("cpuUsPerOp", Stats.summary(cpu.get(v)));
                        m.put("wallUsPerOp", Stats.summary(wall.get(v)));
                        if (!v.equals("mysql")) {
                            List<Double> addedUser = new ArrayList<>();
                            List<Double> overheadUser = new ArrayList<>();
                            List<Double> added = new ArrayList<>();
                            List<Double> overhead = new ArrayList<>();
                            for (int r = 0; r < rounds; r++) {
                                double u = user.get(v).get(r) - user.get("mysql").get(r);
                                addedUser.add(u);
                                overheadUser.add(u / wall.get("mysql").get(r));
                                double d = cpu.get(v).get(r) - cpu.get("mysql").get(r);
                                added.add(d);
                                overhead.add(d / wall.get("mysql").get(r));
                            }
                            m.put("addedUserUsPerOp", Stats.summary(addedUser));
                            m.put("userOverheadOfConnectorJWall", Stats.summary(overheadUser));
                            m.put("addedCpuUsPerOp", Stats.summary(added));
                            m.put("overheadOfConnectorJWall", Stats.summary(overhead));
                        }
                        res.put(v, m);
                        System.out.printf("%-16s %-10s user %7.2f  cpu %7.2f  wall %7.2f us/op%n", op, v,
                                Stats.median(user.get(v)), Stats.median(cpu.get(v)), Stats.median(wall.get(v)));
                    }
                    results.put(op, res);
                }
            } finally {
                for (Target t : targets.values()) {
                    try (Statement s = t.connection.createStatement()) {
                        s.execute("TRUNCATE TABLE bench_cpu");
                    } catch (SQLException ignored) {
                        // best effort: the node is discarded with the run
                    }
                    t.close();
                }
                software.amazon.jdbc.Driver.releaseResources();
            }
        }
        doc.put("results", results);
        System.out.println("wrote " + RunInfo.write(out, "statement-cpu", doc));
    }

    /** Runs {@code op} for about {@code ns}: {cpu µs per op, wall µs per op, user-mode cpu µs per op}. */
    private static double[] slice(ThreadMXBean mx, Target t, String op, long ns) throws SQLException {
        long ops = 0;
        long sink = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long user0 = mx.getCurrentThreadUserTime();
        long wall0 = System.nanoTime();
        long end = wall0 + ns;
        long now;
        do {
            sink += t.op(op);
            ops++;
            now = System.nanoTime();
        } while (now - end < 0);
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long user = mx.getCurrentThreadUserTime() - user0;
        if (sink == Long.MIN_VALUE) {
            System.out.println(); // keeps the results alive
        }
        return new double[] {cpu / 1e3 / ops, (now - wall0) / 1e3 / ops, user / 1e3 / ops};
    }
}
