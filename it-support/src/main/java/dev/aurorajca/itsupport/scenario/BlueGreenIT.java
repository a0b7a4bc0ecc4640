package dev.aurorajca.itsupport.scenario;

import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static dev.aurorajca.itsupport.client.LoadClient.sample;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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

import dev.aurorajca.clustersim.SimBlueGreen;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.LoadClient;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.LoadServlet;
import dev.aurorajca.itsupport.server.WriteLoad;
import dev.aurorajca.itsupport.server.WriteLoad.Request;

/**
 * A blue/green switchover under continuous writes through the adapter (issue 16). The run's own
 * cluster-sim blue/green deployment (2 + 2 nodes, Aurora mode) whose names differ from the suite
 * cluster's ({@code clusterName}/{@code clusterId}) and go into the suite cluster's hosts file (the
 * one file the server JVM resolves through, {@code -Djdk.net.hosts.file}; the server runs with
 * {@code -Dsun.net.inetaddr.ttl=0} so it sees names move). The adapter gets one writer definition
 * on blue's cluster endpoint with {@code Plugins=bg,failover}; {@value #THREADS} server threads each
 * getConnection + autocommit INSERT + close every {@value #PERIOD_MS} ms ({@code /load}) while
 * cluster-sim switches over ({@code phaseMs} {@value #PHASE_MS}, DNS lag {@value #DNS_LAG_MS} ms).
 * Checks: every request succeeded or failed with {@code 08S02}/{@code 08007}; at most one failed
 * per thread (only the statement each had in flight at the switch); every acknowledged row is on
 * green; every request started after the switchover completed succeeded and its row is on green
 * and not on the old blue.
 * <p>
 * WildFly only (excluded in the Payara module's pom): the Payara domain's JVM caches name lookups
 * (no {@code sun.net.inetaddr.ttl} set there) and its build time has no room for another
 * deployment.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
class BlueGreenIT {

    private static final String TABLE = "bg_load";
    private static final String PLUGINS = "bg,failover";
    private static final int THREADS = 4;
    private static final long PERIOD_MS = 10;
    private static final int POOL = 10;
    private static final long PHASE_MS = 500;
    private static final long DNS_LAG_MS = 2000;
    /** Requests that must succeed after completion (about 1 s of load) before the load stops. */
    private static final int AFTER_COMPLETION = 200;

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        // No resource refs (the adapter is deployed by the test, after the WAR): probe + load servlets.
        return AppServer.get().probeWar("blue-green-it.war")
                .addClasses(LoadServlet.class, WriteLoad.class, WriteLoad.Request.class);
    }

    @ArquillianResource
    URL war;

    @Test
    void switchoverUnderWritesThroughTheAdapter() throws Exception {
        SimCluster suite = TestCluster.get(); // owns the hosts file the server resolves through
        long t0 = System.nanoTime();
        try (SimCluster blue = SimCluster.builder().nodes(2).aurora(true).blueGreen(true)
                .clusterName("bgit").clusterId("czbgitclusterx").sharedHostsFile(suite).start()) {
            long startedMs = (System.nanoTime() - t0) / 1_000_000;
            SimBlueGreen bg = blue.blueGreen().orElseThrow();
            SimCluster green = bg.green();
            try (Connection root = blue.adminConnection(blue.writer().id()); Statement s = root.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, thread INT, created TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))");
            }
            String blueEndpoint = blue.clusterEndpoint().orElseThrow();
            Definition writer = Definition.pair(blue, POOL).get(0).with("Plugins", PLUGINS).with("ClusterId", "aurora-bg-it");
            List<Request> requests;
            SimBlueGreen.Result result;
            try {
                server.deployAdapter(List.of(writer));
                LoadClient load = new LoadClient(war);
                load.start(server.writerJndi(), TABLE, THREADS, PERIOD_MS, null);
                try {
                    Await.until(Duration.ofSeconds(30), "300 successful requests on blue before the switchover",
                            () -> load.okSince(0) >= 300, () -> load.status(0));
                    result = bg.switchover(SimBlueGreen.options().phaseMs(PHASE_MS).dnsLagMs(DNS_LAG_MS));
                    long completed = micros(completedAt(result));
                    Await.until(Duration.ofSeconds(30), AFTER_COMPLETION + " successful requests started after completion",
                            () -> load.okSince(completed) >= AFTER_COMPLETION, () -> load.status(completed));
                } finally {
                    requests = load.stop();
                }
            } finally {
                server.undeployAdapter();
            }
            Set<Long> onGreen = ids(green);
            Set<Long> onBlue = ids(blue);
            check(result, requests, onGreen, onBlue, blueEndpoint, startedMs);
        }
    }

    private void check(SimBlueGreen.Result result, List<Request> requests, Set<Long> onGreen, Set<Long> onBlue,
            String blueEndpoint, long startedMs) throws Exception {
        long completed = micros(completedAt(result));
        List<Request> unexpected = requests.stream().filter(r -> !r.ok() && !r.failedOver()).toList();
        List<Request> failed = requests.stream().filter(r -> !r.ok()).toList();
        Map<Integer, Long> failuresPerThread = failed.stream()
                .collect(Collectors.groupingBy(Request::thread, TreeMap::new, Collectors.counting()));
        List<Long> lost = requests.stream().filter(Request::ok).map(Request::id).filter(id -> !onGreen.contains(id)).toList();
        List<Request> after = requests.stream().filter(r -> r.startMicros() >= completed).toList();
        List<Request> afterFailed = after.stream().filter(r -> !r.ok()).toList();
        List<Long> afterNotOnGreen = after.stream().filter(Request::ok).map(Request::id).filter(id -> !onGreen.contains(id)).toList();
        List<Long> afterOnBlue = after.stream().map(Request::id).filter(onBlue::contains).toList();
        Map<String, Long> outcomes = new TreeMap<>(requests.stream().collect(Collectors.groupingBy(Request::state, Collectors.counting())));
        long longestGap = longestGapMicros(requests);

        StringBuilder report = new StringBuilder();
        report.append("blue/green switchover on ").append(server.name()).append(" through the adapter (Plugins=").append(PLUGINS).append(", ")
                .append(blueEndpoint).append("), ").append(THREADS).append(" threads, one request per thread every ")
                .append(PERIOD_MS).append(" ms; phaseMs ").append(PHASE_MS).append(", DNS lag ").append(DNS_LAG_MS).append(" ms\n");
        report.append("deployment 2 + 2 started in ").append(startedMs).append(" ms; the sim blocked writes for ")
                .append(result.writesBlocked().toMillis()).append(" ms; phases ").append(result.phases()).append('\n');
        report.append("requests ").append(requests.size()).append(", outcomes ").append(outcomes)
                .append(", failures per thread ").append(failuresPerThread).append('\n');
        report.append("requests started after completion ").append(after.size()).append(", longest pause between acknowledged writes ")
                .append(longestGap / 1000).append(" ms\n");
        if (!failed.isEmpty()) {
            report.append("failed:").append(sample(failed)).append('\n');
        }
        System.out.print(report);
        Files.createDirectories(server.measurements());
        Files.writeString(server.measurements().resolve("blue-green.txt"), report);

        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertFalse(result.rolledBack(), "the switchover rolled back"));
        checks.add(() -> assertTrue(unexpected.isEmpty(), unexpected.size() + " requests failed with something other than "
                + "08S02/08007, e.g.: " + sample(unexpected)));
        checks.add(() -> assertTrue(failuresPerThread.values().stream().allMatch(n -> n <= 1), "a thread saw more than one "
                + "failed request (only the statement in flight at the switch may fail): " + failuresPerThread + sample(failed)));
        checks.add(() -> assertTrue(lost.isEmpty(), lost.size() + " acknowledged rows are missing on green, e.g. "
                + lost.stream().limit(10).toList()));
        checks.add(() -> assertTrue(after.size() >= AFTER_COMPLETION, "only " + after.size() + " requests started after completion"));
        checks.add(() -> assertTrue(afterFailed.isEmpty(), afterFailed.size() + " requests started after completion failed, e.g.: "
                + sample(afterFailed)));
        checks.add(() -> assertTrue(afterNotOnGreen.isEmpty(), afterNotOnGreen.size() + " rows written after completion are "
                + "not on green, e.g. " + afterNotOnGreen.stream().limit(10).toList()));
        checks.add(() -> assertTrue(afterOnBlue.isEmpty(), afterOnBlue.size() + " rows written after completion are on the "
                + "old blue, e.g. " + afterOnBlue.stream().limit(10).toList()));
        assertAll(checks);
    }

    private static Instant completedAt(SimBlueGreen.Result result) {
        return result.phases().stream().filter(p -> p.phase() == SimBlueGreen.Phase.COMPLETED).reduce((a, b) -> b)
                .map(SimBlueGreen.PhaseChange::at)
                .orElseThrow(() -> new AssertionError("the switchover did not complete: " + result.phases()));
    }

    /** The longest time between two consecutive acknowledged writes (any thread), in microseconds. */
    private static long longestGapMicros(List<Request> requests) {
        long[] ends = requests.stream().filter(Request::ok).mapToLong(Request::endMicros).sorted().toArray();
        long gap = 0;
        for (int i = 1; i < ends.length; i++) {
            gap = Math.max(gap, ends[i] - ends[i - 1]);
        }
        return gap;
    }

    /** Every id in the table on the cluster's writer, read as root on the server port (no names, no proxy). */
    private static Set<Long> ids(SimCluster c) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection root = c.adminConnection(c.writer().id()); Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + c.database() + "." + TABLE)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
