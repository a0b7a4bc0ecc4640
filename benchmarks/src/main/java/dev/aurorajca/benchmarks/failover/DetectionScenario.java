package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Host monitoring detection time (issue 6): a long query ({@code SELECT SLEEP(60)}) on the writer
 * through one connection, a fault injected at a uniformly random moment 0–{@code --fault-window-ms}
 * after the query started ({@code hang} = SIGSTOP of the writer's mariadbd, or {@code blackhole}
 * = its proxy drops every byte), then a reader promoted by hand <em>without killing the hung
 * writer</em> (so no connection reset reaches the driver: only monitoring can end the query) and
 * the remaining reader re-pointed at it. Measures fault → the query's failover exception
 * ({@code 08S02}/{@code 08007}) and checks that the next statement runs on the promoted node.
 * After every run the cluster is put back as it was (old writer resumed/healed and still the
 * writer, the promoted node demoted and replicating from it again), so cluster-sim's own view
 * stays right.
 *
 * <p>Variants (all with {@code socketTimeout=0}, the cluster endpoint, one warm JVM):
 * <ul>
 *   <li>{@code ours-default}: {@code plugins=failover,host_monitoring_v2}, detection defaults
 *       (30000 / 5000 / 3, probe timeout interval/2 = 2500 ms): ≈ 40 s per run.</li>
 *   <li>{@code ours-aggressive}: the same with {@code failureDetectionTime=1000,
 *       failureDetectionInterval=1000, failureDetectionCount=1} (probe timeout 500 ms).</li>
 *   <li>{@code aws-aggressive}: AWS JDBC wrapper 4.3.0, {@code wrapperPlugins=failover2,efm2}, same
 *       three settings.</li>
 *   <li>{@code aws-default}: the wrapper with {@code failover2,efm2} and its defaults.</li>
 * </ul>
 *
 * <pre>
 * java -Djdk.net.hosts.file=benchmarks/target/bench-efm-hosts -cp benchmarks/target/benchmarks.jar \
 *      dev.aurorajca.benchmarks.failover.DetectionScenario [--fault hang|blackhole] [--runs 20] [--default-runs 5]
 *      [--variants ours-aggressive,aws-aggressive,ours-default] [--fault-window-ms 3000] [--settle-ms 1000] [--out benchmarks/results]
 *      [--aurora true]
 * </pre>
 * With {@code --aurora true}: cluster-sim's Aurora mode, the AWS wrapper unmodified (stock
 * {@code aurora-mysql} dialect, {@code initialConnection,failover2,efm2}); the hand promotion
 * also rewrites the instances' {@code replica_host_status} rows, as Aurora would report it.
 * The first run of each aggressive variant is a warm-up, reported separately, not in the summary.
 */
public final class DetectionScenario {

    static final Map<String, String> AGGRESSIVE = Map.of(
            "failureDetectionTime", "1000", "failureDetectionInterval", "1000", "failureDetectionCount", "1");

    private static final List<String> METRICS = List.of("faultToExceptionMs", "queryStartToExceptionMs", "faultToSuccessMs",
            "faultOffsetMs", "faultCallMs", "promotionMs", "repointMs");

    private DetectionScenario() { }

