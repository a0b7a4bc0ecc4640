package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background threads with host monitoring on (issue 6): N connections (a third to the writer,
 * the rest {@code readOnly=true} spread over the two readers with round_robin, so 3 instances),
 * a statement on each, then every connection running {@code SELECT SLEEP(s)} at once past the
 * monitoring grace, so every instance's monitor probes while N calls are watched. Counts live
 * threads named {@code aurora-jca-<runtime>-…} after the statements and the maximum seen (sampled
 * every 10 ms) while all N long calls run, then after {@code close()}. A fresh runtime per N.
 *
 * <p>The AWS wrapper ({@code failover2,efm2}) is measured the same way for comparison, by the
 * growth of the JVM's whole thread count (its threads have no common prefix); its readers connect
 * through the reader endpoint (it has no {@code readOnly} routing of its own) and its
 * resources are shared JVM-wide, so its N=100 row includes what N=10 left running.
 *
 * <pre>
 * java -Djdk.net.hosts.file=benchmarks/target/bench-threads-hosts -cp benchmarks/target/benchmarks.jar \
 *      dev.aurorajca.benchmarks.failover.ThreadsScenario [--counts 10,100,500] [--peers ours,aws] [--sleep-s 2]
 * </pre>
 */
public final class ThreadsScenario {

    private ThreadsScenario() { }

