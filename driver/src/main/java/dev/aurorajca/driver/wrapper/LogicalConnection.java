package dev.aurorajca.driver.wrapper;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.custom.CustomEndpoints;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.failover.ErrorClassifier;
import dev.aurorajca.driver.failover.FailoverPlugin;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.topology.ClusterContext;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Routing;
import dev.aurorajca.driver.topology.Topology;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The logical connection: the object behind the {@link AuroraConnection} proxy the application
 * holds. It owns the current physical connection, the session state the application set (so it
 * can move to a new physical connection), and hands every JDBC call to the plugin pipeline.
 */
public final class LogicalConnection implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(LogicalConnection.class.getName());

    private final DriverRuntime runtime;
    private final AuroraSettings settings;
    private final PluginPipeline pipeline;
    private final ClusterContext cluster;
    private final AuroraConnection proxy;
    /** Serialises failovers and read/write switches (held while a failover waits for a writer). */
    private final Object swapLock = new Object();
    /**
     * Guards closed, the physical connection's bookkeeping and the per-host count; never held
     * while waiting, so close() and abort() return at once even during a failover.
     */
    private final Object stateLock = new Object();
    /** The host whose open-connection count this logical connection holds one of (null: none). */
    private HostSpec counted;

    private volatile Connection physical;
    private volatile HostSpec host;
    private volatile int generation;
    private volatile boolean closed;
    private volatile boolean failed;
    /** A network error passed through with no failover to repair it. */
    private volatile boolean physicalBroken;

    // Session state the application set; null = never set (server default). Replayed after a swap.
    private Boolean autoCommit;
    private Boolean readOnly;
    private Integer isolation;
    private String catalog;
    private String schema;
    private Integer networkTimeoutMs;
    private Executor networkTimeoutExecutor;
    private Integer holdability;

    /** The cluster's writer epoch when this connection last proved it is where it belongs. */
    private volatile int validatedEpoch;
    /** When the application last called a Connection method (a unit of work touches at least one). */
    private volatile long lastUsedNanos = System.nanoTime();
    /**
     * A connection used this recently is taken as alive without a round trip (a pool validating
     * on every checkout would otherwise pay one per checkout); older than this, validate() asks
     * the server.
     */
    static final long ALIVE_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Per-connection state of plugins that need it (read/write splitting's reader connection). */
    private volatile Object pluginState;
    /** Set by read/write splitting while the connection is on a reader. */
    private volatile boolean onReader;
    /** host_monitoring_v2's context for the current physical connection. */
    private volatile Object monitoringState;

    private LogicalConnection(DriverRuntime runtime, AuroraSettings settings) throws SQLException {
        this.runtime = runtime;
        this.settings = settings;
        this.pipeline = runtime.pipeline(settings);
        this.cluster = runtime.cluster(settings);
        this.proxy = Proxies.connection(this);
    }

    /** Opens a logical connection and its first physical connection. */
    public static AuroraConnection open(DriverRuntime runtime, AuroraSettings settings) throws SQLException {
        LogicalConnection lc = new LogicalConnection(runtime, settings);
        Routing.Target t = lc.connectInitial();
        if (settings.readOnly()) {
            lc.cluster.noteReadOnlyTarget(t.host());
        }
        lc.attach(t.connection(), t.host());
        return lc.proxy;
    }

    private Routing.Target connectInitial() throws SQLException {
        FailoverPlugin failover = pipeline.failover();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
        HostSpec endpoint = HostSpec.endpoint(settings.host(), settings.port());

        // Topology known: go straight to where this connection belongs.
        if (settings.readOnly() && cluster.topology() != null && !cluster.topology().readers().isEmpty()) {
            Routing.Target t = Routing.connectVerifiedReader(cluster, pipeline, settings, ConnectRequest.Purpose.READER);
            if (t != null) {
                return t;
            }
        }
        Connection c;
        try {
            c = pipeline.connect(ConnectRequest.of(endpoint, ConnectRequest.Purpose.INITIAL, settings));
        } catch (SQLException e) {
            if (failover != null && settings.enableConnectFailover() && ErrorClassifier.isNetworkError(e) && cluster.topology() != null) {
                LOG.info("aurora-jca: cannot reach " + endpoint.hostPort() + " (" + e.getMessage() + "); connecting through the known topology");
                Routing.Target t = CustomEndpoints.failoverMode(runtime, settings) == FailoverMode.STRICT_WRITER
                        ? Routing.connectWriter(cluster, pipeline, settings, endpoint, ConnectRequest.Purpose.FAILOVER, deadline)
                        : Routing.connectReader(cluster, pipeline, settings, List.of(endpoint), ConnectRequest.Purpose.FAILOVER, deadline,
                                Routing.mayUseWriter(CustomEndpoints.failoverMode(runtime, settings)));
                if (t != null) {
                    return t;
                }
            }
            throw e;
        }
        try {
            cluster.initialize(c);
        } catch (SQLException e) {
            Routing.closeQuietly(c);
            throw e;
        }
        Topology topo = cluster.topology();
        Dialect d = cluster.dialect();
        HostSpec h = endpoint;
        boolean readOnlyInstance = false;
        if (d != null && d.hasTopology() && !settings.readOnly()) {
            // Which instance did the endpoint lead to, and does it take writes? One round trip.
            Dialect.InstanceState st;
            try {
                st = d.identify(c);
            } catch (SQLException e) {
                Routing.closeQuietly(c);
                throw e;
            }
            readOnlyInstance = st.readOnly();
            HostSpec instance = topo == null ? null : topo.findById(st.instanceId());
            if (instance != null) {
                h = instance;
            }
        }
        if (settings.readOnly() && topo != null && !topo.readers().isEmpty()) {
            Routing.Target t = Routing.connectVerifiedReader(cluster, pipeline, settings, ConnectRequest.Purpose.READER);
            if (t != null) {
                Routing.closeQuietly(c);
                return t;
            }
        } else if (!settings.readOnly() && failover != null && CustomEndpoints.failoverMode(runtime, settings) == FailoverMode.STRICT_WRITER
                && readOnlyInstance) {
            // Landed on a reader or a demoted writer (stale DNS, or a URL naming an instance): go to the writer.
            Routing.closeQuietly(c);
            Routing.Target t = Routing.connectWriter(cluster, pipeline, settings, null, ConnectRequest.Purpose.INITIAL, deadline);
            if (t == null) {
                throw new SQLNonTransientConnectionException("aurora-jca: " + endpoint.hostPort()
                        + " is read-only and no writer answered within failoverTimeoutMs=" + settings.failoverTimeoutMs(), "08001");
            }
            return t;
        }
        return new Routing.Target(c, h);
    }

    private void attach(Connection c, HostSpec h) throws SQLException {
        synchronized (stateLock) {
            if (closed) {
                Routing.closeQuietly(c); // closed while a failover was finding this one
                throw new SQLNonTransientConnectionException("Connection was closed during failover", "08003");
            }
            validatedEpoch = cluster.writerEpoch();
            physical = c;
            host = h;
            uncount();
            runtime.openConnections(h.hostPort()).incrementAndGet();
            counted = h;
        }
    }

    /** Gives back this connection's per-host count; call with stateLock held. */
    private void uncount() {
        if (counted != null) {
            runtime.openConnections(counted.hostPort()).decrementAndGet();
            counted = null;
        }
    }

    // ---- the proxy ---------------------------------------------------------------------------

    @Override
    public Object invoke(Object p, Method m, Object[] args) throws Throwable {
        Class<?> dc = m.getDeclaringClass();
        if (dc == Object.class) {
            switch (m.getName()) {
                case "equals": return p == args[0];
                case "hashCode": return System.identityHashCode(p);
                default: return "AuroraConnection[" + (host == null ? "?" : host.hostPort()) + (closed ? ", closed" : "") + "]";
            }
        }
        if (dc == AuroraConnection.class) {
            switch (m.getName()) {
                case "isUsable": return isUsable();
                case "currentHost": return currentHost();
                case "isInTransaction": return isInTransaction();
                case "validate": return validate((Integer) args[0], false);
                case "verify": return validate((Integer) args[0], true);
                case "settings": return settings;
                default: throw new SQLException("unsupported " + m, "HY000");
            }
        }
        String name = m.getName();
        switch (name) {
            case "close": close(); return null;
            case "isClosed": return closed;
            case "abort": abort(); return null;
            case "unwrap": {
                Class<?> iface = (Class<?>) args[0];
                if (iface.isInstance(p)) {
                    return p;
                }
                checkOpen();
                return physical.unwrap(iface);
            }
            case "isWrapperFor": {
                Class<?> iface = (Class<?>) args[0];
                return iface.isInstance(p) || (!closed && physical.isWrapperFor(iface));
            }
            default:
                break;
        }
        checkOpen();
        Connection on = physical;
        HostSpec onHost = host;
        Object result = execute(on, m, args);
        if (name.startsWith("set")) {
            remember(name, args);
        }
        Class<?> type = m.getReturnType();
        if (Proxies.isWrapped(type) || name.equals("commit") || name.equals("rollback")) {
            lastUsedNanos = System.nanoTime(); // every unit of work makes a statement or ends a transaction
        }
        if (result != null && physical != on && madeOnCurrent(result)) {
            // A plugin moved the connection during the call and ran it again on the new physical
            // connection (bg after a blue/green switch): the object belongs to the new one.
            on = physical;
            onHost = host;
        }
        return wrap(result, type, null, on, onHost);
    }

    /** Whether a JDBC object a call returned was made on the current physical connection (failure path only). */
    private boolean madeOnCurrent(Object result) {
        try {
            if (result instanceof java.sql.Statement st) {
                return st.getConnection() == physical;
            }
            if (result instanceof java.sql.DatabaseMetaData md) {
                return md.getConnection() == physical;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** One call through the plugins subscribed to its method (none: straight to the target). */
    Object execute(Object target, Method m, Object[] args) throws SQLException {
        ConnectionPlugin[] chain = pipeline.chainFor(m);
        try {
            if (chain.length == 0) {
                return Invocation.invokeTarget(target, m, args);
            }
            return new Invocation(this, target, m, args, chain, generation).proceed();
        } catch (SQLException e) {
            // A network error that failover did not turn into an outcome (no failover plugin, or a
            // method it leaves alone) leaves the physical link unusable.
            if (!(e instanceof FailoverSQLException) && ErrorClassifier.isNetworkError(e)
                    && !ErrorClassifier.isUsageErrorOnOpenConnection(e, physical)) {
                physicalBroken = true;
            }
            throw e;
        }
    }

    Object wrap(Object result, Class<?> type, Object parent, Connection createdOn, HostSpec createdOnHost) {
        if (result == null) {
            return null;
        }
        if (Proxies.isWrapped(type)) {
            return Proxies.child(type, new ChildHandler(this, result, createdOn, createdOnHost, parent, type));
        }
        if (type == Connection.class) {
            return proxy;
        }
        return result;
    }

    private void remember(String name, Object[] args) {
        switch (name) {
            case "setAutoCommit": autoCommit = (Boolean) args[0]; break;
            case "setReadOnly": readOnly = (Boolean) args[0]; break;
            case "setTransactionIsolation": isolation = (Integer) args[0]; break;
            case "setCatalog": catalog = (String) args[0]; break;
            case "setSchema": schema = (String) args[0]; break;
            case "setHoldability": holdability = (Integer) args[0]; break;
            case "setNetworkTimeout":
                networkTimeoutExecutor = (Executor) args[0];
                networkTimeoutMs = (Integer) args[1];
                break;
            default: break;
        }
    }

    // ---- what plugins use -------------------------------------------------------------------

    public AuroraConnection proxy() { return proxy; }
    public AuroraSettings settings() { return settings; }
    public ClusterContext cluster() { return cluster; }
    public PluginPipeline pipeline() { return pipeline; }
    public DriverRuntime runtime() { return runtime; }
    public Connection physical() { return physical; }
    public HostSpec host() { return host; }
    public int generation() { return generation; }
    public Object swapLock() { return swapLock; }
    public Object pluginState() { return pluginState; }
    public void pluginState(Object state) { this.pluginState = state; }
    /** The read-only state the application last asked for (null: never set). */
    public Boolean readOnlyRequested() { return readOnly; }

    public Object monitoringState() { return monitoringState; }
    public void monitoringState(Object state) { this.monitoringState = state; }
    public boolean isFailed() { return failed; }

    /** Failover gave up: the connection is unusable from now on. */
    public void markFailed() {
        failed = true;
    }

    /**
     * Drops the current physical connection without waiting for the network (abort), e.g.
     * because its instance is gone. The connection has no physical link until {@link #replacePhysical}.
     */
    public void abandonPhysical() {
        Connection old;
        synchronized (stateLock) {
            old = physical;
            uncount();
        }
        if (old != null) {
            try {
                old.abort(runtime.abortExecutor());
            } catch (SQLException | RuntimeException e) {
                Routing.closeQuietly(old);
            }
        }
    }

    /**
     * Makes {@code c} the physical connection, replays the session state the application set,
     * and invalidates every statement and result set made on the old one.
     */
    public void replacePhysical(Connection c, HostSpec h) throws SQLException {
        try {
            replaySessionState(c, true);
        } catch (SQLException e) {
            Routing.closeQuietly(c);
            throw e;
        }
        generation++;
        attach(c, h);
        physicalBroken = false;
    }

    /**
     * Moves the logical connection onto another open physical connection (read/write
     * splitting) without closing the current one: the session state the application set moves
     * with it (read-only excepted: the caller sets it), and statements made on the current one
     * become invalid. Returns the connection it was on.
     */
    public Connection switchTo(Connection c, HostSpec h) throws SQLException {
        replaySessionState(c, false);
        Connection old;
        synchronized (stateLock) {
            if (closed) {
                throw new SQLNonTransientConnectionException("Connection is closed", "08003");
            }
            old = physical;
            generation++;
            validatedEpoch = cluster.writerEpoch();
            physical = c;
            host = h;
            // The per-host count follows the logical connection's current host; the plugin counts the parked one.
            uncount();
            runtime.openConnections(h.hostPort()).incrementAndGet();
            counted = h;
            physicalBroken = false;
        }
        return old;
    }

    /** True while read/write splitting has this connection on a reader. */
    public boolean onReader() { return onReader; }

    public void onReader(boolean value) { this.onReader = value; }

    /**
     * The failover mode that fits where the connection is now: a connection that read/write
     * splitting moved to a reader fails over like a reader connection.
     */
    public FailoverMode currentFailoverMode() {
        FailoverMode m = CustomEndpoints.failoverMode(runtime, settings);
        return onReader && m == FailoverMode.STRICT_WRITER ? FailoverMode.READER_OR_WRITER : m;
    }

    /** Applies to {@code c} the session state the application set on this logical connection. */
    private void replaySessionState(Connection c, boolean includeReadOnly) throws SQLException {
        if (autoCommit != null) {
            c.setAutoCommit(autoCommit);
        }
        if (isolation != null) {
            c.setTransactionIsolation(isolation);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (includeReadOnly && readOnly != null) {
            c.setReadOnly(readOnly);
        }
        if (holdability != null) {
            c.setHoldability(holdability);
        }
        if (networkTimeoutMs != null) {
            c.setNetworkTimeout(networkTimeoutExecutor, networkTimeoutMs);
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("Connection is closed", "08003");
        }
        if (failed) {
            throw new SQLNonTransientConnectionException("Connection is unusable: failover failed earlier; close it and open a new one", "08003");
        }
    }

    private boolean isPhysicalOpen() {
        try {
            return !physical.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    // ---- AuroraConnection ----------------------------------------------------------------------

    public boolean isUsable() {
        return !closed && !failed && !physicalBroken && isPhysicalOpen();
    }

    public String currentHost() {
        HostSpec h = host;
        return h == null ? "?" : h.hostPort();
    }

    /**
     * From facts: Connector/J's copy of the server status flag "in transaction" (set by the last
     * reply the server sent), else autocommit off.
     */
    public boolean isInTransaction() {
        Connection c = physical;
        try {
            if (c instanceof JdbcConnection jc) {
                return jc.getSession().getServerSession().inTransactionOnServer();
            }
            return !c.getAutoCommit();
        } catch (SQLException | RuntimeException e) {
            return Boolean.FALSE.equals(autoCommit);
        }
    }

    /**
     * Local state only for a connection used in the last 500 ms while the cluster's writer is
     * unchanged; otherwise one round trip (validity and, for a writer connection, that the
     * instance accepts writes). A busy pool that validates on every checkout thus pays nothing,
     * while an idle connection whose link died, or one left on a demoted writer after the driver
     * saw the writer move, is reported invalid.
     */
    public boolean validate(int timeoutSeconds, boolean force) {
        if (!isUsable()) {
            return false;
        }
        int epoch = cluster.writerEpoch();
        if (!force && epoch == validatedEpoch && System.nanoTime() - lastUsedNanos < ALIVE_BYPASS_NANOS) {
            return true;
        }
        boolean writerMode = currentFailoverMode() == FailoverMode.STRICT_WRITER && !settings.readOnly();
        Topology t = cluster.topology();
        if (writerMode && t != null && t.writer() != null && host != null && !t.writer().sameAddress(host)
                && t.find(host) != null) {
            return false; // a known instance that is not the writer any more
        }
        if (settings.readOnly() && t != null && t.writer() != null && host != null && t.writer().sameAddress(host)
                && !t.readers().isEmpty()) {
            return false; // a read-only connection on the writer (its reader was promoted): a new one goes to a reader
        }
        Connection c = physical;
        try {
            if (!c.isValid(Math.max(1, timeoutSeconds))) {
                return false;
            }
            Dialect d = cluster.dialect();
            if (writerMode && d != null && d.hasTopology() && d.isReadOnly(c)) {
                return false;
            }
            validatedEpoch = epoch;
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void close() {
        Connection c;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            c = physical;
            uncount();
        }
        pipeline.release(this);
        Routing.closeQuietly(c);
    }

    private void abort() {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        pipeline.release(this);
        abandonPhysical();
    }
}