    public static void main(String[] args) throws Exception {
        Path hosts = Cli.useHostsFile("bench-efm-hosts");

        Map<String, String> opt = Cli.options(args);
        String fault = opt.getOrDefault("fault", "hang");
        if (!fault.equals("hang") && !fault.equals("blackhole")) {
            throw new IllegalArgumentException("--fault hang|blackhole");
        }
        int runs = Integer.parseInt(opt.getOrDefault("runs", "20"));
        int defaultRuns = Integer.parseInt(opt.getOrDefault("default-runs", "5"));
        List<String> variants = List.of(opt.getOrDefault("variants", "ours-aggressive,aws-aggressive,ours-default").split(","));
        long windowMs = Long.parseLong(opt.getOrDefault("fault-window-ms", "3000"));
        long settleMs = Long.parseLong(opt.getOrDefault("settle-ms", "1000"));
        aurora = Boolean.parseBoolean(opt.getOrDefault("aurora", "false"));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        String command = "java -Djdk.net.hosts.file=" + hosts + " -cp benchmarks/target/benchmarks.jar " + DetectionScenario.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", aurora ? "host-monitoring-detection-aurora" : "host-monitoring-detection");
        doc.put("run", RunInfo.describe(command));
        doc.put("fault", fault.equals("hang") ? "SIGSTOP of the writer's mariadbd (sockets stay open, nothing answers)"
                : "the writer's proxy drops every byte both ways (connections stay open)");
        doc.put("faultMoment", "uniformly random 0-" + windowMs + " ms after the query thread called executeQuery(\"SELECT SLEEP(60)\")");
        doc.put("promotion", "by hand right after the fault: on a reader RESET SLAVE ALL; SET GLOBAL read_only=0; the other "
                + "reader re-pointed at it (CHANGE MASTER; START SLAVE). Both readers' replication was stopped (STOP SLAVE) once the "
                + "query ran, before the fault: STOP SLAVE against a hung master takes ~2 s in MariaDB 10.11 and would be measured as "
                + "detection time. Until the promotion the readers still report the old writer (Master_Server_Id). "
                + "The faulty writer is not killed: no connection reset reaches the driver.");
        doc.put("timing", "faultToExceptionMs is measured from the moment the fault call returned (hang: /proc shows the process "
                + "stopped; blackhole: the proxy applied it); faultCallMs is how long that call took; promotionMs = fault returned -> "
                + "the promoted node answers read_only=0 with no replica status; repointMs = -> the other reader re-pointed too");
        List<Map<String, Object>> records = new ArrayList<>();
        try (SimCluster cluster = SimCluster.builder().nodes(3).rdsNames(true).aurora(aurora).hostsFile(hosts).start()) {
            String endpoint = cluster.clusterEndpoint().orElseThrow();
            InetAddress.getByName(endpoint);
            doc.put("cluster", (aurora ? "cluster-sim Aurora mode (Aurora MySQL 3 surface, replica_host_status rewritten by the hand promotion), "
                    : "cluster-sim, ") + "3 MariaDB nodes, semi-sync, RDS-shaped names on one port, connections to the cluster endpoint "
                    + endpoint);
            Map<String, Peer> peers = new LinkedHashMap<>();
            for (String v : variants) {
                peers.put(v.trim(), peer(v.trim()));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            peers.forEach((v, p) -> config.put(v, p.name() + ": " + p.configuration()));
            doc.put("variants", config);
            try {
                Map<String, Integer> done = new LinkedHashMap<>();
                List<String> names = new ArrayList<>(peers.keySet());
                boolean more = true;
                for (int round = 0; more; round++) {
                    more = false;
                    for (int k = 0; k < names.size(); k++) {
                        String v = names.get((round + k) % names.size());
                        boolean isDefault = v.endsWith("-default");
                        int wanted = isDefault ? defaultRuns : runs + 1; // + the warm-up run
                        int n = done.getOrDefault(v, 0);
                        if (n >= wanted) {
                            continue;
                        }
                        more = true;
                        Map<String, Object> r = runOnce(cluster, v, peers.get(v), fault, windowMs, settleMs);
                        r.put("warmup", !isDefault && n == 0);
                        done.put(v, n + 1);
                        records.add(r);
                        System.out.println(r);
                    }
                }
            } finally {
                peers.values().forEach(Peer::close);
            }
        }
        doc.put("summary", summarize(records));
        doc.put("runs", records);
        Path file = RunInfo.write(out, "detection-" + fault, doc);
        System.out.println("wrote " + file);
        System.exit(0); // the wrapper's monitor threads are not all daemons
    }

    /** cluster-sim's Aurora mode (set once by main). */
    private static boolean aurora;

    private static Peer peer(String variant) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("socketTimeout", "0");
        switch (variant) {
            case "ours-default":
                p.put("plugins", "failover,host_monitoring_v2");
                p.put("clusterId", "bench-efm-default");
                return new OursPeer("aurora-jca default detection", "bench-efm-default", p);
            case "ours-aggressive":
                p.put("plugins", "failover,host_monitoring_v2");
                p.put("clusterId", "bench-efm-aggressive");
                p.putAll(AGGRESSIVE);
                return new OursPeer("aurora-jca 1000/1000/1", "bench-efm-aggressive", p);
            case "aws-aggressive":
                p.put("wrapperPlugins", aurora ? "initialConnection,failover2,efm2" : "failover2,efm2");
                p.putAll(AGGRESSIVE);
                return new AwsWrapperPeer("aws-advanced-jdbc-wrapper-4.3.0 1000/1000/1", p, aurora);
            case "aws-default":
                p.put("wrapperPlugins", aurora ? "initialConnection,failover2,efm2" : "failover2,efm2");
                return new AwsWrapperPeer("aws-advanced-jdbc-wrapper-4.3.0 default detection", p, aurora);
            default:
                throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    /** The query's thread: SLEEP(60), then one statement on the same connection. */
    private static final class LongQuery implements Runnable {
        private final Connection c;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile Instant startAt;
        volatile Instant exceptionAt;
        volatile String state;
        volatile String message;
        volatile Instant successAt;
        volatile int afterServerId;
        volatile String afterError;

        LongQuery(Connection c) {
            this.c = c;
        }

        @Override
        public void run() {
            try {
                try (Statement s = c.createStatement()) {
                    startAt = Instant.now();
                    started.countDown();
                    s.executeQuery("SELECT SLEEP(60)").close();
                    state = "completed";
                } catch (SQLException e) {
                    exceptionAt = Instant.now();
                    state = e.getSQLState();
                    message = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                }
                try {
                    afterServerId = serverId(c);
                    successAt = Instant.now();
                } catch (SQLException e) {
                    afterError = e.getSQLState() + " " + firstLine(e.getMessage());
                }
            } finally {
                started.countDown();
                done.countDown();
            }
        }
    }

    private static Map<String, Object> runOnce(SimCluster cluster, String variant, Peer peer, String fault, long windowMs, long settleMs)
            throws Exception {
        SimNode writer = cluster.writer();
        List<SimNode> readers = cluster.readers();
        SimNode next = readers.get(ThreadLocalRandom.current().nextInt(readers.size()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", variant);
        r.put("fault", fault);
        r.put("writer", writer.id());
        r.put("promoted", next.id());
        long offsetMs = ThreadLocalRandom.current().nextLong(windowMs + 1);
        Connection c = peer.connect(cluster);
        try {
            r.put("connectedTo", serverId(c));
            LongQuery q = new LongQuery(c);
            Thread t = new Thread(q, "bench-long-query");
            t.setDaemon(true);
            t.start();
            q.started.await(10, TimeUnit.SECONDS);
            if (!awaitRunning(cluster, writer)) {
                throw new IllegalStateException(variant + ": SELECT SLEEP(60) not seen on node " + writer.id() + ": " + q.state + " " + q.message);
            }
            for (SimNode o : readers) {
                sql(cluster, o, "STOP SLAVE"); // see promote(): the readers still name the old writer as their master
            }
            long wait = Duration.between(Instant.now(), q.startAt.plusMillis(offsetMs)).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            Instant faultCall = Instant.now();
            if (fault.equals("hang")) {
                cluster.hang(writer.id());
            } else {
                cluster.blackhole(writer.id());
            }
            Instant faultAt = Instant.now();
            promote(cluster, next, readers, r);
            boolean finished = q.done.await(90, TimeUnit.SECONDS);
            r.put("faultOffsetMs", ms(q.startAt, faultAt));
            r.put("faultCallMs", ms(faultCall, faultAt));
            r.put("outcome", finished ? q.state : "timeout");
            r.put("exception", q.message);
            if (q.exceptionAt != null) {
                r.put("faultToExceptionMs", ms(faultAt, q.exceptionAt));
                r.put("queryStartToExceptionMs", ms(q.startAt, q.exceptionAt));
            }
            if (q.successAt != null) {
                r.put("faultToSuccessMs", ms(faultAt, q.successAt));
                r.put("afterServerId", q.afterServerId);
                r.put("successOnPromoted", q.afterServerId == next.id());
            }
            if (q.afterError != null) {
                r.put("afterError", q.afterError);
            }
        } catch (Exception e) {
            System.err.println(variant + ": run failed before its end: " + e); // close() below can block on the running query
            throw e;
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                r.put("closeError", e.getSQLState() + " " + firstLine(e.getMessage()));
            }
            restore(cluster, writer, fault, readers);
            Thread.sleep(settleMs); // a quiet cluster before the next run: not a wait for a condition
        }
        return r;
    }

    /**
     * {@code next} becomes a writer (returns when it is); then the other reader replicates from
     * it (what a real failover does). Replication was stopped on the readers before the fault
     * ({@link #runOnce}): a STOP SLAVE against a hung master takes ≈ 2 s in MariaDB 10.11, which
     * would hold the promotion back and be measured as detection time.
     */
    private static void promote(SimCluster cluster, SimNode next, List<SimNode> readers, Map<String, Object> r) throws SQLException {
        Instant t0 = Instant.now();
        sql(cluster, next, "RESET SLAVE ALL", "SET GLOBAL read_only = 0");
        if (aurora) {
            List<SimNode> alive = new ArrayList<>(readers); // the faulty writer's own view is not reachable
            reportWriter(cluster, next, alive);
        }
        r.put("promotionMs", ms(t0, Instant.now()));
        for (SimNode o : readers) {
            if (o.id() != next.id()) {
                sql(cluster, o, changeMaster(next), "START SLAVE");
            }
        }
        r.put("repointMs", ms(t0, Instant.now()));
    }

    /** The old writer back (still cluster-sim's writer, never demoted), every reader replicating from it and caught up. */
    private static void restore(SimCluster cluster, SimNode writer, String fault, List<SimNode> readers) throws SQLException {
        if (fault.equals("hang")) {
            cluster.resume(writer.id());
        } else {
            cluster.heal(writer.id());
        }
        for (SimNode o : readers) {
            sql(cluster, o, "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = 1", "SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos",
                    "SET GLOBAL rpl_semi_sync_slave_enabled = 1", changeMaster(writer), "START SLAVE");
        }
        if (aurora) {
            List<SimNode> all = new ArrayList<>(readers);
            all.add(writer);
            reportWriter(cluster, writer, all);
        }
        String pos;
        try (Connection a = cluster.adminConnection(writer.id()); Statement s = a.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            pos = rs.getString(1);
        }
        for (SimNode o : readers) {
            try (Connection a = cluster.adminConnection(o.id()); Statement s = a.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + pos + "', 10)")) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new IllegalStateException("node " + o.id() + " did not catch up with node " + writer.id() + " after the run");
                }
            }
        }
    }

