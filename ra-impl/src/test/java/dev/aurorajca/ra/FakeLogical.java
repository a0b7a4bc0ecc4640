package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.config.AuroraSettings;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A fake logical driver connection for unit tests: keeps the client state a real one keeps,
 * records every call by name, and throws a scripted exception from any method (on the
 * connection or on its statements) by name. Implemented as a dynamic proxy so it states only
 * what the tests need, not the 60 methods of {@link Connection}.
 */
final class FakeLogical implements InvocationHandler {

    final AuroraSettings settings;
    final AuroraConnection proxy;
    final List<String> calls = new ArrayList<>();
    private final Map<String, Supplier<SQLException>> failures = new HashMap<>();

    volatile boolean usable = true;
    volatile boolean valid = true;
    boolean autoCommit = true;
    boolean readOnly;
    int isolation = Connection.TRANSACTION_REPEATABLE_READ;
    String catalog = "app";
    String schema;
    int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    int networkTimeout;
    int closeCount;
    String host = "instance-1:3306";

    FakeLogical(AuroraSettings settings) {
        this.settings = settings;
        this.proxy = (AuroraConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AuroraConnection.class}, this);
    }

    /** Every later call of {@code method} (connection or statement) throws what {@code failure} makes. */
    FakeLogical failOn(String method, Supplier<SQLException> failure) {
        failures.put(method, failure);
        return this;
    }

    FakeLogical clearFailures() {
        failures.clear();
        return this;
    }

    /** Calls whose name starts with {@code prefix}, in order, e.g. "set". */
    List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    private void maybeFail(String name) throws SQLException {
        Supplier<SQLException> f = failures.get(name);
        if (f != null) {
            throw f.get();
        }
    }

    @Override
    public Object invoke(Object self, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "FakeLogical[" + host + "]";
            };
        }
        calls.add(name + (args == null ? "()" : Arrays.toString(args)));
        maybeFail(name);
        switch (name) {
            case "isUsable": return usable;
            case "validate", "verify": return valid && usable;
            case "isValid": return valid && usable && closeCount == 0;
            case "currentHost": return host;
            case "isInTransaction": return !autoCommit;
            case "settings": return settings;
            case "getAutoCommit": return autoCommit;
            case "setAutoCommit": autoCommit = (Boolean) args[0]; return null;
            case "isReadOnly": return readOnly;
            case "setReadOnly": readOnly = (Boolean) args[0]; return null;
            case "getTransactionIsolation": return isolation;
            case "setTransactionIsolation": isolation = (Integer) args[0]; return null;
            case "getCatalog": return catalog;
            case "setCatalog": catalog = (String) args[0]; return null;
            case "getSchema": return schema;
            case "setSchema": schema = (String) args[0]; return null;
            case "getHoldability": return holdability;
            case "setHoldability": holdability = (Integer) args[0]; return null;
            case "getNetworkTimeout": return networkTimeout;
            case "setNetworkTimeout": networkTimeout = (Integer) args[1]; return null;
            case "commit", "rollback", "clearWarnings", "abort": return null;
            case "close": closeCount++; return null;
            case "isClosed": return closeCount > 0;
            case "createStatement": return child(Statement.class, null);
            case "prepareStatement": return child(PreparedStatement.class, null);
            case "prepareCall": return child(CallableStatement.class, null);
            case "getMetaData": return child(DatabaseMetaData.class, null);
            case "unwrap": return ((Class<?>) args[0]).isInstance(self) ? self : null;
            case "isWrapperFor": return ((Class<?>) args[0]).isInstance(self);
            default: throw new UnsupportedOperationException("FakeLogical." + name);
        }
    }

    /** A statement, result set or metadata fake: back-references go to the logical connection, as in a real driver. */
    private Object child(Class<?> type, Object parent) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method m, Object[] args) throws Throwable {
                String name = m.getName();
                if (m.getDeclaringClass() == Object.class) {
                    return switch (name) {
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        default -> "Fake" + type.getSimpleName();
                    };
                }
                calls.add(type.getSimpleName() + "." + name);
                maybeFail(name);
                Class<?> rt = m.getReturnType();
                if (rt == Connection.class) {
                    return proxy;
                }
                if (rt == ResultSet.class) {
                    return child(ResultSet.class, self);
                }
                if (rt == Statement.class) {
                    return parent;
                }
                if (rt == DatabaseMetaData.class) {
                    return child(DatabaseMetaData.class, null);
                }
                if (rt == String.class) {
                    return name.equals("getDatabaseProductName") ? "MySQL" : "8.0.36";
                }
                if (rt == boolean.class) {
                    return false;
                }
                if (rt == int.class) {
                    return 0;
                }
                if (rt == long.class) {
                    return 0L;
                }
                return null;
            }
        });
    }
}
