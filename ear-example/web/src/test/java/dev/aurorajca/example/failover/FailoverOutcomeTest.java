package dev.aurorajca.example.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FailoverOutcome finds the failover SQLState through the server's exception wrapping")
class FailoverOutcomeTest {

    @Test
    @DisplayName("JPA wrapping: PersistenceException → (Hibernate) → SQLException 08S02")
    void throughPersistenceException() {
        Exception e = new PersistenceException("jpa", new RuntimeException("hibernate JDBCException",
                new SQLException("moved", "08S02")));
        assertEquals(FailoverOutcome.SUCCEEDED, FailoverOutcome.of(e));
    }

    @Test
    @DisplayName("EJB wrapping: EJBException → PersistenceException → SQLException 08007")
    void throughEjbException() {
        EJBException e = new EJBException("ejb", new PersistenceException(new SQLException("unknown", "08007")));
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN, FailoverOutcome.of(e));
    }

    @Test
    @DisplayName("JTA wrapping: TransactionalException → RollbackException with the SQLException suppressed")
    void throughSuppressedOfRollbackException() {
        RollbackException rollback = new RollbackException("commit failed");
        rollback.addSuppressed(new SQLException("unknown", "08007"));
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN,
                FailoverOutcome.of(new TransactionalException("tx", rollback)));
    }

    @Test
    @DisplayName("WildFly, commit in flight: RollbackException with the XAException suppressed → ResourceException → SQLException 08007")
    void wildflyCommitInFlight() {
        jakarta.resource.ResourceException re = new jakarta.resource.spi.LocalTransactionException(
                "local transaction commit failed [SQLState 08007]: outcome unknown", new SQLException("unknown", "08007"));
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("IJ001156: Could not commit local transaction");
        xa.initCause(re);
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN, FailoverOutcome.of(new EJBException(rollback)));
    }

    @Test
    @DisplayName("a server that keeps only the adapter's text: the [SQLState 08007] tag in a message")
    void textOnly() {
        Exception xa = new Exception("RAR5027: local transaction commit failed [SQLState 08007]: The connection failed over");
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN, FailoverOutcome.of(new EJBException(new Exception(xa))));
        assertNull(FailoverOutcome.of(new Exception("SQLState 08007 mentioned without the tag")));
    }

    @Test
    @DisplayName("a ResourceException's error code is a SQLState")
    void resourceExceptionErrorCode() {
        jakarta.resource.ResourceException re = new jakarta.resource.ResourceException("commit failed", "08007");
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN, FailoverOutcome.of(new RuntimeException(re)));
    }

    @Test
    @DisplayName("SQLException.getNextException chains are followed")
    void throughNextException() {
        SQLException first = new SQLException("batch entry failed", "HY000");
        first.setNextException(new SQLException("failover failed", "08001"));
        assertEquals(FailoverOutcome.FAILED, FailoverOutcome.of(new PersistenceException(first)));
    }

    @Test
    @DisplayName("the most cautious outcome wins: an 08S02 from the rollback does not hide an 08007")
    void mostCautiousWins() {
        SQLException unknown = new SQLException("unknown", "08007");
        unknown.addSuppressed(new SQLException("rollback on the recovered connection", "08S02"));
        assertEquals(FailoverOutcome.TRANSACTION_STATE_UNKNOWN, FailoverOutcome.of(new PersistenceException(unknown)));
    }

    @Test
    @DisplayName("other SQLStates, no SQLException at all, and cause cycles give no outcome")
    void nothingElse() {
        assertNull(FailoverOutcome.of(new PersistenceException(new SQLException("dup", "23000"))));
        assertNull(FailoverOutcome.of(new IllegalStateException("plain")));
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertNull(FailoverOutcome.of(a));
    }

    @Test
    @DisplayName("retry rules: 08S02 always, 08007 only when idempotent, 08001 never")
    void retryRules() {
        assertTrue(FailoverOutcome.SUCCEEDED.retryable(false));
        assertTrue(FailoverOutcome.SUCCEEDED.retryable(true));
        assertFalse(FailoverOutcome.TRANSACTION_STATE_UNKNOWN.retryable(false));
        assertTrue(FailoverOutcome.TRANSACTION_STATE_UNKNOWN.retryable(true));
        assertFalse(FailoverOutcome.FAILED.retryable(true));
    }
}
