package dev.aurorajca.driver.plugin;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One link of the chain every JDBC call of a logical connection travels through. A plugin sees
 * only the methods it subscribes to; a method no plugin subscribes to goes straight to the
 * physical object. One plugin instance serves every logical connection of a configuration, so
 * per-connection state lives in the {@link ConnectionContext} ({@link StateKey}), and anything
 * shared across configurations in the {@link PluginRuntime} ({@link PluginRuntime#service}).
 *
 * <p>A plugin never sees the logical connection's implementation: only the
 * {@link ConnectionContext} interface. See {@code driver/PLUGINS.md}.
 */
public interface ConnectionPlugin {

    /** Called once per JDBC method per configuration; the answer is cached. */
    boolean subscribes(Method method);

    /**
     * The usual subscription of a plugin that reacts to a broken link or a moved instance: every
     * call that can reach the server, not the ones that only end or inspect the connection
     * ({@code close}, {@code isClosed}, {@code abort}, {@code isValid}, {@code unwrap},
     * {@code isWrapperFor}).
     */
    static boolean canReachServer(Method m) {
        switch (m.getName()) {
            case "close":
            case "isClosed":
            case "abort":
            case "isValid":
            case "unwrap":
            case "isWrapperFor":
                return false;
            default:
                return true;
        }
    }

    /** Runs around a subscribed call: call {@code inv.proceed()} to go inwards. */
    default Object execute(Invocation inv) throws SQLException {
        return inv.proceed();
    }

    /** Runs around the opening of every physical connection; call {@code next.connect(req)} to go inwards. */
    default Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        return next.connect(req);
    }

    /**
     * Runs around the choice of a logical connection's first physical connection (the endpoint,
     * or a reader for a read-only configuration); call {@code next.open()} to go inwards. A plugin
     * that owns a routing policy (failover: connect through the topology when the endpoint is
     * unreachable, go to the writer when the endpoint led to a reader) wraps the result.
     */
    default HostConnection openInitial(ConnectionContext ctx, InitialChain next) throws SQLException {
        return next.open();
    }

    /**
     * The logical connection's physical connection changed (failover, read/write switch) or was
     * dropped. Called after the change, on the thread that made it (with the swap lock held,
     * except when the application aborts the connection); must not block or throw.
     */
    default void connectionChanged(ConnectionContext ctx, ConnectionChange change) { }

    /** {@code ctx}'s logical connection is closing: release what this plugin holds for it. */
    default void release(ConnectionContext ctx) { }

    /** The runtime is closing: release what the plugin holds for every connection (credential providers, caches). */
    default void close() { }
}
