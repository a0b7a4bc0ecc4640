package dev.aurorajca.console;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.console.client.Browser;
import dev.aurorajca.console.client.Payara;
import dev.aurorajca.console.client.PayaraConsole;
import dev.aurorajca.console.client.Probe;
import dev.aurorajca.console.client.ProbeWar;
import dev.aurorajca.itsupport.client.AdapterProperties;
import dev.aurorajca.itsupport.client.TestCluster;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README "Deploying on Payara 6", admin console, in headless Chromium: with the rar deployed by
 * asadmin, the console creates connector connection pools {@code aurora-writer-pool} and
 * {@code aurora-reader-pool} ({@code ReadOnly=true}) with LocalTransaction, connection validation
 * and the adapter's properties, the connector resources {@code jdbc/aurora/writer} and
 * {@code jdbc/aurora/reader}, and pings both pools; then a probe WAR is deployed and a connection
 * from each JNDI name must reach cluster-sim's writer, respectively a reader. Browser, server and
 * cluster stop also on failure.
 */
class PayaraConsoleIT {

    @Test
    void adminConsoleCreatesPoolsAndResourcesThatAnApplicationUses() throws Exception {
        Path work = Path.of(System.getProperty("console.work", "target"));
        Path docs = Path.of(System.getProperty("console.docs", "../docs"));
        Path rar = Path.of(System.getProperty("aurora.rar", "target/deployments/aurora-jca.rar"));
        try (Browser browser = new Browser(docs, work.resolve("console-failures"), Duration.ofSeconds(90), "1600,1000");
             Payara server = new Payara(Payara.homeFromProperty(), work)) {
            // After the browser, so a missing Chromium fails before anything starts.
            SimCluster cluster = TestCluster.healthy();
            server.start();
            server.admin(Duration.ofMinutes(3), "deploy", "--type", "rar", "--name", "aurora-jca", rar.toString());
            PayaraConsole console = new PayaraConsole(browser, server);
            try {
                console.open();
                console.newPool("aurora-writer-pool", props(cluster, false), "payara-console-1-writer-pool");
                console.newResource("jdbc/aurora/writer", "aurora-writer-pool", "payara-console-2-writer-resource");
                console.newPool("aurora-reader-pool", props(cluster, true), null);
                console.newResource("jdbc/aurora/reader", "aurora-reader-pool", null);
                console.ping("aurora-writer-pool", "payara-console-3-ping");
                console.ping("aurora-reader-pool", null);
            } catch (Throwable t) {
                browser.dumpFailure("payara-console");
                throw t;
            }
            server.admin(Duration.ofMinutes(3), "deploy", "--name", "probe", "--contextroot", "probe",
                    ProbeWar.write(work.resolve("run-payara-war"), "probe.war").toString());
            URL app = new URL("http://127.0.0.1:" + server.httpPort() + "/probe/");
            Probe.assertWriter(app, "jdbc/aurora/writer", cluster);
            Probe.assertReader(app, "jdbc/aurora/reader", cluster);
        }
    }

    static Map<String, String> props(SimCluster cluster, boolean readOnly) {
        return AdapterProperties.of(cluster, "aurora-console", readOnly);
    }
}
