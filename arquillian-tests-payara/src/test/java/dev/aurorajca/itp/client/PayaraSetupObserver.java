package dev.aurorajca.itp.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.aurorajca.itsupport.client.TestCluster;

/**
 * Arquillian observer (client JVM):
 * <ul>
 * <li>before Payara starts: the ports domain1 binds on all interfaces must be free — a Payara or
 * anything else already there fails the run with a message instead of being used by accident;</li>
 * <li>after Payara starts: boots the domain through the Arquillian adapter (see {@link #afterStart}).</li>
 * </ul>
 * The adapter itself is configured before each scenario's WAR by it-support's {@code AdapterObserver}
 * through {@link PayaraServer}.
 */
public class PayaraSetupObserver {

    /** domain1's listeners: admin, HTTP, HTTPS, IIOP, JMS, JMX. */
    static final int[] PORTS = {4848, 8080, 8181, 3700, 7676, 8686};

    private long startNanos;

    public void beforeStart(@Observes BeforeStart event) {
        // cluster-sim's start and heal durations go to timings.txt like every other expensive step.
        TestCluster.reportTimingsTo(Timings::record);
        List<String> busy = new ArrayList<>();
        for (int port : PORTS) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                busy.add(port + " (" + e.getMessage() + ")");
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("Payara's domain1 needs ports " + java.util.Arrays.toString(PORTS)
                    + " free on all interfaces, but these are in use: " + busy + ". Another Payara (a crashed run: "
                    + "`target/payara6/bin/asadmin stop-domain`) or another server holds them; this module does not "
                    + "attach to a running server.");
        }
        try {
            java.nio.file.Files.deleteIfExists(Timings.dir().resolve("timings.txt")); // one run per file
        } catch (IOException e) {
            // the file is only a report
        }
        startNanos = System.nanoTime();
    }

    /**
     * The Payara adapter's {@code start()} only checks that no server runs; it starts the domain in
     * its first {@code deploy()}. The adapter must be configured before the first test WAR deploys,
     * so boot the domain here through the adapter itself: deploy and undeploy an empty WAR (its
     * own {@code start-domain}, shutdown hook and REST client; Arquillian's {@code stop()} stops it).
     */
    public void afterStart(@Observes AfterStart event) throws Exception {
        DeployableContainer<?> container = event.getDeployableContainer();
        WebArchive boot = ShrinkWrap.create(WebArchive.class, "aurora-itp-boot.war")
                .addAsWebResource(new StringAsset("boot"), "index.html");
        container.deploy(boot);
        container.undeploy(boot);
        Timings.record("payara start-domain (by the Arquillian adapter) + empty WAR deploy/undeploy",
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}
