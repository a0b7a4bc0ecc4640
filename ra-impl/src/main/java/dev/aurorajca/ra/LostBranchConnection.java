package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import java.lang.reflect.Proxy;

/**
 * What the handles of a managed connection delegate to after its XA branch was lost in a
 * failover, until the transaction manager ends the branch: every call throws {@code 08007}, so
 * no statement runs on the new writer outside the branch (it would autocommit) while the
 * transaction it belonged to is rolled back. Failure path only, so a dynamic proxy is fine.
 */
final class LostBranchConnection {

    private LostBranchConnection() { }

    static AuroraConnection create(String newHost) {
        return (AuroraConnection) Proxy.newProxyInstance(LostBranchConnection.class.getClassLoader(),
                new Class<?>[] {AuroraConnection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> Boolean.FALSE;
                    case "isValid", "validate", "verify" -> Boolean.FALSE;
                    case "isUsable", "isInTransaction" -> Boolean.TRUE;
                    case "currentHost" -> newHost;
                    case "close", "abort" -> null;
                    case "toString" -> "LostBranchConnection[" + newHost + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new TransactionStateUnknownSQLException(RaLog.msg(RaLog.XA_BRANCH_LOST,
                            "the connection failed over to " + newHost + " inside an XA transaction and its branch is lost;"
                                    + " " + method.getName() + "() is refused until the transaction ends (it will be rolled back)"),
                            null);
                });
    }
}
