package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.clustersim.SimBlueGreen;
import dev.aurorajca.clustersim.SimCluster;
import java.nio.file.Path;
import java.security.Security;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A blue/green switchover under writes (issue 16): aurora-jca ({@code plugins=bg,failover}) and the
 * AWS JDBC wrapper 4.3.0 ({@code wrapperPlugins=bg,failover2}, stock {@code aurora-mysql} dialect)
 * write every 10 ms, each through one connection to the blue cluster endpoint's name, at the same
 * time through the same switchover of one cluster-sim blue/green deployment. A fresh deployment
 * (and fresh driver state: a new runtime, a new {@code bgdId}/{@code clusterId} for the wrapper)
 * per run. Per driver and run: errors the application saw (typed 08S02/08007 and others), the
 * longest time between two acknowledged writes (or from the last one to the end of the run), acknowledged
 * writes missing on green, reconnects the application had to make, and where the connection ends.
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/aurora-bench-bg-hosts -cp benchmarks/target/benchmarks.jar \
 *      dev.aurorajca.benchmarks.failover.BlueGreenScenario [--runs 5] [--nodes 2] [--phase-ms 1000] [--dns-lag-ms 5000]
 *      [--warmup-ms 5000] [--settle-ms 3000] [--peers ours,aws] [--out benchmarks/results]
 * </pre>
 * The JVM's own DNS cache is off ({@code networkaddress.cache.ttl=0}) so that names move exactly
 * when the sim moves them: the only DNS lag is cluster-sim's {@code --dns-lag-ms}.
 */
public final class BlueGreenScenario {

    private static final List<String> METRICS = List.of("longestPauseMs", "typedErrors", "otherErrors", "lostAcknowledgedWrites");

    private BlueGreenScenario() { }

