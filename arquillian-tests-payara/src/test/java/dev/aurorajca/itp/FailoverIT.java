package dev.aurorajca.itp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import dev.aurorajca.itp.client.Http;
import dev.aurorajca.itp.client.TestCluster;
import dev.aurorajca.itp.client.Timings;
import dev.aurorajca.itp.client.WithAuroraResources;
import dev.aurorajca.itp.server.Await;

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

    /** One request of the server-side load, parsed from the load servlet's line. */
    record Request(int thread, long id, long startMicros, long endMicros, String state, int errorCode,
                   String afterFailover, String detail) {
        static Request parse(String line) {
            String[] f = line.split("\t", 8);
            return new Request(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    f[4], Integer.parseInt(f[5]), f[6], f.length > 7 ? f[7] : "");
        }

        boolean ok() {
            return "OK".equals(state);
        }

        boolean failedOver() {
            return "08S02".equals(state) || "08007".equals(state);
        }

        int serverAfter() {
            return afterFailover.matches("\\d+@\\d+") ? Integer.parseInt(afterFailover.split("@")[1]) : -1;
        }
    }

    static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    @Test
    void failoverUnderLoad() throws Exception {
        SimCluster cluster = TestCluster.get();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY, thread INT,"
                    + " created TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))");
            s.execute("TRUNCATE TABLE " + TABLE);
        }

        Http.post(war, "load/start?jndi=" + AuroraResources.WRITER_JNDI + "&table=" + TABLE + "&threads=" + THREADS
                + "&periodMs=" + PERIOD_MS);
        List<Request> requests;
        FailoverResult failover;
        try {
            // Warm: every thread has had its pooled connection for a while before the crash.
            Await.until(Duration.ofSeconds(30), "200 successful requests before the failover",
                    () -> okSince(0) >= 200, () -> status(0));
            failover = cluster.failover();
            long allOkFrom = micros(failover.promotedAt().plus(ALL_OK_AFTER_PROMOTION));
            Await.until(Duration.ofSeconds(30), "400 successful requests started 0.5 s or more after the promotion",
                    () -> okSince(allOkFrom) >= 400, () -> status(allOkFrom));
        } finally {
            requests = Http.post(war, "load/stop").lines().filter(l -> !l.isBlank()).map(Request::parse).toList();
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

    private long okSince(long micros) throws Exception {
        return Long.parseLong(status(micros).split(" ")[1]);
    }

    private String status(long sinceMicros) {
        try {
            return Http.get(war, "load/status?since=" + sinceMicros).trim();
        } catch (Exception e) {
            return "status unavailable: " + e;
        }
    }

    private static String sample(List<Request> rs) {
        return rs.stream().limit(5).map(r -> "\n  [thread " + r.thread() + " " + r.state() + "/" + r.errorCode() + "] "
                + r.afterFailover() + " " + r.detail()).collect(Collectors.joining());
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
