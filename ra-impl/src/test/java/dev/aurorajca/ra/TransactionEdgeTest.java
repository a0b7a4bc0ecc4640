package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.ERROR;
import static dev.aurorajca.ra.EventRecorder.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a transaction's begin, rollback and the work after a commit never fail because of a
 * failover that succeeded, and a commit that met a failover is reported as 08007 (outcome
 * unknown), never as 08S02 (did not run).
 */
@DisplayName("Transactions at the edge of a failover")
@org.junit.jupiter.api.Tag("unit")
class TransactionEdgeTest extends OneManagedConnection {

    /** A failure that happens once: the next call of the same method succeeds (the connection moved). */
    private Supplier<SQLException> once(SQLException e) {
        return () -> {
            fake.clearFailures();
            return e;
        };
    }

    private static SQLException moved() {
        return new FailoverSuccessSQLException("The connection failed over from instance-1 to instance-2; "
                + "the statement did not run on the new instance. Retry it", null);
    }

    private void stillPooled() throws Exception {
        assertFalse(fx.events.types.contains(ERROR), "no CONNECTION_ERROR_OCCURRED: " + fx.events.types);
        assertTrue(fx.factory.getInvalidConnections(Set.of(mc)).isEmpty(), "the pool keeps the connection");
    }

    @Test
    @DisplayName("container begin that meets a successful failover is repeated on the new connection: no error")
    void beginAcrossFailover() throws Exception {
        fake.failOn("setAutoCommit", once(moved()));
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        assertFalse(fake.autoCommit, "the transaction runs with autocommit off on the new connection");
        tx.commit();
        assertTrue(fake.autoCommit);
        stillPooled();
    }

    @Test
    @DisplayName("container begin fails only when the failover failed (08001)")
    void beginFailsOnlyWhenFailoverFailed() throws Exception {
        fake.failOn("setAutoCommit", () -> {
            fake.usable = false;
            return new FailoverFailedSQLException("no writer", null);
        });
        LocalTransactionException e = assertThrows(LocalTransactionException.class, () -> mc.getLocalTransaction().begin());
        assertEquals("08001", e.getErrorCode());
        assertEquals(List.of(ERROR), fx.events.types);
    }

    @Test
    @DisplayName("commit OK, then the autocommit reset meets a failover: the commit is a success")
    void resetAfterCommitMeetsFailover() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("setAutoCommit", once(moved()));
        tx.commit();
        assertTrue(fake.autoCommit, "reset redone on the new connection");
        stillPooled();
    }

    @Test
    @DisplayName("commit OK, the reset fails on the new connection too: still a success; cleanup does the reset")
    void resetLeftToCleanup() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("setAutoCommit", FailoverSuccessTest::movedAgain);
        tx.commit();
        fake.clearFailures();
        assertFalse(fake.autoCommit, "not reset yet");
        mc.cleanup();
        assertTrue(fake.autoCommit, "cleanup restored autocommit");
        stillPooled();
    }

    @Test
    @DisplayName("a reset left over is honoured by the next begin when the server reuses the connection without cleanup")
    void resetLeftToNextBegin() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("setAutoCommit", FailoverSuccessTest::movedAgain);
        tx.commit();
        fake.clearFailures();
        tx.begin();
        tx.commit();
        assertTrue(fake.autoCommit, "autocommit on after the second transaction");
    }

    @Test
    @DisplayName("commit OK, then the connection turns out unusable at the reset: the commit is a success, the pool learns")
    void resetMeetsFailedFailover() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("setAutoCommit", () -> {
            fake.usable = false;
            return new FailoverFailedSQLException("no writer", null);
        });
        tx.commit();
        assertEquals(List.of(ERROR), fx.events.types);
    }

    @Test
    @DisplayName("a failover while the container commit is in flight is 08007 in error code, message and cause, never 08S02")
    void commitInFlightIsUnknown() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("commit", once(moved()));
        LocalTransactionException e = assertThrows(LocalTransactionException.class, tx::commit);
        assertEquals("08007", e.getErrorCode());
        assertTrue(e.getMessage().contains("[SQLState 08007]"), e.getMessage());
        SQLException cause = assertInstanceOf(SQLException.class, e.getCause());
        assertEquals("08007", cause.getSQLState());
        assertTrue(fake.autoCommit, "autocommit restored");
        stillPooled();
    }

    @Test
    @DisplayName("container rollback that meets a failover is silent and keeps the connection")
    void rollbackAcrossFailover() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        fake.failOn("rollback", once(new TransactionStateUnknownSQLException("moved during a transaction", null)));
        tx.rollback();
        assertTrue(fake.autoCommit);
        stillPooled();
    }

    @Test
    @DisplayName("the application's own setAutoCommit(false) that meets a successful failover begins on the new connection")
    void applicationBeginAcrossFailover() throws Exception {
        fake.failOn("setAutoCommit", once(moved()));
        handle.setAutoCommit(false);
        assertFalse(fake.autoCommit);
        assertEquals(List.of(STARTED), fx.events.types);
    }

    @Test
    @DisplayName("the application's own commit that meets a failover reports 08007, never 08S02")
    void applicationCommitInFlightIsUnknown() throws Exception {
        handle.setAutoCommit(false);
        fake.failOn("commit", once(moved()));
        SQLException e = assertThrows(SQLException.class, handle::commit);
        assertEquals("08007", e.getSQLState());
        stillPooled();
    }

    @Test
    @DisplayName("the application's own rollback that meets a failover is silent")
    void applicationRollbackAcrossFailover() throws Exception {
        handle.setAutoCommit(false);
        fake.failOn("rollback", once(new TransactionStateUnknownSQLException("moved", null)));
        handle.rollback();
        stillPooled();
    }

    @Test
    @DisplayName("cleanup whose reset meets a successful failover repeats it and keeps the connection")
    void cleanupAcrossFailover() throws Exception {
        handle.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
        fake.failOn("setTransactionIsolation", once(moved()));
        mc.cleanup();
        assertEquals(java.sql.Connection.TRANSACTION_REPEATABLE_READ, fake.isolation);
        stillPooled();
    }

    /** Helpers shared by the tests above. */
    private static final class FailoverSuccessTest {
        static SQLException movedAgain() {
            return new FailoverSuccessSQLException("moved again", null);
        }
    }
}
