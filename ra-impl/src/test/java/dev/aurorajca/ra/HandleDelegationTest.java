package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Connection} method of a handle reaches the logical connection and sends its
 * failure through the handle's exception funnel, whether {@link ConnectionHandle} writes the
 * method or {@link DelegatingConnection} forwards it: found by reflection, so a method added to
 * JDBC later cannot be missed.
 */
@DisplayName("Connection handles delegate every JDBC method through the exception funnel")
@org.junit.jupiter.api.Tag("unit")
class HandleDelegationTest extends OneManagedConnection {

    /** Methods answered by the handle itself (no call to the logical connection, or no failure to funnel). */
    private static final Set<String> OWN = Set.of("close", "isClosed", "abort", "isValid", "unwrap", "isWrapperFor",
            "beginRequest", "endRequest", "setShardingKey", "setShardingKeyIfValid");

    private static Object dummy(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == Executor.class) {
            return (Executor) Runnable::run;
        }
        return null;
    }

    @Test
    @DisplayName("each method's SQLException reaches the caller unchanged, after the logical connection saw the call")
    void everyMethodDelegatesAndFunnels() throws Exception {
        int checked = 0;
        for (Method m : Connection.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || OWN.contains(m.getName())) {
                continue;
            }
            String name = m.getName();
            SQLException boom = name.equals("setClientInfo") ? new SQLClientInfoException("boom " + name, null)
                    : new SQLException("boom " + name, "HY000", 4242);
            fake.clearFailures().failOn(name, () -> boom);
            fake.calls.clear();
            Object[] args = Arrays.stream(m.getParameterTypes()).map(HandleDelegationTest::dummy).toArray();
            try {
                m.invoke(handle, args);
                fail(m + " did not throw the logical connection's failure");
            } catch (InvocationTargetException e) {
                assertSame(boom, e.getCause(), m.toString());
            }
            assertTrue(fake.calls.stream().anyMatch(c -> c.startsWith(name + "(") || c.startsWith(name + "[")), m + ": " + fake.calls);
            checked++;
        }
        assertTrue(checked >= 40, "methods checked: " + checked);
        fake.clearFailures();
        assertEquals(true, handle.getAutoCommit(), "the handle still works afterwards");
    }

    @Test
    @DisplayName("the funnel runs the error-event policy: a failure that leaves the logical connection unusable fires ERROR")
    void funnelRunsThePolicy() throws Exception {
        fake.failOn("getTransactionIsolation", () -> new SQLException("link broken", "08S01"));
        fake.usable = false;
        assertThrows(SQLException.class, handle::getTransactionIsolation);
        assertEquals(java.util.List.of(EventRecorder.ERROR), fx.events.types);
    }
}
