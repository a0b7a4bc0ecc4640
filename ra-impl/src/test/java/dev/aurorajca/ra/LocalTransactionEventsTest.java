package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.COMMITTED;
import static dev.aurorajca.ra.EventRecorder.ROLLEDBACK;
import static dev.aurorajca.ra.EventRecorder.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Local transactions: events only for application-demarcated ones")
@org.junit.jupiter.api.Tag("unit")
class LocalTransactionEventsTest extends OneManagedConnection {

    @Test
    @DisplayName("setAutoCommit(false) starts, commit ends and re-starts, setAutoCommit(true) commits")
    void applicationCommit() throws Exception {
        handle.setAutoCommit(false);
        assertEquals(List.of(STARTED), fx.events.types);
        assertSame(handle, fx.events.last().getConnectionHandle());
        handle.commit();
        assertEquals(List.of(STARTED, COMMITTED, STARTED), fx.events.types);
        handle.setAutoCommit(true);
        assertEquals(List.of(STARTED, COMMITTED, STARTED, COMMITTED), fx.events.types);
        assertTrue(fake.autoCommit);
    }

    @Test
    @DisplayName("rollback fires ROLLEDBACK; setAutoCommit to the current value fires nothing")
    void applicationRollback() throws Exception {
        handle.setAutoCommit(true);
        assertEquals(List.of(), fx.events.types);
        handle.setAutoCommit(false);
        handle.rollback();
        assertEquals(List.of(STARTED, ROLLEDBACK, STARTED), fx.events.types);
    }

    @Test
    @DisplayName("commit in autocommit mode (no application transaction) reaches the driver without events")
    void commitWithoutTransaction() throws Exception {
        handle.commit();
        assertEquals(List.of(), fx.events.types);
        assertEquals(1, fake.calls("commit").size());
    }

    @Test
    @DisplayName("a container-managed transaction fires no events and toggles autocommit around itself")
    void containerTransaction() throws Exception {
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        assertFalse(fake.autoCommit);
        handle.createStatement().executeUpdate("insert into t values (1)");
        tx.commit();
        assertTrue(fake.autoCommit);
        tx.begin();
        tx.rollback();
        assertEquals(List.of(), fx.events.types);
        assertEquals(List.of("commit()", "rollback()"), fake.calls.stream().filter(c -> c.equals("commit()") || c.equals("rollback()")).toList());
    }

    @Test
    @DisplayName("inside a container transaction the application may not commit, roll back or switch autocommit on (25000)")
    void applicationDemarcationForbiddenInContainerTx() throws Exception {
        mc.getLocalTransaction().begin();
        assertEquals("25000", assertThrows(SQLException.class, handle::commit).getSQLState());
        assertEquals("25000", assertThrows(SQLException.class, handle::rollback).getSQLState());
        assertEquals("25000", assertThrows(SQLException.class, () -> handle.setAutoCommit(true)).getSQLState());
        handle.setAutoCommit(false); // no change: allowed (frameworks do this)
        mc.getLocalTransaction().commit();
        assertEquals(List.of(), fx.events.types);
    }

    @Test
    @DisplayName("the container cannot begin while the application has its own transaction open")
    void containerBeginConflicts() throws Exception {
        handle.setAutoCommit(false);
        assertThrows(LocalTransactionException.class, () -> mc.getLocalTransaction().begin());
    }
}