    /**
     * Aurora mode: the rows of {@code replica_host_status} as Aurora would show them with
     * {@code writer} as the writer, written on {@code on} ({@link SimCluster#AURORA_STATUS_TABLE},
     * without binary log, as the sim does).
     */
    private static void reportWriter(SimCluster cluster, SimNode writer, List<SimNode> on) throws SQLException {
        for (SimNode n : on) {
            sql(cluster, n, "SET SESSION sql_log_bin = 0", "UPDATE " + SimCluster.AURORA_STATUS_TABLE
                    + " SET SESSION_ID = IF(SERVER_ID = '" + writer.instanceId() + "', 'MASTER_SESSION_ID', CAST(UUID() AS CHAR(36)))");
        }
    }

    private static String changeMaster(SimNode source) {
        return "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + source.serverPort()
                + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1";
    }

    private static void sql(SimCluster cluster, SimNode n, String... statements) throws SQLException {
        try (Connection a = cluster.adminConnection(n.id()); Statement s = a.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static boolean awaitRunning(SimCluster cluster, SimNode n) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Connection a = cluster.adminConnection(n.id()); Statement s = a.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE info = 'SELECT SLEEP(60)'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static Map<String, Object> summarize(List<Map<String, Object>> records) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> variants = records.stream().map(r -> (String) r.get("variant")).distinct().toList();
        for (String v : variants) {
            List<Map<String, Object>> counted = records.stream().filter(r -> r.get("variant").equals(v) && !(Boolean) r.get("warmup")).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            for (String metric : METRICS) {
                List<Double> xs = new ArrayList<>();
                counted.forEach(r -> {
                    if (r.get(metric) != null) {
                        xs.add(((Number) r.get(metric)).doubleValue());
                    }
                });
                m.put(metric, Stats.summary(xs));
            }
            m.put("outcomes", counted.stream().map(r -> String.valueOf(r.get("outcome"))).distinct().toList());
            m.put("runsWithoutFailoverState", counted.stream().filter(r -> !"08S02".equals(r.get("outcome")) && !"08007".equals(r.get("outcome"))).count());
            m.put("successNotOnPromoted", counted.stream().filter(r -> !Boolean.TRUE.equals(r.get("successOnPromoted"))).count());
            out.put(v, m);
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) m.get("faultToExceptionMs");
            System.out.printf("%-16s n=%s fault->exception min/med/p95/max %s/%s/%s/%s  outcomes %s%n", v, s.get("n"), s.get("min"),
                    s.get("median"), s.get("p95"), s.get("max"), m.get("outcomes"));
        }
        return out;
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
