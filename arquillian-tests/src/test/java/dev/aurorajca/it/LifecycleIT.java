package dev.aurorajca.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.it.client.Measurements;
import dev.aurorajca.it.client.Mgmt;
import dev.aurorajca.itsupport.server.Await;

/**
 * Deploys and undeploys the rar {@value #CYCLES} times through the management client's deployment
 * API, using both factories while deployed. After every undeploy, within {@link #SETTLE}:
 * <ul>
 * <li>no thread named {@code aurora-jca-…} is alive;</li>
 * <li>the server's thread count is back at its baseline: at most {@value #TOLERANCE} threads
 *     started since the baseline are still alive, and {@code thread-count} is at most the baseline
 *     + {@value #TOLERANCE}. The first check counts threads by id because WildFly's own pools
 *     shrink by dozens of idle threads a minute after boot, which can hide a thread leaked per
 *     cycle from the raw count.</li>
 * </ul>
 * The baseline is taken after one warm-up cycle: the first deployment of a rar makes WildFly
 * start JCA threads it keeps for its lifetime, which are not the adapter's.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AuroraAdapterSetup.class)
@RunAsClient
class LifecycleIT {

    static final int CYCLES = 10;
    /** Threads started after the baseline that may still be alive (a server pool growing by one or two). */
    static final int TOLERANCE = 2;
    static final String PREFIX = "aurora-jca-";
    static final Duration SETTLE = Duration.ofSeconds(15);

    /** Only the probe servlet: it deploys without the rar, which the test deploys itself. */
    @Deployment(testable = false)
    static WebArchive probe() {
        return Deployments.probeWar("lifecycle-probe.war");
    }

    @ArquillianResource
    URL probe;

    @ArquillianResource
    ManagementClient management;

    @Test
    void deployUndeployTenTimesLeavesNoThreadBehind() throws Exception {
        ModelControllerClient client = management.getControllerClient();
        if (Mgmt.isDeployed(client, Deployments.RAR_NAME)) {
            Mgmt.undeploy(client, Deployments.RAR_NAME);
        }
        cycle(client, 0, null); // warm-up
        Map<Long, String> baseline = Mgmt.threads(client);
        List<String> log = new ArrayList<>();
        try {
            for (int i = 1; i <= CYCLES; i++) {
                log.add(cycle(client, i, baseline));
            }
        } finally {
            String report = "lifecycle: " + CYCLES + " deploy/undeploy cycles of " + Deployments.RAR_NAME + "; baseline "
                    + baseline.size() + " threads after one warm-up cycle (tolerance " + TOLERANCE + ")\n  "
                    + String.join("\n  ", log) + "\n";
            System.out.print(report);
            Measurements.write("lifecycle.txt", report);
        }
    }

    /** One deploy / use / undeploy cycle; returns a line for the report. */
    private String cycle(ModelControllerClient client, int n, Map<Long, String> baseline) throws Exception {
        Mgmt.deploy(client, Deployments.RAR_NAME, Deployments.rarFile());
        long auroraWhileDeployed;
        try {
            String writer = Http.get(probe, "probe/connect?jndi=java:/aurora/writer").trim();
            String reader = Http.get(probe, "probe/connect?jndi=java:/aurora/reader").trim();
            assertTrue(writer.startsWith("OK"), "cycle " + n + ": writer factory failed: " + writer);
            assertTrue(reader.startsWith("OK"), "cycle " + n + ": reader factory failed: " + reader);
            auroraWhileDeployed = Mgmt.threads(client).values().stream().filter(t -> t.startsWith(PREFIX)).count();
        } finally {
            Mgmt.undeploy(client, Deployments.RAR_NAME);
        }
        long t0 = System.nanoTime();
        Await.until(SETTLE, "cycle " + n + ": no " + PREFIX + " thread alive after undeploy",
                () -> aurora(client).isEmpty(), () -> aurora(client).toString());
        if (baseline != null) {
            Await.until(SETTLE, "cycle " + n + ": at most " + TOLERANCE + " threads started since the baseline ("
                            + baseline.size() + " threads) still alive after undeploy",
                    () -> newSince(client, baseline).size() <= TOLERANCE,
                    () -> "alive and new: " + newSince(client, baseline));
            Await.until(SETTLE, "cycle " + n + ": thread-count back to the baseline " + baseline.size() + " (+" + TOLERANCE + ")",
                    () -> Mgmt.threadCount(client) <= baseline.size() + TOLERANCE,
                    () -> "thread-count " + threadCount(client) + ", alive and new: " + newSince(client, baseline));
        }
        return "cycle " + n + ": " + auroraWhileDeployed + " " + PREFIX + "threads while deployed; settled in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; thread-count " + Mgmt.threadCount(client)
                + (baseline == null ? "" : "; new since baseline " + newSince(client, baseline).values());
    }

    private static int threadCount(ModelControllerClient client) {
        try {
            return Mgmt.threadCount(client);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> aurora(ModelControllerClient client) {
        try {
            return Mgmt.threads(client).values().stream().filter(t -> t.startsWith(PREFIX)).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live threads whose id is above every id in the baseline (started after it). */
    private static Map<Long, String> newSince(ModelControllerClient client, Map<Long, String> baseline) {
        long maxId = baseline.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        try {
            return new TreeMap<>(Mgmt.threads(client).tailMap(maxId, false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
