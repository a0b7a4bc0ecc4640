package dev.aurorajca.itsupport.scenario;

import static dev.aurorajca.itsupport.scenario.Answers.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Http;

/**
 * JTA over the writer factory: container-managed transactions in a stateless EJB (commit; rollback
 * on a system exception; two handles in one transaction share one MySQL connection) and
 * bean-managed ones ({@code UserTransaction}) in a servlet. The scenarios run in the server
 * ({@code /tx/*}, it-support's {@code TxServlet}); the test checks the facts they report.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionIT {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("transaction-it.war");
    }

    @ArquillianResource
    URL war;

    private String[] run(String scenario) throws Exception {
        return ok(Http.get(war, "tx/" + scenario + "?id=" + IDS.incrementAndGet()));
    }

    @Test
    void containerManagedTransactionCommits() throws Exception {
        assertEquals("1", run("cmt-commit")[1], "the row is missing after the EJB method returned");
    }

    @Test
    void containerManagedTransactionRollsBackOnSystemException() throws Exception {
        String[] r = run("cmt-rollback");
        assertEquals("1", r[1], "the EJB call did not end with an EJBException");
        assertEquals("0", r[2], "the row survived the container's rollback");
    }

    @Test
    void twoHandlesInOneContainerTransactionShareOneConnection() throws Exception {
        String[] r = run("cmt-two-handles");
        assertEquals(r[1], r[2], "two handles in one container-managed transaction are on different MySQL connections");
        assertEquals("1", r[3], "the second handle does not see the first one's uncommitted row");
        assertEquals("1", r[4], "the row is missing after the EJB method returned");
    }

    @Test
    void userTransactionCommits() throws Exception {
        String[] r = run("ut-commit");
        assertEquals("0", r[1], "the row was visible outside the transaction before commit");
        assertEquals("1", r[2], "the row is missing after UserTransaction.commit()");
    }

    @Test
    void userTransactionRollsBack() throws Exception {
        assertEquals("0", run("ut-rollback")[1], "the row survived UserTransaction.rollback()");
    }

    @Test
    void twoHandlesInOneUserTransactionShareOneConnection() throws Exception {
        String[] r = run("ut-two-handles");
        assertEquals(r[1], r[2], "two handles in one UserTransaction are on different MySQL connections");
        assertEquals("1", r[3], "the second handle does not see the first one's uncommitted row");
        assertEquals("0", r[4], "the shared connection's work survived the rollback");
    }
}