    public static void main(String[] args) throws Exception {
        Path hosts = Cli.useHostsFile("bench-threads-hosts");
        Map<String, String> opt = Cli.options(args);
        List<Integer> counts = new ArrayList<>();
        for (String s : opt.getOrDefault("counts", "10,100,500").split(",")) {
            counts.add(Integer.parseInt(s.trim()));
        }
        List<String> peers = List.of(opt.getOrDefault("peers", "ours,aws").split(","));
        double sleepS = Double.parseDouble(opt.getOrDefault("sleep-s", "2"));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        String command = "java -Djdk.net.hosts.file=" + hosts + " -cp benchmarks/target/benchmarks.jar " + ThreadsScenario.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "monitoring-threads");
        doc.put("run", RunInfo.describe(command));
        doc.put("settings", Map.of("ours", "plugins=failover,host_monitoring_v2, failureDetectionTime=1000, failureDetectionInterval=1000, "
                        + "failureDetectionCount=1; writer connections to the cluster endpoint, readers readOnly=true round_robin",
                "aws", "wrapperPlugins=failover2,efm2, same three settings; writer connections to the cluster endpoint, readers to the reader endpoint"));
        doc.put("longCall", "SELECT SLEEP(" + sleepS + ") on every connection at once (one application thread each), past the 1000 ms grace");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (SimCluster cluster = SimCluster.builder().nodes(3).rdsNames(true).hostsFile(hosts).start()) {
            doc.put("cluster", "cluster-sim, 3 MariaDB nodes, RDS-shaped names");
            AwsWrapperPeer aws = null;
            for (String peer : peers) {
                for (int n : counts) {
                    Map<String, Object> row;
                    if (peer.trim().equals("ours")) {
                        row = ours(cluster, n, sleepS);
                    } else {
                        if (aws == null) {
                            aws = new AwsWrapperPeer("aws-advanced-jdbc-wrapper-4.3.0", Map.of(), false);
                        }
                        row = aws(cluster, aws, n, sleepS);
                    }
                    rows.add(row);
                    System.out.println(row);
                }
            }
            if (aws != null) {
                aws.close();
            }
        }
        doc.put("results", rows);
        Path file = RunInfo.write(out, "monitoring-threads", doc);
        System.out.println("wrote " + file);
        System.exit(0);
    }

    private static Map<String, Object> ours(SimCluster cluster, int n, double sleepS) throws Exception {
        DriverRuntime runtime = new DriverRuntime("bench-threads");
        String prefix = "aurora-jca-" + runtime.name() + "-";
        List<Connection> open = new ArrayList<>();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("peer", "aurora-jca");
        row.put("connections", n);
        try {
            for (int i = 0; i < n; i++) {
                Map<String, String> p = new LinkedHashMap<>(Cli.CONNECTOR_J);
                p.put("user", cluster.user());
                p.put("password", cluster.password());
                p.put("plugins", "failover,host_monitoring_v2");
                p.put("clusterId", "bench-threads");
                p.putAll(DetectionScenario.AGGRESSIVE);
                p.put("readOnly", Boolean.toString(i % 3 != 0));
                p.put("readerHostSelectorStrategy", "round_robin");
                open.add(runtime.connect(AuroraSettings.of(cluster.clusterEndpoint().orElseThrow(), cluster.endpointPort(), cluster.database(), p)));
            }
            Map<Integer, Integer> perServer = new TreeMap<>();
            for (Connection c : open) {
                perServer.merge(serverId(c), 1, Integer::sum);
            }
            row.put("connectionsPerServerId", perServer);
            row.put("threadsAfterStatements", count(prefix));
            row.put("monitorsAfterStatements", runtime.hostMonitors().monitorCount());
            row.put("maxThreadsDuringLongCalls", maxDuringLongCalls(open, sleepS, () -> count(prefix)));
            row.put("monitorsAfterLongCalls", runtime.hostMonitors().monitorCount());
            row.put("threadNames", names(prefix));
        } finally {
            for (Connection c : open) {
                c.close();
            }
            runtime.close();
        }
        row.put("threadsAfterRuntimeClose", count(prefix));
        return row;
    }

    private static Map<String, Object> aws(SimCluster cluster, AwsWrapperPeer peer, int n, double sleepS) throws Exception {
        software.amazon.jdbc.Driver driver = new software.amazon.jdbc.Driver();
        Set<Long> before = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> before.add(t.getId()));
        List<Connection> open = new ArrayList<>();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("peer", peer.name());
        row.put("connections", n);
        row.put("jvmThreadsBefore", before.size());
        try {
            for (int i = 0; i < n; i++) {
                Properties p = new Properties();
                p.putAll(Cli.CONNECTOR_J);
                p.setProperty("user", cluster.user());
                p.setProperty("password", cluster.password());
                p.setProperty("wrapperPlugins", "failover2,efm2");
                p.setProperty("clusterId", "bench-threads-aws");
                DetectionScenario.AGGRESSIVE.forEach(p::setProperty);
                String host = i % 3 == 0 ? cluster.clusterEndpoint().orElseThrow() : cluster.readerEndpoint().orElseThrow();
                open.add(driver.connect("jdbc:aws-wrapper:mysql://" + host + ":" + cluster.endpointPort() + "/" + cluster.database(), p));
            }
            Map<Integer, Integer> perServer = new TreeMap<>();
            for (Connection c : open) {
                perServer.merge(serverId(c), 1, Integer::sum);
            }
            row.put("connectionsPerServerId", perServer);
            row.put("newThreadsAfterStatements", newThreads(before));
            row.put("maxNewThreadsDuringLongCalls", maxDuringLongCalls(open, sleepS, () -> newThreads(before)));
            Map<String, Integer> byName = new TreeMap<>();
            Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t.getId()))
                    .forEach(t -> byName.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum));
            row.put("newThreadNames", byName);
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
        return row;
    }

    /** Runs SLEEP on every connection at once (one app thread each); the maximum of {@code counter} sampled meanwhile. */
    private static int maxDuringLongCalls(List<Connection> open, double sleepS, java.util.function.IntSupplier counter) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(open.size());
        AtomicInteger failures = new AtomicInteger();
        List<Thread> app = new ArrayList<>();
        for (Connection c : open) {
            Thread t = new Thread(() -> {
                try (Statement s = c.createStatement()) {
                    go.await();
                    s.executeQuery("SELECT SLEEP(" + sleepS + ")").close();
                } catch (SQLException | InterruptedException e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "bench-app-" + app.size());
            t.setDaemon(true);
            app.add(t);
            t.start();
        }
        go.countDown();
        int max = 0;
        while (done.getCount() > 0) {
            max = Math.max(max, counter.getAsInt());
            Thread.sleep(10);
        }
        if (failures.get() > 0) {
            System.out.println("long calls failed: " + failures.get());
        }
        return max;
    }

    private static int count(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static List<String> names(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(nm -> nm.startsWith(prefix)).sorted().toList();
    }

    private static int newThreads(Set<Long> before) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t.getId()) && !t.getName().startsWith("bench-app-")).count();
    }

    private static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
