package dev.aurorajca.driver;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stub physical connection for unit tests of the pipeline and wrappers: every query returns one
 * row with the value 1; every call is recorded; {@link #failNextWith} makes the next call throw.
 */
public final class StubJdbc {

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final AtomicBoolean closed = new AtomicBoolean();
    private volatile SQLException nextFailure;

    public void failNextWith(SQLException e) { nextFailure = e; }

    public Connection connection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            calls.add("Connection." + m.getName());
            SQLException f = nextFailure;
            if (f != null && !m.getName().equals("close") && !m.getName().equals("isClosed") && !m.getName().equals("abort")) {
                nextFailure = null;
                throw f;
            }
            switch (m.getName()) {
                case "createStatement": return statement(Statement.class);
                case "prepareStatement": return statement(PreparedStatement.class);
                case "close": case "abort": closed.set(true); return null;
                case "isClosed": return closed.get();
                case "isValid": return !closed.get();
                case "getAutoCommit": return true;
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == a[0];
                case "toString": return "stub";
                default: return defaultValue(m.getReturnType());
            }
        });
    }

    private Object statement(Class<?> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            calls.add("Statement." + m.getName());
            switch (m.getName()) {
                case "executeQuery": return resultSet();
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == a[0];
                case "toString": return "stub statement";
                default: return defaultValue(m.getReturnType());
            }
        });
    }

    private ResultSet resultSet() {
        boolean[] consumed = {false};
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "next": {
                    boolean r = !consumed[0];
                    consumed[0] = true;
                    return r;
                }
                case "getLong": return 1L;
                case "getInt": return 1;
                case "getString": return "1";
                case "hashCode": return System.identityHashCode(p);
                case "equals": return p == a[0];
                default: return defaultValue(m.getReturnType());
            }
        });
    }

    static Object defaultValue(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        return null;
    }
}
