package dev.aurorajca.it;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.itsupport.client.TxEdgeScenarios;
import dev.aurorajca.itsupport.server.TxEdgeServlet;

/** Issue 12 on WildFly: {@link TxEdgeScenarios} (the same scenarios run on Payara). */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AuroraAdapterSetup.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TxEdgeIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(order = 2, testable = false)
    static WebArchive war() {
        return Deployments.testWar("txedge-it.war", TxEdgeServlet.class);
    }

    @ArquillianResource
    URL war;

    private TxEdgeScenarios scenarios() {
        return new TxEdgeScenarios(war, "java:/aurora/writer", Deployments.serverLog());
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
