package dev.aurorajca.itp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.itp.client.AuroraResources;
import dev.aurorajca.itp.client.Deployments;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itp.client.Timings;
import dev.aurorajca.itsupport.server.Await;

/**
 * Undeploying the rar ends the adapter's threads in the Payara JVM. The class's own WAR holds only
 * the probe servlet (no rar needed), so the test deploys the rar, creates the pools and resources,
 * uses both, removes the resources and pools, undeploys the rar, and then polls the server's live
 * threads until none is named {@code aurora-jca-…} (deadline 15 s).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {

    private static final String PREFIX = "aurora-jca-";
    private static final int CYCLES = 2;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.probeWar("lifecycle-itp.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void undeployingTheRarLeavesNoAdapterThread() throws Exception {
        StringBuilder report = new StringBuilder("rar lifecycle on Payara (" + CYCLES + " cycles)\n");
        List<String> before = threads();
        assertEquals(List.of(), before, "aurora-jca threads alive before the rar was deployed (an earlier class leaked them?)");
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            AuroraResources.setUp(TestCluster.healthy());
            List<String> during;
            try {
                for (String jndi : List.of(AuroraResources.WRITER_JNDI, AuroraResources.READER_JNDI)) {
                    String answer = Http.get(war, "probe/connect?jndi=" + jndi).trim();
                    if (!answer.startsWith("OK")) {
                        throw new AssertionError("cycle " + cycle + ": " + jndi + " did not work:\n" + answer);
                    }
                }
                during = threads();
            } finally {
                AuroraResources.tearDown();
            }
            long t0 = System.nanoTime();
            AtomicReference<List<String>> last = new AtomicReference<>(List.of());
            Await.until(Duration.ofSeconds(15), "cycle " + cycle + ": no thread named " + PREFIX + "… after undeploying the rar",
                    () -> {
                        last.set(threads());
                        return last.get().isEmpty();
                    }, () -> String.valueOf(last.get()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            report.append("cycle ").append(cycle).append(": adapter threads while in use ").append(during)
                    .append("; none left ").append(ms).append(" ms after undeploy returned\n");
        }
        Timings.write("lifecycle.txt", report.toString());
    }

    private List<String> threads() throws Exception {
        return Http.get(war, "probe/threads?prefix=" + PREFIX).lines().filter(l -> !l.isBlank()).toList();
    }
}
