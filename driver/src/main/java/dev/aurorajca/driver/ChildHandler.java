package dev.aurorajca.driver;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

/**
 * Handler behind every Statement, PreparedStatement, CallableStatement, ResultSet and
 * DatabaseMetaData the driver hands out. It remembers which physical connection its object
 * belongs to: while the logical connection is on another one (it failed over, or read/write
 * splitting moved it), using the object fails clearly instead of talking to the wrong instance
 * or a dead link. After a switch back to the same physical connection, the object works again
 * (statement caches survive read/write switching).
 */
final class ChildHandler implements InvocationHandler {

    /** SQLState for "created before a failover": not class 08, so no pool takes the connection for dead. */
    static final String STALE_STATE = "HY010";

    private final LogicalConnection owner;
    private final Object target;
    /** The physical connection the object was made on, and where that connection goes. */
    private final java.sql.Connection createdOn;
    private final dev.aurorajca.driver.topology.HostSpec createdOnHost;
    private final Object parent;
    private final Class<?> type;

    ChildHandler(LogicalConnection owner, Object target, java.sql.Connection createdOn,
                 dev.aurorajca.driver.topology.HostSpec createdOnHost, Object parent, Class<?> type) {
        this.owner = owner;
        this.target = target;
        this.createdOn = createdOn;
        this.createdOnHost = createdOnHost;
        this.parent = parent;
        this.type = type;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            switch (m.getName()) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                default: return "aurora-jca " + type.getSimpleName() + " over " + target;
            }
        }
        switch (m.getName()) {
            case "getConnection":
                return owner.proxy();
            case "getStatement":
                if (m.getDeclaringClass() == java.sql.ResultSet.class) {
                    return parent instanceof Statement ? parent : null;
                }
                break;
            case "unwrap": {
                Class<?> iface = (Class<?>) args[0];
                return iface.isInstance(proxy) ? proxy : ((Wrapper) target).unwrap(iface);
            }
            case "isWrapperFor": {
                Class<?> iface = (Class<?>) args[0];
                return iface.isInstance(proxy) || ((Wrapper) target).isWrapperFor(iface);
            }
            case "close":
                if (owner.physical() != createdOn) {
                    try {
                        ((AutoCloseable) target).close();
                    } catch (Exception e) {
                        // the old physical connection is gone; closing its objects cannot fail usefully
                    }
                    return null;
                }
                break;
            case "isClosed":
                if (owner.physical() != createdOn) {
                    return Boolean.TRUE;
                }
                break;
            default:
                break;
        }
        if (owner.physical() != createdOn) {
            throw new SQLException("This " + type.getSimpleName() + " was created on a connection to " + createdOnHost.hostPort()
                    + "; the connection has since moved to " + owner.currentHost()
                    + " (failed over, or switched between writer and reader); create it again on the same Connection",
                    STALE_STATE);
        }
        owner.checkOpen();
        Object result = owner.execute(target, m, args);
        return owner.wrap(result, m.getReturnType(), proxy, createdOn, createdOnHost);
    }
}
