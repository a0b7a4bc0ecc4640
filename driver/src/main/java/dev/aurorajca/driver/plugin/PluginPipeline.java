package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.failover.FailoverPlugin;
import dev.aurorajca.driver.wrapper.LogicalConnection;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ordered plugins of one configuration, shared by every logical connection opened with it.
 * Plugins keep per-connection state on the {@code LogicalConnection}, so one pipeline (and its
 * method-to-chain cache) serves them all.
 */
public final class PluginPipeline {

    private static final ConnectionPlugin[] NONE = new ConnectionPlugin[0];

    private final ConnectionPlugin[] plugins;
    private final ConcurrentHashMap<Method, ConnectionPlugin[]> chains = new ConcurrentHashMap<>();
    private final Function<Method, ConnectionPlugin[]> chainBuilder = this::buildChain;
    private final FailoverPlugin failover;
    private final TargetConnector target;

    public PluginPipeline(DriverRuntime runtime, AuroraSettings settings, List<ConnectionPlugin> ordered) {
        this.plugins = ordered.toArray(NONE);
        this.target = runtime.target();
        FailoverPlugin f = null;
        for (ConnectionPlugin p : plugins) {
            if (p instanceof FailoverPlugin fp) {
                f = fp;
            }
        }
        this.failover = f;
    }

    /** Builds the plugins the settings name, outermost first. */
    public static PluginPipeline create(DriverRuntime runtime, AuroraSettings settings) {
        List<ConnectionPlugin> list = new ArrayList<>();
        for (PluginCode code : settings.plugins()) { // already in weight order
            ConnectionPlugin p = PluginFactories.create(code, runtime, settings);
            if (p != null) {
                list.add(p);
            }
        }
        return new PluginPipeline(runtime, settings, list);
    }

    /** The plugins subscribed to {@code m}, outermost first; empty means the fast path. */
    public ConnectionPlugin[] chainFor(Method m) {
        ConnectionPlugin[] c = chains.get(m);
        return c != null ? c : chains.computeIfAbsent(m, chainBuilder);
    }

    private ConnectionPlugin[] buildChain(Method m) {
        List<ConnectionPlugin> out = new ArrayList<>();
        for (ConnectionPlugin p : plugins) {
            if (p.subscribes(m)) {
                out.add(p);
            }
        }
        return out.isEmpty() ? NONE : out.toArray(NONE);
    }

    /** Opens a physical connection through every plugin's connect hook, then Connector/J. */
    public Connection connect(ConnectRequest req) throws SQLException {
        return connectFrom(0, req);
    }

    private Connection connectFrom(int i, ConnectRequest req) throws SQLException {
        if (i == plugins.length) {
            return target.connect(req);
        }
        return plugins[i].connect(req, r -> connectFrom(i + 1, r));
    }

    /** The failover plugin, or null when it is not configured. */
    public FailoverPlugin failover() { return failover; }

    public <T extends ConnectionPlugin> T find(Class<T> type) {
        for (ConnectionPlugin p : plugins) {
            if (type.isInstance(p)) {
                return type.cast(p);
            }
        }
        return null;
    }

    /** Tells every plugin that {@code c} is closing; a plugin's failure does not stop the others. */
    public void release(LogicalConnection c) {
        for (ConnectionPlugin p : plugins) {
            try {
                p.release(c);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(PluginPipeline.class.getName())
                        .log(java.util.logging.Level.WARNING, "aurora-jca: plugin " + p + " failed to release a connection", e);
            }
        }
    }

    /** The runtime is closing: every plugin releases what it holds. */
    public void close() {
        for (ConnectionPlugin p : plugins) {
            try {
                p.close();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(PluginPipeline.class.getName())
                        .log(java.util.logging.Level.WARNING, "aurora-jca: plugin " + p + " failed to close", e);
            }
        }
    }

    public boolean isEmpty() { return plugins.length == 0; }
}
