package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import java.lang.reflect.Proxy;
import java.sql.SQLNonTransientConnectionException;

/**
 * The null object a handle delegates to once it is closed or invalidated: every call throws
 * {@code 08003} except the few that JDBC defines on a closed connection. Swapping the delegate
 * means the open path tests no flag (HikariCP's and Agroal's pattern). Never on a hot path, so
 * a dynamic proxy is fine here.
 */
final class ClosedConnection {

    static final String SQL_STATE = "08003";

    /** Thrown by a closed handle; the handle's exception funnel lets it through unclassified. */
    static final class HandleClosedException extends SQLNonTransientConnectionException {
        private static final long serialVersionUID = 1L;

        HandleClosedException(String what) {
            super(RaLog.msg(RaLog.HANDLE_CLOSED, "connection handle is closed (" + what + ")"), SQL_STATE);
        }
    }

    static final AuroraConnection INSTANCE = (AuroraConnection) Proxy.newProxyInstance(
            ClosedConnection.class.getClassLoader(), new Class<?>[] {AuroraConnection.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "isClosed" -> Boolean.TRUE;
                case "isValid", "isUsable", "validate", "verify", "isInTransaction" -> Boolean.FALSE;
                case "close", "abort" -> null;
                case "toString" -> "ClosedConnection";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new HandleClosedException(method.getName());
            });

    private ClosedConnection() { }
}
