package dev.aurorajca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;

import javax.naming.InitialContext;

import jakarta.ejb.EJBException;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.itsupport.server.Jdbc;
import dev.aurorajca.it.server.TxBean;

/**
 * In-server: JTA transactions over the writer factory, bean-managed ({@code UserTransaction}) and
 * container-managed (an EJB), and connection sharing inside one transaction.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AuroraAdapterSetup.class)
class TransactionIT {

    private static final String TABLE = "tx_it";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(order = 2) // unnamed: the default deployment, where in-server test methods run
    static WebArchive war() {
        return Deployments.testWar("transaction-it.war", TransactionIT.class);
    }

    private TxBean bean;
    private UserTransaction ut;

    @BeforeEach
    void lookups() throws Exception {
        InitialContext ctx = new InitialContext();
        bean = (TxBean) ctx.lookup("java:module/TxBean");
        ut = (UserTransaction) ctx.lookup("java:comp/UserTransaction");
        bean.createTable(TABLE);
    }

    @AfterEach
    void noTransactionLeftOpen() throws Exception {
        if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
            ut.rollback();
        }
    }

    @Test
    void userTransactionCommits() throws Exception {
        long id = IDS.incrementAndGet();
        ut.begin();
        Jdbc.insertRow(bean.writer(), TABLE, id);
        assertFalse(bean.committed(TABLE, id), "the row is visible outside the transaction before commit");
        ut.commit();
        assertTrue(bean.committed(TABLE, id), "the row is missing after UserTransaction.commit()");
    }

    @Test
    void userTransactionRollsBack() throws Exception {
        long id = IDS.incrementAndGet();
        ut.begin();
        Jdbc.insertRow(bean.writer(), TABLE, id);
        ut.rollback();
        assertFalse(bean.committed(TABLE, id), "the row survived UserTransaction.rollback()");
    }

    @Test
    void containerManagedTransactionCommits() throws Exception {
        long id = IDS.incrementAndGet();
        bean.insert(TABLE, id);
        assertTrue(bean.committed(TABLE, id), "the row is missing after the EJB method returned");
    }

    @Test
    void containerManagedTransactionRollsBackOnSystemException() throws Exception {
        long id = IDS.incrementAndGet();
        assertThrows(EJBException.class, () -> bean.insertThenFail(TABLE, id));
        assertFalse(bean.committed(TABLE, id), "the row survived the container's rollback");
    }

    @Test
    void twoHandlesInOneUserTransactionShareOneConnection() throws Exception {
        long id = IDS.incrementAndGet();
        ut.begin();
        try (Connection a = bean.writer().getConnection(); Connection b = bean.writer().getConnection()) {
            assertEquals(Jdbc.connectionId(a), Jdbc.connectionId(b),
                    "two handles in one transaction are on different MySQL connections");
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO " + TABLE + " (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            assertTrue(Jdbc.exists(b, TABLE, id), "the second handle does not see the first one's uncommitted row");
        }
        ut.rollback();
        assertFalse(bean.committed(TABLE, id), "the shared connection's work survived the rollback");
    }

    @Test
    void twoHandlesInOneContainerTransactionShareOneConnection() throws Exception {
        long id = IDS.incrementAndGet();
        long[] r = bean.twoHandles(TABLE, id);
        assertEquals(r[0], r[1], "two handles in one container-managed transaction are on different MySQL connections");
        assertEquals(1, r[2], "the second handle does not see the first one's uncommitted row");
        assertTrue(bean.committed(TABLE, id), "the row is missing after the EJB method returned");
    }
}
