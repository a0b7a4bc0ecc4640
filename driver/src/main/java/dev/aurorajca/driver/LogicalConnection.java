package dev.aurorajca.driver;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.failover.ErrorClassifier;
import dev.aurorajca.driver.failover.InitialConnect;
import dev.aurorajca.driver.failover.Routing;
import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionChange;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.HostConnection;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.plugin.StateKey;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The logical connection: the object behind the {@link AuroraConnection} proxy the application
 * holds. It owns the current physical connection, the session state the application set (so it
 * can move to a new physical connection), and hands every JDBC call to the plugin pipeline.
 * Plugins see it only as a {@link ConnectionContext}.
 */
final class LogicalConnection implements InvocationHandler, ConnectionContext {

    private final PluginRuntime runtime;
    private final AuroraSettings settings;
    private final PluginPipeline pipeline;
    private final ClusterService cluster;
    private final Clock clock;
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
    private volatile long lastUsedNanos;
    /**
     * A connection used this recently is taken as alive without a round trip (a pool validating
     * on every checkout would otherwise pay one per checkout); older than this, validate() asks
     * the server.
     */
    static final long ALIVE_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Plugins' per-connection state, indexed by {@link StateKey#index()}; replaced (grown) when a newer key shows up. */
    private volatile AtomicReferenceArray<Object> states = new AtomicReferenceArray<>(StateKey.count());
    /** Set by a plugin (read/write splitting) while it has the connection on a reader on purpose. */
    private volatile boolean onReader;

    private LogicalConnection(PluginRuntime runtime, AuroraSettings settings) throws SQLException {
        this.runtime = runtime;
        this.settings = settings;
        this.pipeline = runtime.pipeline(settings);
        this.cluster = runtime.cluster(settings);
        this.clock = runtime.clock();
        this.lastUsedNanos = clock.nanoTime();
        this.proxy = Proxies.connection(this);
    }

    /**
     * Opens a logical connection and its first physical connection: the plugins' initial-connect
     * hooks around the default (the endpoint, or a verified reader for a read-only configuration).
     */
    static AuroraConnection open(PluginRuntime runtime, AuroraSettings settings) throws SQLException {
        LogicalConnection lc = new LogicalConnection(runtime, settings);
        HostConnection t = lc.pipeline.openInitial(lc, () -> InitialConnect.open(lc));
        if (settings.readOnly()) {
            lc.cluster.noteReadOnlyTarget(t.host());
        }
        lc.attach(t.connection(), t.host());
        return lc.proxy;
    }

    private void attach(Connection c, HostSpec h) throws SQLException {
        synchronized (stateLock) {
            if (closed) {
                Jdbc.closeQuietly(c); // closed while a failover was finding this one
                throw new SQLNonTransientConnectionException("Connection was closed during failover", "08003");
            }
            install(c, h);
        }
    }

    /**
     * Makes {@code c} on {@code h} the physical connection, and moves this connection's per-host
     * count (least_connections) to {@code h}; call with stateLock held.
     */
    private void install(Connection c, HostSpec h) {
        validatedEpoch = cluster.writerEpoch();
        physical = c;
        host = h;
        uncount();
        runtime.countOpen(h.hostPort(), 1);
        counted = h;
    }

