package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.config.AuroraSettings;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ordered plugins of one configuration, shared by every logical connection opened with it.
 * Plugins keep per-connection state in the {@link ConnectionContext}, so one pipeline (and its
 * method-to-chain cache) serves them all. The pipeline knows no plugin by type: every hook runs
 * through every plugin in order.
 */
public final class PluginPipeline {

    private static final Logger LOG = Logger.getLogger(PluginPipeline.class.getName());
    private static final ConnectionPlugin[] NONE = new ConnectionPlugin[0];

    private final ConnectionPlugin[] plugins;
    private final ConcurrentHashMap<Method, ConnectionPlugin[]> chains = new ConcurrentHashMap<>();
    private final Function<Method, ConnectionPlugin[]> chainBuilder = this::buildChain;
    private final TargetConnector target;

    /** {@code ordered}: outermost first. */
    public PluginPipeline(PluginRuntime runtime, AuroraSettings settings, List<ConnectionPlugin> ordered) {
        this(runtime.target(), ordered);
    }

    public PluginPipeline(TargetConnector target, List<ConnectionPlugin> ordered) {
        this.plugins = ordered.toArray(NONE);
        this.target = target;
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

    /** Opens a physical connection through every plugin's connect hook, then the target (Connector/J). */
    public Connection connect(ConnectRequest req) throws SQLException {
        return connectFrom(0, req);
    }

    private Connection connectFrom(int i, ConnectRequest req) throws SQLException {
        if (i == plugins.length) {
            return target.connect(req);
        }
        return plugins[i].connect(req, r -> connectFrom(i + 1, r));
    }

    /** Chooses a logical connection's first physical connection: every plugin's hook around {@code base}. */
    public HostConnection openInitial(ConnectionContext ctx, InitialChain base) throws SQLException {
        return openInitialFrom(0, ctx, base);
    }

    private HostConnection openInitialFrom(int i, ConnectionContext ctx, InitialChain base) throws SQLException {
        if (i == plugins.length) {
            return base.open();
        }
        return plugins[i].openInitial(ctx, () -> openInitialFrom(i + 1, ctx, base));
    }

    /** Announces a change of {@code ctx}'s physical connection to every plugin; one plugin's failure does not stop the others. */
    public void connectionChanged(ConnectionContext ctx, ConnectionChange change) {
        for (ConnectionPlugin p : plugins) {
            try {
                p.connectionChanged(ctx, change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "aurora-jca: plugin " + p + " failed on a connection change", e);
            }
        }
    }

    public <T extends ConnectionPlugin> T find(Class<T> type) {
        for (ConnectionPlugin p : plugins) {
            if (type.isInstance(p)) {
                return type.cast(p);
            }
        }
        return null;
    }

    /** Tells every plugin that {@code ctx} is closing; a plugin's failure does not stop the others. */
    public void release(ConnectionContext ctx) {
        for (ConnectionPlugin p : plugins) {
            try {
                p.release(ctx);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "aurora-jca: plugin " + p + " failed to release a connection", e);
            }
        }
    }

    /** The runtime is closing: every plugin releases what it holds. */
    public void close() {
        for (ConnectionPlugin p : plugins) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "aurora-jca: plugin " + p + " failed to close", e);
            }
        }
    }

    public boolean isEmpty() { return plugins.length == 0; }
}
