package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Writer crash with an application thread looping a statement on one connection, repeated in one
 * warm JVM, for aurora-jca ({@code plugins=failover}) and the AWS JDBC wrapper 4.3.0
 * ({@code failover2}) taking turns on the same RDS-shaped 3-node cluster-sim. Measures, per run:
 * crash → failover outcome ({@code 08S02}), promotion → outcome, crash → first successful
 * statement on the same connection, promotion → that success. The first failover of each driver
 * in the JVM is reported separately.
 *
 * <pre>
 * java -Djdk.net.hosts.file=benchmarks/target/bench-hosts -cp benchmarks/target/benchmarks.jar \
 *      dev.aurorajca.benchmarks.failover.FailoverScenario [--runs 20] [--delays-ms 0,2000] [--peers ours,aws]
 *      [--pause-ms 1] [--settle-ms 1000] [--out benchmarks/results] [--ours-props k=v,k=v] [--aurora true [--endpoint-lag-ms 5000]]
 * </pre>
 * With {@code --aurora true} the cluster is cluster-sim's Aurora mode (Aurora MySQL's surface,
 * cluster endpoint DNS lagging each promotion by {@code --endpoint-lag-ms}); both drivers detect or
 * use the {@code aurora-mysql} dialect, the AWS wrapper unmodified with {@code initialConnection,failover2}.
 */
public final class FailoverScenario {

    /** Connector/J properties both drivers get. */

    /** Per run; writerDowntimeMs (crash → cluster-sim saw read_only=0) is the cluster's share, not the driver's. */
    private static final List<String> METRICS = List.of("crashToOutcomeMs", "promotionToOutcomeMs", "crashToSuccessMs", "promotionToSuccessMs",
            "writerDowntimeMs");

    private FailoverScenario() { }

    public static void main(String[] args) throws Exception {
        Path hosts = Cli.useHostsFile("bench-hosts");

        Map<String, String> opt = Cli.options(args);
        int runs = Integer.parseInt(opt.getOrDefault("runs", "20"));
        List<Long> delays = new ArrayList<>();
        for (String d : opt.getOrDefault("delays-ms", "0,2000").split(",")) {
            delays.add(Long.parseLong(d.trim()));
        }
        List<String> peerNames = List.of(opt.getOrDefault("peers", "ours,aws").split(","));
        long pauseMs = Long.parseLong(opt.getOrDefault("pause-ms", "1"));
        long settleMs = Long.parseLong(opt.getOrDefault("settle-ms", "1000"));
        boolean aurora = Boolean.parseBoolean(opt.getOrDefault("aurora", "false"));
        long lagMs = Long.parseLong(opt.getOrDefault("endpoint-lag-ms", "5000"));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        Map<String, String> oursProps = new LinkedHashMap<>();
        if (opt.containsKey("ours-props")) {
            for (String kv : opt.get("ours-props").split(",")) {
                String[] p = kv.split("=", 2);
                oursProps.put(p[0].trim(), p[1].trim());
            }
        }
        String command = "java -Djdk.net.hosts.file=" + hosts + " -cp benchmarks/target/benchmarks.jar " + FailoverScenario.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", aurora ? "failover-writer-crash-aurora" : "failover-writer-crash");
        doc.put("run", RunInfo.describe(command));
        List<Map<String, Object>> records = new ArrayList<>();
        SimCluster.Builder builder = SimCluster.builder().nodes(3).rdsNames(true).hostsFile(hosts);
        if (aurora) {
            builder.aurora(true).endpointLagMs(lagMs);
        }
        try (SimCluster cluster = builder.start()) {
            String endpoint = cluster.clusterEndpoint().orElseThrow();
            InetAddress.getByName(endpoint); // fails here, clearly, when the JVM ignores the hosts file
            doc.put("cluster", aurora
                    ? "cluster-sim Aurora mode, 3 MariaDB nodes, semi-sync, Aurora MySQL 3 surface (aurora_version, @@aurora_server_id, "
                    + "information_schema.replica_host_status), RDS-shaped names on one port, connections to the cluster endpoint "
                    + endpoint + " whose DNS keeps pointing at the old writer for " + lagMs + " ms after each promotion"
                    : "cluster-sim, 3 MariaDB nodes, semi-sync, RDS-shaped names on one port, "
                    + "connections to the cluster endpoint " + endpoint + " (a proxy to the current writer)");
            doc.put("loop", "one connection per run, SELECT @@server_id on a new Statement in a loop, " + pauseMs + " ms pause between statements");
            List<Peer> peers = new ArrayList<>();
            for (String n : peerNames) {
                peers.add(n.trim().equals("aws") ? new AwsWrapperPeer(aurora) : new OursPeer(oursProps));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            peers.forEach(p -> config.put(p.name(), p.configuration()));
            doc.put("peers", config);
            try {
                Map<String, Boolean> firstDone = new LinkedHashMap<>();
                for (long delay : delays) {
                    int total = runs + (firstDone.size() < peers.size() ? 1 : 0); // the first (cold) failover is extra
                    for (int i = 0; i < total; i++) {
                        for (int k = 0; k < peers.size(); k++) {
                            Peer p = peers.get((i + k) % peers.size()); // alternate who goes first
                            boolean first = !firstDone.containsKey(p.name());
                            firstDone.put(p.name(), true);
                            Map<String, Object> r = runOnce(cluster, p, delay, pauseMs, settleMs);
                            r.put("firstFailoverInJvm", first);
                            records.add(r);
                            System.out.println(r);
                        }
                    }
                }
            } finally {
                peers.forEach(Peer::close);
            }
        }
        doc.put("summary", summarize(records, delays));
        doc.put("runs", records);
        Path file = RunInfo.write(out, aurora ? "failover-aurora" : "failover", doc);
        System.out.println("wrote " + file);
        System.exit(0); // the wrapper's monitor threads are not all daemons
    }

    private static Map<String, Object> runOnce(SimCluster cluster, Peer peer, long delayMs, long pauseMs, long settleMs)
            throws InterruptedException, SQLException {
        cluster.healAll();
        Thread.sleep(settleMs); // a stable cluster before the crash: not a wait for a condition
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", peer.name());
        r.put("promotionDelayMs", delayMs);
        try (Connection c = peer.connect(cluster)) {
            r.put("writerBefore", serverId(c));
            AppLoop loop = new AppLoop(c, TimeUnit.MILLISECONDS.toNanos(pauseMs));
            Thread t = new Thread(loop, "bench-app-loop");
            t.setDaemon(true);
            t.start();
            if (!loop.awaitWarm(10_000)) {
                throw new IllegalStateException(peer.name() + ": the loop did not run 50 statements in 10 s: " + loop.errors());
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50)); // crash at a random point of a statement
            FailoverResult f = cluster.failover(Duration.ofMillis(delayMs));
            boolean finished = loop.awaitDone(30_000);
            loop.stop();
            r.put("oldWriter", f.oldWriterId());
            r.put("newWriter", f.newWriterId());
            r.put("writerDowntimeMs", ms(f.crashedAt(), f.promotedAt()));
            r.put("outcome", finished ? loop.outcomeState : "timeout");
            if (loop.outcomeAt != null) {
                r.put("crashToOutcomeMs", ms(f.crashedAt(), loop.outcomeAt));
                r.put("promotionToOutcomeMs", ms(f.promotedAt(), loop.outcomeAt));
            }
            if (loop.successAt != null) {
                r.put("crashToSuccessMs", ms(f.crashedAt(), loop.successAt));
                r.put("promotionToSuccessMs", ms(f.promotedAt(), loop.successAt));
                r.put("successOnNewWriter", loop.successServerId == f.newWriterId());
            }
            r.put("errors", loop.errors());
        }
        return r;
    }