    /** Gives back this connection's per-host count; call with stateLock held. */
    private void uncount() {
        if (counted != null) {
            runtime.countOpen(counted.hostPort(), -1);
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
            lastUsedNanos = clock.nanoTime(); // every unit of work makes a statement or ends a transaction
        }
        return wrap(result, type, null, on, onHost);
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

    // ---- ConnectionContext: what plugins see --------------------------------------------------

    AuroraConnection proxy() { return proxy; }
    @Override public AuroraSettings settings() { return settings; }
    @Override public ClusterService cluster() { return cluster; }
    @Override public PluginRuntime runtime() { return runtime; }
    @Override public Connection physical() { return physical; }
    @Override public HostSpec host() { return host; }
    @Override public int generation() { return generation; }
    @Override public Object swapLock() { return swapLock; }
    @Override public Boolean readOnlyRequested() { return readOnly; }
    @Override public boolean isFailed() { return failed; }
    @Override public boolean onReader() { return onReader; }

    @Override
    public Connection connect(ConnectRequest req) throws SQLException {
        return pipeline.connect(req);
    }

    @Override
    public void markFailed() {
        failed = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T peekState(StateKey<T> key) {
        AtomicReferenceArray<Object> a = states;
        int i = key.index();
        return i < a.length() ? (T) a.get(i) : null;
    }

    @Override
    public <T> T state(StateKey<T> key) {
        T v = peekState(key);
        if (v == null) {
            synchronized (stateLock) {
                v = peekState(key);
                if (v == null) {
                    v = key.initial();
                    putState(key, v);
                }
            }
        }
        return v;
    }

    @Override
    public <T> void putState(StateKey<T> key, T value) {
        int i = key.index();
        AtomicReferenceArray<Object> a = states;
        if (i >= a.length()) {
            synchronized (stateLock) {
                a = states;
                if (i >= a.length()) {
                    AtomicReferenceArray<Object> grown = new AtomicReferenceArray<>(Math.max(i + 1, StateKey.count()));
                    for (int k = 0; k < a.length(); k++) {
                        grown.set(k, a.get(k));
                    }
                    states = grown;
                    a = grown;
                }
            }
        }
        a.set(i, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T removeState(StateKey<T> key) {
        AtomicReferenceArray<Object> a = states;
        int i = key.index();
        return i < a.length() ? (T) a.getAndSet(i, null) : null;
    }

    @Override
    public void abandonPhysical() {
        Connection old;
        HostSpec was;
        synchronized (stateLock) {
            old = physical;
            was = host;
            uncount();
        }
        Jdbc.abortQuietly(old, runtime.abortExecutor());
        pipeline.connectionChanged(this, new ConnectionChange(ConnectionChange.Kind.DROPPED, was, null));
    }

    @Override
    public void replacePhysical(Connection c, HostSpec h) throws SQLException {
        try {
            replaySessionState(c, true);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(c);
            throw e;
        }
        HostSpec was = host;
        generation++;
        attach(c, h);
        physicalBroken = false;
        pipeline.connectionChanged(this, new ConnectionChange(ConnectionChange.Kind.REPLACED, was, h));
    }

    @Override
    public Connection switchTo(Connection c, HostSpec h, boolean toReader) throws SQLException {
        replaySessionState(c, false);
        Connection old;
        HostSpec was;
        synchronized (stateLock) {
            if (closed) {
                throw new SQLNonTransientConnectionException("Connection is closed", "08003");
            }
            old = physical;
            was = host;
            generation++;
            // The per-host count follows the logical connection's current host; the plugin counts the parked one.
            install(c, h);
            physicalBroken = false;
            onReader = toReader;
        }
        pipeline.connectionChanged(this, new ConnectionChange(ConnectionChange.Kind.SWITCHED, was, h));
        return old;
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

    // ---- AuroraConnection ----------------------------------------------------------------------

    public boolean isUsable() {
        return !closed && !failed && !physicalBroken && Jdbc.isOpen(physical);
    }

    @Override
    public String currentHost() {
        HostSpec h = host;
        return h == null ? "?" : h.hostPort();
    }

    /**
     * From facts: Connector/J's copy of the server status flag "in transaction" (set by the last
     * reply the server sent), else autocommit off.
     */
    @Override
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
        if (!force && epoch == validatedEpoch && clock.nanoTime() - lastUsedNanos < ALIVE_BYPASS_NANOS) {
            return true;
        }
        boolean writerMode = !settings.readOnly() && Routing.currentMode(this) == FailoverMode.STRICT_WRITER;
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
        Jdbc.closeQuietly(c);
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
