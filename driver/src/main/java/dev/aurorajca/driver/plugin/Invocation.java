package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.wrapper.LogicalConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;

/** One JDBC call travelling through the plugins that subscribe to its method. */
public final class Invocation {

    private final LogicalConnection connection;
    private final Object target;
    private final Method method;
    private final Object[] args;
    private final ConnectionPlugin[] chain;
    private final int generation;
    private int next;

    public Invocation(LogicalConnection connection, Object target, Method method, Object[] args, ConnectionPlugin[] chain, int generation) {
        this.connection = connection;
        this.target = target;
        this.method = method;
        this.args = args;
        this.chain = chain;
        this.generation = generation;
    }

    /** Hands the call to the next plugin inwards, or makes the real call. */
    public Object proceed() throws SQLException {
        if (next < chain.length) {
            return chain[next++].execute(this);
        }
        return invokeTarget(target, method, args);
    }

    /** Calls {@code method} on {@code target}, unwrapping reflection so the driver's own exception surfaces. */
    public static Object invokeTarget(Object target, Method method, Object[] args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException s) {
                throw s;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new SQLException(c.toString(), "HY000", c);
        } catch (IllegalAccessException e) {
            throw new SQLException("aurora-jca cannot call " + method + ": " + e.getMessage(), "HY000", e);
        }
    }

    public LogicalConnection connection() { return connection; }
    public Object target() { return target; }
    public Method method() { return method; }
    public Object[] args() { return args; }
    /** The physical-connection generation this call started on. */
    public int generation() { return generation; }
}