    public static void main(String[] args) throws Exception {
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        Path hosts = Cli.useHostsFile("bench-bg-hosts");
        Map<String, String> opt = Cli.options(args);
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int nodes = Integer.parseInt(opt.getOrDefault("nodes", "2"));
        long phaseMs = Long.parseLong(opt.getOrDefault("phase-ms", "1000"));
        long dnsLagMs = Long.parseLong(opt.getOrDefault("dns-lag-ms", "5000"));
        long warmupMs = Long.parseLong(opt.getOrDefault("warmup-ms", "5000"));
        long settleMs = Long.parseLong(opt.getOrDefault("settle-ms", "3000"));
        List<String> peerNames = List.of(opt.getOrDefault("peers", "ours,aws").split(","));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        String command = "java -Djdk.net.hosts.file=" + hosts + " -cp benchmarks/target/benchmarks.jar " + BlueGreenScenario.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "blue-green-switchover");
        doc.put("run", RunInfo.describe(command));
        doc.put("deployment", "cluster-sim blue/green: blue and green " + nodes + " MariaDB nodes each, Aurora mode, one shared port, "
                + "switchover phaseMs=" + phaseMs + ", dnsLagMs=" + dnsLagMs + "; the JVM DNS cache off (networkaddress.cache.ttl=0)");
        doc.put("load", "per driver one connection to the blue cluster endpoint name, INSERT of one row every 10 ms on a new "
                + "PreparedStatement, a failed write retried as the next one; " + warmupMs + " ms of writes before the switchover, "
                + settleMs + " ms after it completed");
        List<Map<String, Object>> records = new ArrayList<>();
        Map<String, String> config = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            SimCluster.Builder b = SimCluster.builder().nodes(nodes).aurora(true).blueGreen(true).hostsFile(hosts);
            try (SimCluster blue = b.start()) {
                SimBlueGreen bg = blue.blueGreen().orElseThrow();
                try (Connection root = blue.adminConnection(blue.writer().id()); Statement st = root.createStatement()) {
                    st.execute("CREATE TABLE " + blue.database() + ".bench_bg (driver VARCHAR(40), seq BIGINT, PRIMARY KEY (driver, seq))");
                }
                List<Peer> peers = new ArrayList<>();
                for (String n : peerNames) {
                    peers.add(n.trim().equals("aws")
                            ? new AwsWrapperPeer("aws-advanced-jdbc-wrapper-4.3.0", Map.of("wrapperPlugins", "bg,failover2",
                                    "bgdId", "bench-" + run, "clusterId", "bench-aws-" + run), true)
                            : new OursPeer("aurora-jca", "bench-bg-" + run, Map.of("plugins", "bg,failover", "clusterId", "bench-ours-" + run)));
                }
                peers.forEach(p -> config.put(p.name(), p.configuration()));
                List<Writer> writers = new ArrayList<>();
                try {
                    for (Peer p : peers) {
                        writers.add(new Writer(p.name(), () -> p.connect(blue)));
                    }
                    writers.forEach(Writer::start);
                    Thread.sleep(warmupMs); // both drivers' monitors see the deployment: a fixed warm-up, not a wait for a condition
                    for (Writer w : writers) {
                        if (w.acked.get() == 0) {
                            throw new IllegalStateException(w.driver + " wrote nothing during the warm-up: " + w.other);
                        }
                    }
                    Instant start = Instant.now();
                    SimBlueGreen.Result r = bg.switchover(SimBlueGreen.options().phaseMs(phaseMs).dnsLagMs(dnsLagMs));
                    Instant completed = Instant.now();
                    Thread.sleep(settleMs); // writes after completion: the application's time, not a wait for a condition
                    for (Writer w : writers) {
                        w.stop();
                    }
                    Set<String> greenRows = rows(bg.green());
                    for (Writer w : writers) {
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("run", run);
                        rec.put("peer", w.driver);
                        rec.put("simWritesBlockedMs", r.writesBlocked().toMillis());
                        rec.put("switchoverMs", Duration.between(start, completed).toMillis());
                        rec.put("acknowledgedWrites", w.acked.get());
                        rec.put("longestPauseMs", (double) TimeUnit.NANOSECONDS.toMillis(w.longestGapNanos.get()));
                        rec.put("typedErrors", (double) w.typed.size());
                        rec.put("otherErrors", (double) w.other.size());
                        long lost = w.ackedSeqs.stream().filter(s -> !greenRows.contains(w.driver + "/" + s)).count();
                        rec.put("lostAcknowledgedWrites", (double) lost);
                        rec.put("acknowledgedAfterCompletion", w.ackedAfter(completed));
                        rec.put("reconnects", w.reconnects.get());
                        rec.put("endsOnGreen", serverIdOrMinus1(w.connection) > 100);
                        rec.put("errors", errorSummary(w));
                        records.add(rec);
                        System.out.println(rec);
                    }
                } finally {
                    for (Writer w : writers) {
                        w.stop();
                        try {
                            w.connection.close();
                        } catch (SQLException | RuntimeException e) {
                            // the run is over either way
                        }
                    }
                    peers.forEach(Peer::close);
                }
            }
        }
        doc.put("peers", config);
        doc.put("summary", summarize(records));
        doc.put("runs", records);
        Path file = RunInfo.write(out, "bluegreen", doc);
        System.out.println("wrote " + file);
        System.exit(0); // the wrapper's monitor threads are not all daemons
    }

    private static Map<String, Object> summarize(List<Map<String, Object>> records) {
        Map<String, Object> byPeer = new LinkedHashMap<>();
        for (String peer : records.stream().map(r -> (String) r.get("peer")).distinct().toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String metric : METRICS) {
                List<Double> xs = new ArrayList<>();
                records.stream().filter(r -> r.get("peer").equals(peer)).forEach(r -> xs.add((Double) r.get(metric)));
                m.put(metric, Stats.summary(xs));
            }
            m.put("runsNotEndingOnGreen", records.stream().filter(r -> r.get("peer").equals(peer) && !(Boolean) r.get("endsOnGreen")).count());
            byPeer.put(peer, m);
            System.out.println(peer + " " + m);
        }
        return byPeer;
    }

    private static Map<String, Long> errorSummary(Writer w) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String e : w.typed) {
            m.merge(e, 1L, Long::sum);
        }
        for (String e : w.other) {
            m.merge(e, 1L, Long::sum);
        }
        return m;
    }

    private static Set<String> rows(SimCluster c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection root = c.adminConnection(c.writer().id()); Statement st = root.createStatement();
             ResultSet rs = st.executeQuery("SELECT driver, seq FROM " + c.database() + ".bench_bg")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getLong(2));
            }
        }
        return out;
    }

    private static long serverIdOrMinus1(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Opens the driver's connection (again). */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    /**
     * One driver's application thread: a row every 10 ms, a failed write retried as the next one;
     * when the driver says the connection is unusable (closed, 08001/08003) it opens a new one, as a
     * pool would, and counts a reconnect.
     */
    private static final class Writer {
        final String driver;
        final Opener opener;
        volatile Connection connection;
        final AtomicLong reconnects = new AtomicLong();
        final AtomicLong seq = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final Set<Long> ackedSeqs = ConcurrentHashMap.newKeySet();
        final Map<Long, Long> ackedAtNanos = new ConcurrentHashMap<>();
        final List<String> typed = new CopyOnWriteArrayList<>();
        final List<String> other = new CopyOnWriteArrayList<>();
        final AtomicLong longestGapNanos = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private final long originNanos = System.nanoTime();
        private final Instant origin = Instant.now();
        private Thread thread;

        Writer(String driver, Opener opener) throws SQLException {
            this.driver = driver;
            this.opener = opener;
            this.connection = opener.open();
        }

        private void reopenIfDead(SQLException e) {
            String st = String.valueOf(e.getSQLState());
            boolean dead;
            try {
                dead = connection.isClosed() || st.equals("08001") || st.equals("08003");
            } catch (SQLException ex) {
                dead = true;
            }
            if (!dead) {
                return;
            }
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // replaced below
            }
            try {
                connection = opener.open();
                reconnects.incrementAndGet();
            } catch (SQLException ex) {
                other.add("reconnect: " + ex.getSQLState() + " " + ex.getClass().getSimpleName());
            }
        }

        void start() {
            thread = new Thread(this::run, "bench-bg-" + driver);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long lastAck = System.nanoTime();
            while (!stop.get()) {
                long s = seq.incrementAndGet();
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO bench_bg (driver, seq) VALUES (?, ?)")) {
                    ps.setString(1, driver);
                    ps.setLong(2, s);
                    ps.executeUpdate();
                    long now = System.nanoTime();
                    longestGapNanos.accumulateAndGet(now - lastAck, Math::max);
                    lastAck = now;
                    ackedSeqs.add(s);
                    ackedAtNanos.put(s, now);
                    acked.incrementAndGet();
                } catch (SQLException e) {
                    String line = e.getSQLState() + " " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("[0-9]{4,}", "N");
                    if ("08S02".equals(e.getSQLState()) || "08007".equals(e.getSQLState())) {
                        typed.add(line);
                    } else {
                        other.add(line);
                        reopenIfDead(e);
                    }
                } catch (RuntimeException e) {
                    other.add(e.toString());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the application's pace
            }
            // A driver that never wrote again after its last acknowledged write paused until the end.
            longestGapNanos.accumulateAndGet(System.nanoTime() - lastAck, Math::max);
        }

        long ackedAfter(Instant t) {
            long cut = originNanos + Duration.between(origin, t).toNanos();
            return ackedAtNanos.values().stream().filter(n -> n - cut > 0).count();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }
}
