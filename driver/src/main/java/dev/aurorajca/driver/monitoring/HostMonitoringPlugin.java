package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.wrapper.LogicalConnection;
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

    private final DriverRuntime runtime;
    private final AuroraSettings settings;

    public HostMonitoringPlugin(DriverRuntime runtime, AuroraSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
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
        LogicalConnection c = inv.connection();
        Connection physical = c.physical();
        MonitorContext ctx = (MonitorContext) c.monitoringState();
        if (ctx == null || !ctx.belongsTo(physical)) {
            // First call on this physical connection (or its monitor was disposed): register once.
            if (ctx != null) {
                ctx.retire();
            }
            ctx = runtime.hostMonitors().monitorFor(c.host(), settings, c.pipeline()).register(physical);
            c.monitoringState(ctx);
        }
        ctx.begin(System.nanoTime());
        try {
            return inv.proceed();
        } finally {
            ctx.end();
        }
    }

    @Override
    public void release(LogicalConnection c) {
        MonitorContext ctx = (MonitorContext) c.monitoringState();
        if (ctx != null) {
            ctx.retire();
        }
    }

    @Override
    public String toString() {
        return "host_monitoring_v2";
    }
}
