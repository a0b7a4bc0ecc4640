package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import jakarta.resource.spi.LocalTransactionException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Error-event policy: only really unusable connections are reported to the pool")
@org.junit.jupiter.api.Tag("unit")
class ErrorEventPolicyTest extends OneManagedConnection {

    @Test
    @DisplayName("08S02 from a statement reaches the application unchanged, without an error event")
    void failoverSuccessIsNotAnError() throws Exception {
        SQLException failover = new FailoverSuccessSQLException("moved to instance-2", null);
        fake.failOn("execute", () -> failover);
        Statement st = handle.createStatement();
        SQLException seen = assertThrows(SQLException.class, () -> st.execute("update t set x = 1"));
        assertSame(failover, seen);
        assertEquals(List.of(), fx.events.types);
        assertTrue(fx.factory.getInvalidConnections(java.util.Set.of(mc)).isEmpty(), "still valid for the pool");
    }

    @Test
    @DisplayName("08007 from commit reaches the application, without an error event")
    void transactionStateUnknownIsNotAnError() throws Exception {
        SQLException unknown = new TransactionStateUnknownSQLException("moved during a transaction", null);
        fake.failOn("commit", () -> unknown);
        handle.setAutoCommit(false);
        assertSame(unknown, assertThrows(SQLException.class, handle::commit));
        assertFalse(fx.events.types.contains(ERROR));
    }

    @Test
    @DisplayName("08001 (failover failed) fires CONNECTION_ERROR_OCCURRED with the exception, before it is thrown, once")
    void failoverFailedIsAnError() throws Exception {
        SQLException failed = new FailoverFailedSQLException("no writer within 300000 ms", null);
        fake.failOn("executeQuery", () -> {
            fake.usable = false;
            return failed;
        });
        Statement st = handle.createStatement();
        assertSame(failed, assertThrows(SQLException.class, () -> st.executeQuery("select 1")));
        assertEquals(List.of(ERROR), fx.events.types);
        assertSame(failed, fx.events.last().getException());
        assertThrows(SQLException.class, () -> st.executeQuery("select 1"));
        assertEquals(List.of(ERROR), fx.events.types, "one error event per managed connection");
    }

    @Test
    @DisplayName("a broken physical link that no failover replaced (unusable, 08S01) is an error")
    void deadLinkIsAnError() throws Exception {
        fake.failOn("prepareStatement", () -> {
            fake.usable = false;
            return new SQLException("Communications link failure", "08S01");
        });
        assertThrows(SQLException.class, () -> handle.prepareStatement("select 1"));
        assertEquals(List.of(ERROR), fx.events.types);
    }

    @Test
    @DisplayName("an ordinary SQL error on a usable connection is not an error event")
    void sqlErrorIsNotAnError() throws Exception {
        fake.failOn("executeUpdate", () -> new SQLException("You have an error in your SQL syntax", "42000", 1064));
        Statement st = handle.createStatement();
        assertThrows(SQLException.class, () -> st.executeUpdate("updat t"));
        assertEquals(List.of(), fx.events.types);
    }

    @Test
    @DisplayName("a writer stranded on a read-only instance (1290, validate fails) is an error; 1290 for another reason is not")
    void writerOnReadOnlyInstance() throws Exception {
        fake.failOn("executeUpdate", () -> new SQLException("running with the --read-only option", "HY000", 1290));
        Statement st = handle.createStatement();
        assertThrows(SQLException.class, () -> st.executeUpdate("insert into t values (1)"));
        assertEquals(List.of(), fx.events.types, "validate() says the instance is fine: e.g. --secure-file-priv");

        fake.valid = false;
        assertThrows(SQLException.class, () -> st.executeUpdate("insert into t values (1)"));
        assertEquals(List.of(ERROR), fx.events.types);
    }

    @Test
    @DisplayName("read-only is the driver's rule: 1290 for --secure-file-priv is never an error; 1836 inside the cause chain is")
    void readOnlyRuleIsTheDrivers() throws Exception {
        fake.valid = false; // whatever validation says, the error itself must mean read-only
        fake.failOn("executeUpdate", () -> new SQLException(
                "The MySQL server is running with the --secure-file-priv option so it cannot execute this statement", "HY000", 1290));
        Statement st = handle.createStatement();
        assertThrows(SQLException.class, () -> st.executeUpdate("select 1 into outfile '/x'"));
        assertEquals(List.of(), fx.events.types);

        fake.failOn("executeUpdate", () -> new SQLException("statement failed", "HY000", 0,
                new SQLException("Running in read-only mode", "HY000", 1836)));
        assertThrows(SQLException.class, () -> st.executeUpdate("insert into t values (1)"));
        assertEquals(List.of(ERROR), fx.events.types);
    }

    @Test
    @DisplayName("a container commit that fails over (08007) fails the transaction but fires no error event")
    void containerCommitFailover() throws Exception {
        fake.failOn("commit", () -> new TransactionStateUnknownSQLException("moved", null));
        mc.getLocalTransaction().begin();
        LocalTransactionException e = assertThrows(LocalTransactionException.class, () -> mc.getLocalTransaction().commit());
        assertEquals("08007", e.getErrorCode());
        assertEquals(List.of(), fx.events.types);
        assertTrue(fake.autoCommit, "autocommit restored after the container transaction");
    }

    @Test
    @DisplayName("a closed handle's 08003 is not classified (the managed connection may be serving someone else)")
    void closedHandleNotClassified() throws Exception {
        handle.close();
        fake.usable = false;
        SQLException e = assertThrows(SQLException.class, handle::createStatement);
        assertEquals("08003", e.getSQLState());
        assertFalse(fx.events.types.contains(ERROR));
    }
}
