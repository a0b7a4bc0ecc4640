package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.wrapper.LogicalConnection;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One link of the chain every JDBC call of a logical connection travels through. A plugin sees
 * only the methods it subscribes to; a method no plugin subscribes to goes straight to the
 * physical object. Plugins are created per logical connection and may keep per-connection state;
 * anything shared lives in the runtime.
 */
public interface ConnectionPlugin {

    /** Called once per JDBC method per connection; the answer is cached. */
    boolean subscribes(Method method);

    /** Runs around a subscribed call: call {@code inv.proceed()} to go inwards. */
    default Object execute(Invocation inv) throws SQLException {
        return inv.proceed();
    }

    /** Runs around the opening of every physical connection; call {@code next.connect(req)} to go inwards. */
    default Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        return next.connect(req);
    }

    /** The runtime is closing: release what the plugin holds for every connection (credential providers, caches). */
    default void close() { }

    /** {@code connection} is closing: release what this plugin holds for it. */
    default void release(LogicalConnection connection) { }
}
