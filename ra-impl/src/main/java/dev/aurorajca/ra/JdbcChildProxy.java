package dev.aurorajca.ra;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Wraps the objects a handle hands out ({@link Statement}, {@link PreparedStatement},
 * {@link CallableStatement}, {@link ResultSet}, {@link DatabaseMetaData}) so that
 * <ul>
 *   <li>{@code getConnection()} returns the handle, never the pooled logical connection (an
 *       application must not be able to close or keep the pooled connection through it);</li>
 *   <li>{@code ResultSet.getStatement()} returns the wrapper it came from;</li>
 *   <li>every {@link SQLException} goes through the handle's exception funnel, so a failure
 *       during {@code execute} triggers the same error-event policy as one on the connection.</li>
 * </ul>
 * Everything else is delegated by reflection: the JDBC interfaces have hundreds of methods with
 * no behaviour of ours, and a dynamic proxy keeps them out of the source. Proxy constructors are
 * resolved once per interface, so creating a wrapper is one allocation plus the handler.
 */
final class JdbcChildProxy implements InvocationHandler {

    private static final Class<?>[] WRAPPED = {
        Statement.class, PreparedStatement.class, CallableStatement.class, ResultSet.class, DatabaseMetaData.class,
    };
    private static final Constructor<?>[] CONSTRUCTORS = new Constructor<?>[WRAPPED.length];

    static {
        ClassLoader loader = JdbcChildProxy.class.getClassLoader();
        for (int i = 0; i < WRAPPED.length; i++) {
            try {
                @SuppressWarnings("deprecation") // getProxyClass is the cheap way to cache the constructor
                Class<?> c = Proxy.getProxyClass(loader, WRAPPED[i]);
                CONSTRUCTORS[i] = c.getConstructor(InvocationHandler.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final ConnectionHandle handle;
    private final Object delegate;
    /** The wrapper this object came from (a statement for a result set), or null. */
    private final Object parentProxy;
    private final Object parentDelegate;
    private final boolean isStatement;

    private JdbcChildProxy(ConnectionHandle handle, Object delegate, Object parentProxy, Object parentDelegate,
            boolean isStatement) {
        this.handle = handle;
        this.delegate = delegate;
        this.parentProxy = parentProxy;
        this.parentDelegate = parentDelegate;
        this.isStatement = isStatement;
    }

    /** Wraps {@code delegate} as {@code type} (one of the wrapped JDBC interfaces). */
    static <T> T wrap(Class<T> type, T delegate, ConnectionHandle handle, Object parentProxy, Object parentDelegate) {
        if (delegate == null) {
            return null;
        }
        int i = indexOf(type);
        boolean statement = Statement.class.isAssignableFrom(type);
        try {
            return type.cast(CONSTRUCTORS[i].newInstance(new JdbcChildProxy(handle, delegate, parentProxy, parentDelegate, statement)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(Class<?> type) {
        for (int i = 0; i < WRAPPED.length; i++) {
            if (WRAPPED[i] == type) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Class<?> declaring = method.getDeclaringClass();
        if (declaring == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "aurora-jca:" + delegate;
            };
        }
        Class<?> rt = method.getReturnType();
        if (rt == Connection.class) {
            // Statement.getConnection / DatabaseMetaData.getConnection (no round trip needed).
            return handle;
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw handle.fail(sql);
            }
            throw cause;
        }
        if (isStatement && rt == void.class && "close".equals(method.getName())) {
            handle.untrack((Statement) proxy);
            return null;
        }
        if (result == null || rt.isPrimitive()) {
            return result;
        }
        if (rt == ResultSet.class) {
            // A result set of a statement points back at this wrapper; one from metadata has none of ours.
            return isStatement ? wrap(ResultSet.class, (ResultSet) result, handle, proxy, delegate)
                    : wrap(ResultSet.class, (ResultSet) result, handle, null, null);
        }
        if (rt == Statement.class) {
            // ResultSet.getStatement()
            return result == parentDelegate ? parentProxy : wrap(Statement.class, (Statement) result, handle, null, null);
        }
        return result;
    }
}
