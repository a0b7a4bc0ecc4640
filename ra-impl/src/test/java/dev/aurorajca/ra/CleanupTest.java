package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.ResourceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cleanup() resets exactly what the application changed")
@org.junit.jupiter.api.Tag("unit")
class CleanupTest extends OneManagedConnection {

    @Test
    @DisplayName("nothing changed: no call reaches the logical connection")
    void nothingChanged() throws Exception {
        handle.createStatement().close();
        handle.close();
        fake.calls.clear();
        mc.cleanup();
        assertEquals(List.of(), fake.calls);
    }

    @Test
    @DisplayName("read-only and isolation changed: only those two are restored, to their original values")
    void onlyChangedStateIsReset() throws Exception {
        handle.setReadOnly(true);
        handle.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        handle.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // original captured once
        handle.close();
        fake.calls.clear();
        mc.cleanup();
        assertEquals(List.of("setReadOnly[false]", "setTransactionIsolation[" + Connection.TRANSACTION_REPEATABLE_READ + "]"),
                fake.calls("set"));
        assertFalse(fake.readOnly);
        assertEquals(Connection.TRANSACTION_REPEATABLE_READ, fake.isolation);
    }

    @Test
    @DisplayName("every kind of client state is restored: catalog, schema, holdability, network timeout")
    void everyKindRestored() throws Exception {
        handle.setCatalog("other");
        handle.setSchema("s2");
        handle.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        handle.setNetworkTimeout(Runnable::run, 5000);
        mc.cleanup();
        assertEquals("app", fake.catalog);
        assertEquals(null, fake.schema);
        assertEquals(ResultSet.HOLD_CURSORS_OVER_COMMIT, fake.holdability);
        assertEquals(0, fake.networkTimeout);
    }

    @Test
    @DisplayName("an abandoned application transaction is rolled back before autocommit is restored (which would commit it)")
    void abandonedTransactionRolledBack() throws Exception {
        handle.setAutoCommit(false);
        handle.createStatement().executeUpdate("insert into t values (1)");
        fake.calls.clear();
        mc.cleanup();
        assertEquals(List.of("rollback()", "setAutoCommit[true]"),
                fake.calls.stream().filter(c -> c.startsWith("rollback") || c.startsWith("setAutoCommit")).toList());
        assertTrue(fake.autoCommit);
    }

    @Test
    @DisplayName("cleanup is idempotent, and the connection is reusable afterwards with fresh tracking")
    void idempotent() throws Exception {
        handle.setReadOnly(true);
        mc.cleanup();
        fake.calls.clear();
        mc.cleanup();
        assertEquals(List.of(), fake.calls);
        ConnectionHandle again = Fixture.handle(mc);
        again.setCatalog("x");
        mc.cleanup();
        assertEquals(List.of("setCatalog[x]", "setCatalog[app]"), fake.calls("set"));
    }

    @Test
    @DisplayName("a failed reset makes cleanup fail and the connection invalid, so the server destroys it")
    void failedReset() throws Exception {
        handle.setReadOnly(true);
        fake.failOn("setReadOnly", () -> new SQLException("Communications link failure", "08S01"));
        assertThrows(ResourceException.class, mc::cleanup);
        assertEquals(Set.of(mc), fx.factory.getInvalidConnections(Set.of(mc)));
    }
}
