package dev.aurorajca.itp;

import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itp.client.AuroraResources;
import dev.aurorajca.itp.client.Deployments;
import dev.aurorajca.itp.client.Timings;
import dev.aurorajca.itp.client.WithAuroraResources;
import dev.aurorajca.itsupport.client.FailoverOutcome;
import dev.aurorajca.itsupport.client.LoadClient;
import dev.aurorajca.itsupport.client.LoadTable;
import dev.aurorajca.itsupport.client.TestCluster;
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
        LoadTable.recreate(cluster, TABLE);

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

        Set<Long> present = LoadTable.ids(cluster, TABLE);
        FailoverOutcome outcome = new FailoverOutcome(failover, requests, ALL_OK_AFTER_PROMOTION);
        StringBuilder report = outcome.report("failover under load on Payara (" + THREADS
                + " threads, one request per thread every " + PERIOD_MS + " ms)");
        report.append("08S02/08007 handles checked on the new writer right after: ")
                .append(outcome.failedOver().stream().map(Request::afterFailover).toList()).append('\n');
        Timings.write("failover.txt", report.toString());

        assertAll(outcome.checks(present));
    }
}
