package dev.aurorajca.itp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static dev.aurorajca.itsupport.client.LoadClient.sample;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
import dev.aurorajca.itp.client.AuroraResources;
import dev.aurorajca.itp.client.Deployments;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itp.client.Timings;
import dev.aurorajca.itp.client.WithAuroraResources;
import dev.aurorajca.itsupport.client.LoadClient;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.WriteLoad.Request;

/**
 * Failover under load on Payara. The load runs in the server (8 threads, each getConnection +
 * autocommit INSERT + close every 10 ms through {@code jdbc/aurora/writer}, the WAR's
 * {@code /load} servlet); meanwhile the test, on the client JVM, has cluster-sim crash the writer
 * and promote a replica. Then: every request succeeded or failed with SQLState 08S02/08007 (first
 * failover state in the cause chain — no driver classes); every acknowledged row is on the new
 * writer; every request started 0.5 s or more after the promotion succeeded; every handle that got
 * 08S02/08007 worked on the new writer right after.
 */
@ExtendWith(ArquillianExtension.class)
@WithAuroraResources
@RunAsClient
class FailoverIT {

    private static final String TABLE = "failover_itp";
    private static final int THREADS = 8;
    private static final long PERIOD_MS = 10;
    private static final Duration ALL_OK_AFTER_PROMOTION = Duration.ofMillis(500);

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.testWar("failover-itp.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void failoverUnderLoad() throws Exception {
        SimCluster cluster = TestCluster.get();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY, thread INT,"
                    + " created TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))");
            s.execute("TRUNCATE TABLE " + TABLE);
        }

        LoadClient load = new LoadClient(war);
        // No driverClass: the WAR refers to no driver class; failures are classified by SQLState.
        load.start(AuroraResources.WRITER_JNDI, TABLE, THREADS, PERIOD_MS, null);
        List<Request> requests;
        FailoverResult failover;
        try {
            // Warm: every thread has had its pooled connection for a while before the crash.
            Await.until(Duration.ofSeconds(30), "200 successful requests before the failover",
                    () -> load.okSince(0) >= 200, () -> load.status(0));
            failover = cluster.failover();
            long allOkFrom = micros(failover.promotedAt().plus(ALL_OK_AFTER_PROMOTION));
            Await.until(Duration.ofSeconds(30), "400 successful requests started 0.5 s or more after the promotion",
                    () -> load.okSince(allOkFrom) >= 400, () -> load.status(allOkFrom));
        } finally {
            requests = load.stop();
        }

        Set<Long> present = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        report(failover, requests);

        long crashed = micros(failover.crashedAt());
        long allOkFrom = micros(failover.promotedAt().plus(ALL_OK_AFTER_PROMOTION));
        int newWriter = failover.newWriterId();
        List<Request> unexpected = requests.stream().filter(r -> !r.ok() && !r.failedOver()).toList();
        List<Long> lost = requests.stream().filter(Request::ok).map(Request::id).filter(id -> !present.contains(id)).toList();
        List<Request> lateFailures = requests.stream().filter(r -> r.startMicros() >= allOkFrom && !r.ok()).toList();
        long late = requests.stream().filter(r -> r.startMicros() >= allOkFrom).count();
        List<Request> unusable = requests.stream().filter(Request::failedOver).filter(r -> r.serverAfter() != newWriter).toList();

        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(unexpected.isEmpty(), unexpected.size() + " requests failed with something other than "
                + "08S02/08007, e.g.: " + sample(unexpected)));
        checks.add(() -> assertTrue(lost.isEmpty(), lost.size() + " acknowledged rows are missing on the new writer, e.g. "
                + lost.stream().limit(10).toList()));
        checks.add(() -> assertTrue(late > 0, "no request started 0.5 s after the promotion"));
        checks.add(() -> assertTrue(lateFailures.isEmpty(), lateFailures.size() + " of " + late
                + " requests started 0.5 s or more after the promotion failed, e.g.: " + sample(lateFailures)));
        checks.add(() -> assertTrue(unusable.isEmpty(), unusable.size() + " connections that reported 08S02/08007 were "
                + "not usable on the new writer " + newWriter + " right after: " + sample(unusable)));
        checks.add(() -> assertTrue(requests.stream().anyMatch(r -> r.ok() && r.startMicros() > crashed),
                "no request succeeded after the crash"));
        assertAll(checks);
    }

    private static void report(FailoverResult f, List<Request> requests) throws Exception {
        long crashed = micros(f.crashedAt());
        long promoted = micros(f.promotedAt());
        Request firstOk = requests.stream().filter(r -> r.ok() && r.startMicros() > crashed)
                .min((a, b) -> Long.compare(a.endMicros(), b.endMicros())).orElse(null);
        Map<String, Long> outcomes = new TreeMap<>(requests.stream()
                .collect(Collectors.groupingBy(Request::state, Collectors.counting())));
        long lastFailureStart = requests.stream().filter(r -> !r.ok()).mapToLong(Request::startMicros).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        sb.append("failover under load on Payara (").append(THREADS).append(" threads, one request per thread every ")
                .append(PERIOD_MS).append(" ms)\n");
        sb.append("writer ").append(f.oldWriterId()).append(" -> ").append(f.newWriterId())
                .append(", crash to promotion ").append((promoted - crashed) / 1000.0).append(" ms\n");
        sb.append("requests ").append(requests.size()).append(", outcomes ").append(outcomes).append('\n');
        sb.append("promotion to first successful request (completion): ")
                .append(firstOk == null ? "none" : ((firstOk.endMicros() - promoted) / 1000.0) + " ms").append('\n');
        sb.append("last failed request started ").append(lastFailureStart == 0 ? "-" : ((lastFailureStart - promoted) / 1000.0)
                + " ms after the promotion").append('\n');
        sb.append("08S02/08007 handles checked on the new writer right after: ")
                .append(requests.stream().filter(Request::failedOver).map(Request::afterFailover).toList()).append('\n');
        Timings.write("failover.txt", sb.toString());
    }
}
