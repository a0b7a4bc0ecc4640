package dev.aurorajca.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.it.client.WildFlyServer;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Http;

/**
 * WildFly's deployment configuration, not a scenario: the test WAR bundles no driver and sees the
 * driver's exception classes through the rar's module (MANIFEST
 * {@code Dependencies: deployment.aurora-jca.rar}, what {@code WildFlyServer.testWar} adds), so
 * application code can catch the very classes the adapter throws.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RarClassesIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("rar-classes-it.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void driverExceptionClassesComeFromTheRarsModule() throws Exception {
        for (String c : new String[] {"dev.aurorajca.driver.FailoverSuccessSQLException",
                "dev.aurorajca.driver.TransactionStateUnknownSQLException"}) {
            String answer = Http.get(war, "probe/class?name=" + c).trim();
            assertTrue(answer.startsWith("VISIBLE") && answer.contains("deployment." + WildFlyServer.RAR_NAME),
                    c + " should come from the rar's module, the WAR saw: " + answer);
        }
    }
}
