package dev.aurorajca.itp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.itp.client.Asadmin;
import dev.aurorajca.itp.client.AuroraResources;
import dev.aurorajca.itp.client.Deployments;
import dev.aurorajca.itp.client.WithAuroraResources;
import dev.aurorajca.itsupport.client.TxEdgeScenarios;
import dev.aurorajca.itsupport.server.TxEdgeServlet;

/**
 * Issue 12 on Payara: {@link TxEdgeScenarios} (the same scenarios run on WildFly), with the
 * writer pool validating on checkout ({@code is-connection-validation-required=true}, the
 * setting the README recommends on Payara and the one the reporter ran).
 */
@ExtendWith(ArquillianExtension.class)
@WithAuroraResources
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TxEdgeIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.testWar("txedge-itp.war").addClasses(TxEdgeServlet.class);
    }

    @ArquillianResource
    URL war;

    private TxEdgeScenarios scenarios() throws Exception {
        Asadmin.Result r = Asadmin.run(Duration.ofSeconds(60), "set", "resources.connector-connection-pool."
                + AuroraResources.WRITER_POOL + ".is-connection-validation-required=true");
        assertTrue(r.ok(), "asadmin set is-connection-validation-required failed: " + r.output());
        Path log = Asadmin.home().resolve("glassfish/domains/domain1/logs/server.log");
        return new TxEdgeScenarios(war, AuroraResources.WRITER_JNDI, log);
    }

    @Test
    @Order(1) // first: the pool then holds exactly the connection the scenario used before the crash
    void beginBetweenCheckoutAndEnlistment() throws Exception {
        scenarios().beginBetweenCheckoutAndEnlistment();
    }

    @Test
    @Order(2)
    void failoverDuringCommitWithWrites() throws Exception {
        scenarios().failoverDuringCommit(true);
    }

    @Test
    @Order(3)
    void failoverDuringCommitOfEmptyTransaction() throws Exception {
        scenarios().failoverDuringCommit(false);
    }

    @Test
    @Order(4)
    void failoverRightAfterCommit() throws Exception {
        scenarios().failoverRightAfterCommit();
    }
}
