package dev.aurorajca.itsupport.scenario;

import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static dev.aurorajca.itsupport.client.LoadClient.sample;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.FailoverOutcome;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.LoadClient;
import dev.aurorajca.itsupport.client.LoadTable;
import dev.aurorajca.itsupport.client.ServerLog;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.WriteLoad.Request;

/**
 * Failover under load. The load runs in the server ({@value #THREADS} threads, each
 * getConnection + autocommit INSERT + close every {@value #PERIOD_MS} ms through the writer
 * factory, it-support's {@code /load} servlet); meanwhile the test has cluster-sim crash the writer
 * and promote a replica. Then: {@link FailoverOutcome}'s checks (only 08S02/08007 failures, no
 * acknowledged row lost, every request from promotion + 0.5 s on succeeds, every failed-over handle
 * works on the new writer right after); every failed-over connection is still open on the new
 * writer after the load (the pool kept it); where the server exposes pool statistics, the pool
 * destroyed no connection except at checkout validation. Then the old writer restarts as a
 * read-only replica behind the proxy {@code ClusterEndpoint} names, and {@value #MAX_POOL}
 * connections held at once (every pooled one) must each write without error 1290, twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FailoverIT {

    private static final String TABLE = "failover_load";
    private static final int THREADS = 16;
    private static final long PERIOD_MS = 10;
    private static final int MAX_POOL = 20; // Definition.standard
    private static final Duration ALL_OK_AFTER_PROMOTION = Duration.ofMillis(500);

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("failover-it.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void failoverUnderLoad() throws Exception {
        SimCluster cluster = TestCluster.healthy();
        LoadTable.recreate(cluster, TABLE);
        ServerLog log = ServerLog.mark(server.serverLog());
        LoadClient load = new LoadClient(war);
        load.start(server.writerJndi(), TABLE, THREADS, PERIOD_MS, null);
        List<Request> requests;
        FailoverResult failover;
        Map<String, String> statsBefore;
        try {
            // Warm: every thread has had its pooled connection for a while before the crash.
            Await.until(Duration.ofSeconds(60), "500 successful requests before the failover",
                    () -> load.okSince(0) >= 500, () -> load.status(0));
            statsBefore = server.poolStatistics(Definition.WRITER);
            failover = cluster.failover();
            long allOkFrom = micros(failover.promotedAt().plus(ALL_OK_AFTER_PROMOTION));
            Await.until(Duration.ofSeconds(60), "1000 successful requests started 0.5 s or more after the promotion",
                    () -> load.okSince(allOkFrom) >= 1000, () -> load.status(allOkFrom));
        } finally {
            requests = load.stop();
        }
        Map<String, String> statsAfter = server.poolStatistics(Definition.WRITER);
        String marker = server.destroyedAtCheckoutMarker();
        long destroyedAtCheckout = marker == null ? -1 : log.count(marker);
        Set<Long> openOnNewWriter = new HashSet<>();
        try (Connection c = cluster.adminConnection(failover.newWriterId()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                     + cluster.user() + "'")) {
            while (rs.next()) {
                openOnNewWriter.add(rs.getLong(1));
            }
        }

        // The crashed writer comes back as a read-only replica behind the proxy the adapter's
        // ClusterEndpoint names: a connection still (or newly) there would fail with 1290.
        cluster.restart(failover.oldWriterId());
        List<String> drain1 = drain(9_000_000_000L);
        List<String> drain2 = drain(9_100_000_000L);
        Set<Long> present = LoadTable.ids(cluster, TABLE);

        FailoverOutcome outcome = new FailoverOutcome(failover, requests, ALL_OK_AFTER_PROMOTION);
        StringBuilder report = outcome.report("failover under load on " + server.name() + " (" + THREADS
                + " threads, one request per thread every " + PERIOD_MS + " ms)");
        report.append("pool before ").append(pick(statsBefore)).append("\npool after  ").append(pick(statsAfter)).append('\n');
        if (marker != null) {
            report.append("destroyed at checkout validation (").append(marker).append("): ").append(destroyedAtCheckout)
                    .append('\n');
        }
        report.append("08S02/08007 connections checked on the new writer afterwards: ")
                .append(outcome.failedOver().stream().map(Request::afterFailover).toList()).append('\n');
        report.append("drain of ").append(MAX_POOL).append(" connections after the old writer rejoined read-only: ")
                .append(drain1).append("; second use: ").append(drain2).append('\n');
        System.out.print(report);
        Files.createDirectories(server.measurements());
        Files.writeString(server.measurements().resolve("failover.txt"), report);

        List<Request> notKept = outcome.failedOver().stream()
                .filter(r -> r.connectionAfter() >= 0 && !openOnNewWriter.contains(r.connectionAfter())).toList();
        List<String> stranded = drain1.stream().filter(l -> l.startsWith("ERR") && l.split(" ", 5)[3].equals("true")).toList();
        List<String> drainOther = drain1.stream().filter(l -> !l.startsWith("OK") && !l.startsWith("ERR 08S02")
                && !l.startsWith("ERR 08007") && !stranded.contains(l)).toList();
        List<String> stillFailing = drain2.stream().filter(l -> !l.startsWith("OK")).toList();

        List<Executable> checks = new ArrayList<>(outcome.checks(present));
        checks.add(() -> assertTrue(notKept.isEmpty(), notKept.size() + " connections that failed over successfully were "
                + "closed afterwards (the pool destroyed them?): " + sample(notKept)));
        if (marker != null && statsBefore.containsKey("DestroyedCount") && statsAfter.containsKey("DestroyedCount")) {
            long destroyed = Long.parseLong(statsAfter.get("DestroyedCount")) - Long.parseLong(statsBefore.get("DestroyedCount"));
            checks.add(() -> assertEquals(destroyedAtCheckout, destroyed, "the pool destroyed " + destroyed
                    + " connections during the failover, only " + destroyedAtCheckout + " of them at checkout validation ("
                    + marker + "); the rest after an error event (statistics before " + statsBefore + ", after "
                    + statsAfter + ")"));
        }
        checks.add(() -> assertTrue(stranded.isEmpty(), stranded.size() + " pooled connections failed with 1290 (left on "
                + "the demoted writer): " + stranded));
        checks.add(() -> assertTrue(drainOther.isEmpty(), "pooled connections failed after the failover: " + drainOther));
        checks.add(() -> assertTrue(stillFailing.isEmpty(), "pooled connections still failing on their second use: "
                + stillFailing));
        assertAll(checks);
    }

    private static Map<String, String> pick(Map<String, String> stats) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (String k : List.of("ActiveCount", "AvailableCount", "InUseCount", "CreatedCount", "DestroyedCount",
                "MaxUsedCount", "TimedOut")) {
            if (stats.containsKey(k)) {
                m.put(k, stats.get(k));
            }
        }
        return m;
    }

    private List<String> drain(long base) throws Exception {
        return Http.post(war, "probe/drain?jndi=" + server.writerJndi() + "&table=" + TABLE + "&count=" + MAX_POOL
                + "&base=" + base).lines().filter(l -> !l.isBlank()).toList();
    }
}
