package dev.aurorajca.driver;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Dynamic proxies instead of two thousand hand-written delegating methods: only the methods with
 * behaviour are written (in the handlers). The proxy constructors are looked up once, so making a
 * proxy is one allocation; the per-call cost is measured in {@code benchmarks/}.
 */
final class Proxies {

    private static final ClassLoader LOADER = Proxies.class.getClassLoader();
    private static final Constructor<?> CONNECTION = constructor(AuroraConnection.class);
    private static final Constructor<?> STATEMENT = constructor(Statement.class);
    private static final Constructor<?> PREPARED = constructor(PreparedStatement.class);
    private static final Constructor<?> CALLABLE = constructor(CallableStatement.class);
    private static final Constructor<?> RESULT_SET = constructor(ResultSet.class);
    private static final Constructor<?> METADATA = constructor(DatabaseMetaData.class);

    private Proxies() { }

    private static Constructor<?> constructor(Class<?> iface) {
        try {
            Class<?> c = Proxy.newProxyInstance(LOADER, new Class<?>[] {iface}, (p, m, a) -> null).getClass();
            return c.getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuroraConnection connection(InvocationHandler h) {
        return (AuroraConnection) make(CONNECTION, h);
    }

    /** True for the JDBC types whose instances are wrapped so that they travel through the plugins. */
    static boolean isWrapped(Class<?> type) {
        return type == Statement.class || type == PreparedStatement.class || type == CallableStatement.class
                || type == ResultSet.class || type == DatabaseMetaData.class;
    }

    static Object child(Class<?> type, InvocationHandler h) {
        Constructor<?> c;
        if (type == PreparedStatement.class) {
            c = PREPARED;
        } else if (type == ResultSet.class) {
            c = RESULT_SET;
        } else if (type == Statement.class) {
            c = STATEMENT;
        } else if (type == CallableStatement.class) {
            c = CALLABLE;
        } else {
            c = METADATA;
        }
        return make(c, h);
    }

    private static Object make(Constructor<?> c, InvocationHandler h) {
        try {
            return c.newInstance(h);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
