package dev.aurorajca.it;

import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static dev.aurorajca.itsupport.client.LoadClient.sample;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.it.client.Measurements;
import dev.aurorajca.it.client.Mgmt;
import dev.aurorajca.itsupport.client.FailoverOutcome;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.LoadClient;
import dev.aurorajca.itsupport.client.LoadTable;
import dev.aurorajca.itsupport.client.ServerLog;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.WriteLoad.Request;

/**
 * Failover under load. The load runs in the server (16 threads writing through
 * {@code java:/aurora/writer}, driven by the test WAR's {@code /load} servlet); the test, on the
 * client JVM, fails cluster-sim over meanwhile and then checks every request's outcome, that no
 * acknowledged row is lost, the pool's statistics, and that no pooled connection is left on the
 * demoted (restarted, now read-only) old writer.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AuroraAdapterSetup.class)
@RunAsClient
class FailoverIT {

    private static final String WRITER_JNDI = "java:/aurora/writer";
    private static final String TABLE = "failover_load";
    private static final int THREADS = 16;
    private static final long PERIOD_MS = 10;
    private static final Duration ALL_OK_AFTER_PROMOTION = Duration.ofMillis(500);

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(order = 2, testable = false) // unnamed: the default deployment (URL, management client)
    static WebArchive war() {
        return Deployments.testWar("failover-it.war");
    }

    @ArquillianResource
    URL war;

    @ArquillianResource
    ManagementClient management;

    @Test
    void failoverUnderLoad() throws Exception {
        SimCluster cluster = TestCluster.get();
        ModelControllerClient client = management.getControllerClient();
        LoadTable.recreate(cluster, TABLE);

        ServerLog log = ServerLog.mark(Deployments.serverLog());
        LoadClient load = new LoadClient(war);
        // The WAR sees the driver (rar module): each failure also records whether its chain holds
        // the driver's FailoverSQLException. Recorded only; the checks go by SQLState.
        load.start(WRITER_JNDI, TABLE, THREADS, PERIOD_MS, "dev.aurorajca.driver.FailoverSQLException");
        List<Request> requests;
        FailoverResult failover;
        Map<String, String> statsBefore;
        Map<String, String> statsAfter;
        try {
            // Warm: every thread has had its pooled connection for a while before the crash.
            Await.until(Duration.ofSeconds(30), "500 successful requests before the failover",
                    () -> load.okSince(0) >= 500, () -> load.status(0));
            statsBefore = Mgmt.poolStatistics(client, "writer");

            failover = cluster.failover();

            long allOkFrom = micros(failover.promotedAt().plus(ALL_OK_AFTER_PROMOTION));
            Await.until(Duration.ofSeconds(30), "1000 successful requests started 0.5 s or more after the promotion",
                    () -> load.okSince(allOkFrom) >= 1000, () -> load.status(allOkFrom));
        } finally {
            requests = load.stop();
        }
        statsAfter = Mgmt.poolStatistics(client, "writer");
        // Connections the pool destroyed because the adapter said at checkout they were invalid
        // (a dead link before any failover), as opposed to destroyed after an error event.
        long destroyedAtCheckout = log.count("IJ000621");
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
        long pooled = Mgmt.poolStatistic(client, "writer", "ActiveCount");
        List<String> drain1 = drain(pooled, 9_000_000_000L);
        List<String> drain2 = drain(pooled, 9_100_000_000L);

        Set<Long> present = LoadTable.ids(cluster, TABLE);

        FailoverOutcome outcome = new FailoverOutcome(failover, requests, ALL_OK_AFTER_PROMOTION);
        report(outcome, statsBefore, statsAfter, drain1, drain2, pooled, destroyedAtCheckout);

        long destroyed = Long.parseLong(statsAfter.get("DestroyedCount")) - Long.parseLong(statsBefore.get("DestroyedCount"));
        List<Request> notKept = outcome.failedOver().stream()
                .filter(r -> r.connectionAfter() >= 0 && !openOnNewWriter.contains(r.connectionAfter())).toList();
        List<String> stranded = new ArrayList<>();
        for (String l : drain1) {
            if (l.startsWith("ERR") && l.split(" ", 5)[3].equals("true")) {
                stranded.add(l);
            }
        }
        List<String> stillFailing = drain2.stream().filter(l -> !l.startsWith("OK")).toList();
        List<String> drainOther = drain1.stream().filter(l -> !l.startsWith("OK") && !l.startsWith("ERR 08S02")
                && !l.startsWith("ERR 08007") && !stranded.contains(l)).toList();

        // The checks every server passes, then WildFly's stricter ones (pool statistics, the pool keeps
        // failed-over connections, the drain after the old writer rejoined read-only).
        List<Executable> checks = new ArrayList<>(outcome.checks(present));
        checks.add(() -> assertTrue(notKept.isEmpty(), notKept.size() + " connections that failed over successfully were "
                + "closed afterwards (the pool destroyed them?): " + sample(notKept)));
        checks.add(() -> assertEquals(destroyedAtCheckout, destroyed, "the pool destroyed " + destroyed
                + " connections during the failover, only " + destroyedAtCheckout + " of them at checkout validation "
                + "(IJ000621); the rest after an error event (statistics before " + statsBefore + ", after "
                + statsAfter + ")"));
        checks.add(() -> assertTrue(stranded.isEmpty(), stranded.size() + " pooled connections failed with 1290 (left on "
                + "the demoted writer): " + stranded));
        checks.add(() -> assertTrue(drainOther.isEmpty(), "pooled connections failed after the failover: " + drainOther));
        checks.add(() -> assertTrue(stillFailing.isEmpty(), "pooled connections still failing on their second use: "
                + stillFailing));
        assertAll(checks);
    }

    private List<String> drain(long count, long base) throws Exception {
        return Http.post(war, "probe/drain?jndi=" + WRITER_JNDI + "&table=" + TABLE + "&count=" + Math.max(1, count)
                + "&base=" + base).lines().filter(l -> !l.isBlank()).toList();
    }

    private static void report(FailoverOutcome outcome, Map<String, String> before,
                               Map<String, String> after, List<String> drain1, List<String> drain2, long pooled,
                               long destroyedAtCheckout)
            throws Exception {
        StringBuilder sb = outcome.report("failover under load (" + THREADS + " threads, one request per thread every "
                + PERIOD_MS + " ms)");
        sb.append("pool before ").append(pick(before)).append('\n');
        sb.append("pool after  ").append(pick(after)).append('\n');
        sb.append("destroyed at checkout validation (IJ000621, link dead before any failover): ")
                .append(destroyedAtCheckout).append('\n');
        sb.append("08S02/08007 connections checked on the new writer afterwards: ")
                .append(outcome.failedOver().stream().map(Request::afterFailover).toList()).append('\n');
        sb.append("drain of ").append(pooled).append(" pooled connections after the old writer rejoined read-only: ")
                .append(drain1).append("; second use: ").append(drain2).append('\n');
        System.out.print(sb);
        Measurements.write("failover.txt", sb.toString());
    }

    private static Map<String, String> pick(Map<String, String> stats) {
        Map<String, String> m = new TreeMap<>();
        for (String k : List.of("ActiveCount", "AvailableCount", "InUseCount", "CreatedCount", "DestroyedCount",
                "MaxUsedCount", "TimedOut")) {
            if (stats.containsKey(k)) {
                m.put(k, stats.get(k));
            }
        }
        return m;
    }
}
