package dev.aurorajca.driver.plugin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;

/** One JDBC call travelling through the plugins that subscribe to its method. */
public final class Invocation {

    private final ConnectionContext context;
    private final Object target;
    private final Method method;
    private final Object[] args;
    private final ConnectionPlugin[] chain;
    private final int generation;
    private int next;

    public Invocation(ConnectionContext context, Object target, Method method, Object[] args, ConnectionPlugin[] chain, int generation) {
        this(context, target, method, args, chain, generation, 0);
    }

    private Invocation(ConnectionContext context, Object target, Method method, Object[] args, ConnectionPlugin[] chain,
                       int generation, int start) {
        this.context = context;
        this.target = target;
        this.method = method;
        this.args = args;
        this.chain = chain;
        this.generation = generation;
        this.next = start;
    }

    /** Hands the call to the next plugin inwards, or makes the real call. */
    public Object proceed() throws SQLException {
        if (next < chain.length) {
            return chain[next++].execute(this);
        }
        return invokeTarget(target, method, args);
    }

    /**
     * Runs this call once more on the connection's current physical connection, through the
     * plugins inside {@code self} only (e.g. failover repeating {@code setAutoCommit} on the new
     * connection). Only for {@code Connection} methods, whose target is the physical connection.
     */
    public Object repeatInside(ConnectionPlugin self) throws SQLException {
        int i = 0;
        while (i < chain.length && chain[i] != self) {
            i++;
        }
        int start = Math.min(i + 1, chain.length);
        return new Invocation(context, context.physical(), method, args, chain, context.generation(), start).proceed();
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

    /** The logical connection this call belongs to. */
    public ConnectionContext context() { return context; }
    public Object target() { return target; }
    public Method method() { return method; }
    public Object[] args() { return args; }
    /** The physical-connection generation this call started on. */
    public int generation() { return generation; }
}
