package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stub logical connection for the XA unit tests: records every SQL text executed through its
 * statements, throws scripted exceptions for SQL starting with a prefix (once each, in order), and
 * answers {@code XA RECOVER} with scripted rows. A scripted failover moves {@link #host}.
 */
final class XaStubLogical implements InvocationHandler {

    final AuroraSettings settings;
    final AuroraConnection proxy;
    final List<String> sql = new ArrayList<>();
    private final List<Object[]> failures = new ArrayList<>();
    final List<Object[]> recoverRows = new ArrayList<>();
    volatile boolean usable = true;
    boolean autoCommit = true;
    boolean readOnly;
    String host = "instance-1:3306";
    int closeCount;

    XaStubLogical(AuroraSettings settings) {
        this.settings = settings;
        this.proxy = (AuroraConnection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AuroraConnection.class}, this);
    }

    /** The next SQL starting with {@code prefix} throws what {@code failure} makes (one use). */
    XaStubLogical failNext(String prefix, Supplier<SQLException> failure) {
        failures.add(new Object[] {prefix, failure});
        return this;
    }

    /** A failover that succeeded: the connection moved to instance-2. */
    Supplier<SQLException> moved(String state) {
        return () -> {
            host = "instance-2:3306";
            return state.equals("08S02") ? new FailoverSuccessSQLException("moved", null)
                    : new TransactionStateUnknownSQLException("moved in a transaction", null);
        };
    }

    Supplier<SQLException> failoverFailed() {
        return () -> {
            usable = false;
            return new FailoverFailedSQLException("no writer", null);
        };
    }

    static Supplier<SQLException> mysqlError(int code) {
        return () -> new SQLException("XA error " + code, "XAE00", code);
    }

    /** SQL executed, XA statements only, xids shortened to {@code <xid>}. */
    List<String> xa() {
        return sql.stream().filter(s -> s.startsWith("XA ")).map(s -> s.replaceAll("X'[0-9a-f]*',X'[0-9a-f]*',\\d+", "<xid>")).toList();
    }

    private void run(String text) throws SQLException {
        sql.add(text);
        for (int i = 0; i < failures.size(); i++) {
            if (text.startsWith((String) failures.get(i)[0])) {
                @SuppressWarnings("unchecked")
                Supplier<SQLException> f = (Supplier<SQLException>) failures.remove(i)[1];
                throw f.get();
            }
        }
    }

    @Override
    public Object invoke(Object self, Method m, Object[] args) throws Throwable {
        switch (m.getName()) {
            case "equals": return self == args[0];
            case "hashCode": return System.identityHashCode(self);
            case "toString": return "XaStubLogical[" + host + "]";
            case "isUsable": return usable;
            case "validate", "verify", "isValid": return usable;
            case "currentHost": return host;
            case "settings": return settings;
            case "isInTransaction": return !autoCommit;
            case "getAutoCommit": return autoCommit;
            case "setAutoCommit": autoCommit = (Boolean) args[0]; return null;
            case "isReadOnly": return readOnly;
            case "setReadOnly": readOnly = (Boolean) args[0]; return null;
            case "commit", "rollback": return null;
            case "close": closeCount++; return null;
            case "isClosed": return closeCount > 0;
            case "createStatement", "prepareStatement": return statement(m.getName().equals("prepareStatement") ? (String) args[0] : null);
            default: throw new UnsupportedOperationException("XaStubLogical." + m.getName());
        }
    }

    private Statement statement(String prepared) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {prepared == null ? Statement.class : java.sql.PreparedStatement.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "execute", "executeUpdate" -> {
                            run(prepared != null ? prepared : (String) args[0]);
                            return m.getReturnType() == boolean.class ? (Object) Boolean.FALSE : (Object) 1;
                        }
                        case "executeQuery" -> {
                            run(prepared != null ? prepared : (String) args[0]);
                            return recoverResult();
                        }
                        case "close" -> {
                            return null;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(self);
                        }
                        case "equals" -> {
                            return self == args[0];
                        }
                        case "toString" -> {
                            return "stub statement";
                        }
                        default -> throw new UnsupportedOperationException("Statement." + m.getName());
                    }
                });
    }

    private ResultSet recoverResult() {
        Deque<Object[]> rows = new ArrayDeque<>(recoverRows);
        Object[][] current = new Object[1][];
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class}, (self, m, args) -> {
            switch (m.getName()) {
                case "next" -> {
                    current[0] = rows.poll();
                    return current[0] != null;
                }
                case "getInt" -> {
                    return current[0][(Integer) args[0] - 1];
                }
                case "getBytes" -> {
                    return current[0][(Integer) args[0] - 1];
                }
                case "close" -> {
                    return null;
                }
                default -> throw new UnsupportedOperationException("ResultSet." + m.getName());
            }
        });
    }
}
