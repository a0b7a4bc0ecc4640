package dev.aurorajca.console;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.console.client.Browser;
import dev.aurorajca.console.client.Hal;
import dev.aurorajca.console.client.Probe;
import dev.aurorajca.console.client.ProbeWar;
import dev.aurorajca.console.client.WildFly;
import dev.aurorajca.itsupport.client.AdapterProperties;
import dev.aurorajca.itsupport.client.TestCluster;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README "Deploying on WildFly", step 3, in headless Chromium: HAL adds resource adapter
 * {@code aurora} (archive {@code aurora-jca.rar}, LocalTransaction), a writer and a reader connection
 * definition with their config properties, reloads the server;
 * then the rar and a probe WAR are deployed and a connection from each JNDI name must reach
 * cluster-sim's writer, respectively a reader. Browser, server and cluster stop also on failure.
 */
class WildFlyConsoleIT {

    @Test
    void halConfiguresWriterAndReaderThatAnApplicationUses() throws Exception {
        Path work = Path.of(System.getProperty("console.work", "target"));
        Path docs = Path.of(System.getProperty("console.docs", "../docs"));
        Path rar = Path.of(System.getProperty("aurora.rar", "target/deployments/aurora-jca.rar"));
        try (Browser browser = new Browser(docs, work.resolve("console-failures"), Duration.ofSeconds(90), "1280,900");
             WildFly server = new WildFly(WildFly.homeFromProperty(), work)) {
            // After the browser, so a missing Chromium fails before anything starts.
            SimCluster cluster = TestCluster.healthy();
            server.start(Duration.ofMinutes(3));
            Hal hal = new Hal(browser, server);
            try {
                hal.open();
                hal.addResourceAdapter("aurora", "aurora-jca.rar");
                hal.transactionSupport("LocalTransaction");
                hal.addConnectionDefinition("writer", "java:/aurora/writer", props(cluster, false),
                        "wildfly-hal-3-writer");
                hal.addConnectionDefinition("reader", "java:/aurora/reader", props(cluster, true),
                        "wildfly-hal-4-reader");
                hal.reload();
            } catch (Throwable t) {
                browser.dumpFailure("wildfly-hal");
                throw t;
            }
            server.deploy(rar, Duration.ofMinutes(2));
            server.deploy(ProbeWar.write(work.resolve("run-wildfly-war"), "probe.war"), Duration.ofMinutes(2));
            URL app = new URL("http://127.0.0.1:" + server.httpPort() + "/probe/");
            Probe.assertWriter(app, "java:/aurora/writer", cluster);
            Probe.assertReader(app, "java:/aurora/reader", cluster);
        }
    }

    static Map<String, String> props(SimCluster cluster, boolean readOnly) {
        return AdapterProperties.of(cluster, "aurora-console", readOnly);
    }
}
