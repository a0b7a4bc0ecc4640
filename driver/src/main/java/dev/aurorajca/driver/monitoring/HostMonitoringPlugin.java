package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.plugin.ConnectionChange;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.plugin.StateKey;
import dev.aurorajca.driver.time.Clock;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code host_monitoring_v2}: watches every network-bound call while it runs and lets the
 * instance's shared monitor abort it when the instance stops answering. Ordered inside
 * failover, so the abort surfaces as a network error ({@code 08S01}) that failover handles.
 */
public final class HostMonitoringPlugin implements ConnectionPlugin {

    /** The monitor context of the connection's current physical connection. */
    private static final StateKey<MonitorContext> CONTEXT = StateKey.of("host_monitoring_v2");

    private final PluginRuntime runtime;
    private final AuroraSettings settings;
    private final Clock clock;

    public HostMonitoringPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
        this.clock = runtime.clock();
    }

    @Override
    public boolean subscribes(Method m) {
        if (!settings.failureDetectionEnabled()) {
            return false;
        }
        Class<?> c = m.getDeclaringClass();
        String n = m.getName();
        if (c == Statement.class || c == PreparedStatement.class || c == CallableStatement.class) {
            return n.startsWith("execute");
        }
        if (c == Connection.class) {
            return n.equals("commit") || n.equals("rollback") || n.equals("setAutoCommit") || n.equals("releaseSavepoint")
                    || n.equals("setTransactionIsolation") || n.equals("setCatalog") || n.equals("setSchema");
        }
        return false;
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        ConnectionContext c = inv.context();
        Connection physical = c.physical();
        MonitorContext ctx = c.peekState(CONTEXT);
        if (ctx == null || !ctx.belongsTo(physical)) {
            // First call on this physical connection (or its monitor was disposed): register once.
            if (ctx != null) {
                ctx.retire();
            }
            ClusterMetrics metrics = c.cluster().attachment(ClusterMetrics.class, k -> new ClusterMetrics());
            ctx = HostMonitorService.of(runtime).monitorFor(c.host(), settings, runtime.pipeline(settings), metrics).register(physical);
            c.putState(CONTEXT, ctx);
        }
        ctx.begin(clock.nanoTime());
        try {
            return inv.proceed();
        } finally {
            ctx.end();
        }
    }

    /** The physical connection moved: stop watching the old one now rather than at the next call. */
    @Override
    public void connectionChanged(ConnectionContext c, ConnectionChange change) {
        MonitorContext ctx = c.removeState(CONTEXT);
        if (ctx != null) {
            ctx.retire();
        }
    }

    @Override
    public void release(ConnectionContext c) {
        MonitorContext ctx = c.removeState(CONTEXT);
        if (ctx != null) {
            ctx.retire();
        }
    }

    @Override
    public String toString() {
        return "host_monitoring_v2";
    }
}
