package dev.aurorajca.clustersim.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
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
 * A physical "connection" that answers every call from memory: the target the driver's unit tests
 * and its dispatch benchmarks put under the plugin pipeline instead of Connector/J. Two modes:
 * <ul>
 *   <li>{@link #recording()} for tests: every call is recorded in {@link #calls} by
 *       {@code Interface.method}; each query returns a fresh result set with one row (value 1);
 *       {@link #failNextWith} makes the next call throw; {@code close}/{@code abort} set
 *       {@link #closed}, which {@code isClosed}/{@code isValid} report.</li>
 *   <li>{@link #silent()} for benchmarks: nothing recorded and nothing allocated per call; every
 *       statement call returns the same statement and result set, whose {@code next()} is always
 *       true. A benchmark's baseline calls the same stub directly, so the stub's own cost (a JDK
 *       proxy) cancels out of the difference.</li>
 * </ul>
 * Primitive results are 0 / false, except a result set's {@code getInt}/{@code getLong} (1).
 */
public final class StubJdbc {

    /** Calls in order ({@code Connection.prepareStatement}, {@code Statement.executeQuery}); empty in silent mode. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Set by {@code close()} or {@code abort()} on a connection; tests may set it to simulate a broken link. */
    public final AtomicBoolean closed = new AtomicBoolean();
    private final boolean recording;
    private volatile SQLException nextFailure;
    /** Silent mode: the objects every call returns. */
    private final ResultSet sharedResultSet;
    private final Statement sharedStatement;
    private final PreparedStatement sharedPrepared;

    private StubJdbc(boolean recording) {
        this.recording = recording;
        if (recording) {
            sharedResultSet = null;
            sharedStatement = null;
            sharedPrepared = null;
        } else {
            sharedResultSet = (ResultSet) proxy(ResultSet.class, new Handler(Kind.RESULT_SET));
            sharedStatement = (Statement) proxy(Statement.class, new Handler(Kind.STATEMENT));
            sharedPrepared = (PreparedStatement) proxy(PreparedStatement.class, new Handler(Kind.STATEMENT));
        }
    }

    /** For tests: records calls, fresh one-row result sets, scripted failures. */
    public static StubJdbc recording() {
        return new StubJdbc(true);
    }

    /** For benchmarks: records nothing, allocates nothing per call. */
    public static StubJdbc silent() {
        return new StubJdbc(false);
    }

    /** The next call on a connection (other than close, isClosed, abort) throws {@code e}. */
    public void failNextWith(SQLException e) {
        nextFailure = e;
    }

    /** A new connection proxy on this stub. */
    public Connection connection() {
        return (Connection) proxy(Connection.class, new Handler(Kind.CONNECTION));
    }

    private Object proxy(Class<?> iface, InvocationHandler h) {
        return Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[] {iface}, h);
    }

    private enum Kind { CONNECTION, STATEMENT, RESULT_SET }

    private final class Handler implements InvocationHandler {
        private final Kind kind;
        /** Recording mode: whether this result set's one row was read. */
        private boolean consumed;

        Handler(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws SQLException {
            String n = m.getName();
            switch (n) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                case "toString": return "stub " + kind;
                default: break;
            }
            if (recording && kind != Kind.RESULT_SET) {
                calls.add((kind == Kind.CONNECTION ? "Connection." : "Statement.") + n);
            }
            if (kind == Kind.CONNECTION) {
                SQLException f = nextFailure;
                if (f != null && !n.equals("close") && !n.equals("isClosed") && !n.equals("abort")) {
                    nextFailure = null;
                    throw f;
                }
            }
            switch (n) {
                case "unwrap": return proxy;
                case "isWrapperFor": return Boolean.FALSE;
                case "close", "abort":
                    if (kind == Kind.CONNECTION) {
                        closed.set(true);
                    }
                    return null;
                case "isClosed": return kind == Kind.CONNECTION && closed.get();
                case "isValid": return !closed.get();
                case "getAutoCommit": return Boolean.TRUE;
                case "createStatement":
                    return recording ? proxy(Statement.class, new Handler(Kind.STATEMENT)) : sharedStatement;
                case "prepareStatement":
                    return recording ? proxy(PreparedStatement.class, new Handler(Kind.STATEMENT)) : sharedPrepared;
                case "executeQuery", "getResultSet":
                    return recording ? proxy(ResultSet.class, new Handler(Kind.RESULT_SET)) : sharedResultSet;
                case "next":
                    if (!recording) {
                        return Boolean.TRUE;
                    }
                    boolean row = !consumed;
                    consumed = true;
                    return row;
                case "getLong": return kind == Kind.RESULT_SET ? 1L : 0L;
                case "getInt": return kind == Kind.RESULT_SET ? 1 : 0;
                case "getString": return kind == Kind.RESULT_SET ? "1" : null;
                default: return defaultFor(m.getReturnType());
            }
        }
    }

    private static Object defaultFor(Class<?> t) {
        if (!t.isPrimitive() || t == void.class) {
            return null;
        }
        if (t == boolean.class) {
            return Boolean.FALSE;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == double.class) {
            return 0.0;
        }
        if (t == float.class) {
            return 0.0f;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        return '\0';
    }
}