    private static Map<String, Object> summarize(List<Map<String, Object>> records, List<Long> delays) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> peers = records.stream().map(r -> (String) r.get("peer")).distinct().toList();
        for (long delay : delays) {
            Map<String, Object> byPeer = new LinkedHashMap<>();
            for (String peer : peers) {
                Map<String, Object> m = new LinkedHashMap<>();
                List<Map<String, Object>> warm = records.stream().filter(r -> r.get("peer").equals(peer)
                        && ((Number) r.get("promotionDelayMs")).longValue() == delay && !(Boolean) r.get("firstFailoverInJvm")).toList();
                for (String metric : METRICS) {
                    List<Double> xs = new ArrayList<>();
                    warm.forEach(r -> {
                        if (r.get(metric) != null) {
                            xs.add((Double) r.get(metric));
                        }
                    });
                    m.put(metric, Stats.summary(xs));
                }
                m.put("runsWithout08S02", warm.stream().filter(r -> !"08S02".equals(r.get("outcome"))).count());
                m.put("successNotOnNewWriter", warm.stream().filter(r -> Boolean.FALSE.equals(r.get("successOnNewWriter"))).count());
                records.stream().filter(r -> r.get("peer").equals(peer) && ((Number) r.get("promotionDelayMs")).longValue() == delay
                        && (Boolean) r.get("firstFailoverInJvm")).findFirst().ifPresent(first -> {
                            Map<String, Object> f = new LinkedHashMap<>();
                            METRICS.forEach(metric -> f.put(metric, first.get(metric)));
                            m.put("firstFailoverInJvm", f);
                        });
                byPeer.put(peer, m);
                System.out.printf("delay %5d ms %-34s", delay, peer);
                for (String metric : METRICS) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) m.get(metric);
                    System.out.printf("  %s min/med/p95/max %s/%s/%s/%s", metric, s.get("min"), s.get("median"), s.get("p95"), s.get("max"));
                }
                System.out.println();
            }
            out.put("promotionDelay" + delay + "ms", byPeer);
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

}
