package dev.aurorajca.benchmarks.jmh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A physical "connection" that answers every call at once from memory, so that what a benchmark
 * measures through the driver is the driver's own dispatch. It is a dynamic proxy itself; the
 * baseline calls the same stub directly, so the stub's own cost cancels out of the difference.
 * Every call returns the same preallocated objects: the stub allocates nothing per call.
 */
final class StubJdbc {

    private StubJdbc() { }

    static Connection connection() {
        Handler rsH = new Handler(Kind.RESULT_SET, null);
        ResultSet rs = (ResultSet) proxy(ResultSet.class, rsH);
        Statement st = (Statement) proxy(Statement.class, new Handler(Kind.STATEMENT, rs));
        PreparedStatement ps = (PreparedStatement) proxy(PreparedStatement.class, new Handler(Kind.STATEMENT, rs));
        return (Connection) proxy(Connection.class, new Handler(Kind.CONNECTION, new Object[] {st, ps}));
    }

    private static Object proxy(Class<?> iface, InvocationHandler h) {
        return Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[] {iface}, h);
    }

    private enum Kind { CONNECTION, STATEMENT, RESULT_SET }

    private static final class Handler implements InvocationHandler {
        private final Kind kind;
        private final Object child;

        Handler(Kind kind, Object child) {
            this.kind = kind;
            this.child = child;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            String n = m.getName();
            switch (n) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                case "toString": return "stub " + kind;
                case "unwrap": return proxy;
                case "isWrapperFor": return Boolean.FALSE;
                case "isClosed": return Boolean.FALSE;
                case "isValid": return Boolean.TRUE;
                case "getAutoCommit": return Boolean.TRUE;
                case "createStatement": return ((Object[]) child)[0];
                case "prepareStatement": return ((Object[]) child)[1];
                case "executeQuery":
                case "getResultSet": return child;
                case "next": return Boolean.TRUE;
                default: return defaultFor(m.getReturnType());
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
                return 1L;
            }
            if (t == int.class) {
                return 1;
            }
            if (t == double.class) {
                return 1.0;
            }
            if (t == float.class) {
                return 1.0f;
            }
            if (t == short.class) {
                return (short) 1;
            }
            if (t == byte.class) {
                return (byte) 1;
            }
            return 'x';
        }
    }
}
