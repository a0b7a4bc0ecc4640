package dev.aurorajca.driver.topology;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.readwrite.HostSelector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything one cluster's connections share: the dialect, the topology, its monitor, the
 * failover writer search and the reader selector. Keyed by cluster id in the runtime, so two
 * clusters never share topology. Background connections use the credentials of the settings
 * that first opened the cluster.
 */
public final class ClusterContext {

    private static final Logger LOG = Logger.getLogger(ClusterContext.class.getName());
    /** How long the monitor keeps the high refresh rate after a writer change. */
    private static final long HIGH_RATE_AFTER_CHANGE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DriverRuntime runtime;
    private final String id;
    private final AuroraSettings settings;
    private final PluginPipeline pipeline;
    private final HostSelector selector = new HostSelector();
    private final Object lock = new Object();

    private volatile Dialect dialect;
    private volatile Topology topology;
    private volatile long highRateUntilNanos;
    private volatile boolean closed;
    /** Bumped whenever the writer changes: connections re-check themselves only then. */
    private volatile int writerEpoch;

    // guarded by lock
    private ScheduledFuture<?> refreshTask;
    private WriterSearch search;
    private int searchWaiters;
    private ProbeConnection monitorConnection;

    public ClusterContext(DriverRuntime runtime, String id, AuroraSettings settings) {
        this.runtime = runtime;
        this.id = id;
        this.settings = settings;
        this.pipeline = runtime.pipeline(settings);
        if (settings.dialect() != null) {
            this.dialect = Dialect.of(settings.dialect());
        }
    }

    public String id() { return id; }

    public Dialect dialect() { return dialect; }

    public Topology topology() { return topology; }

    private final java.util.concurrent.atomic.AtomicBoolean readOnlyOnWriterLogged = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A read-only connection landed on {@code h}: if that is the writer (no reader answered),
     * say so once until a reader serves read-only connections again.
     */
    public void noteReadOnlyTarget(HostSpec h) {
        Topology t = topology;
        boolean onWriter = t != null && t.writer() != null && t.writer().sameAddress(h) && !t.readers().isEmpty();
        if (!onWriter) {
            readOnlyOnWriterLogged.set(false);
        } else if (readOnlyOnWriterLogged.compareAndSet(false, true)) {
            LOG.warning("aurora-jca: cluster " + id + ": no reader reachable; read-only connections use the writer "
                    + h.hostPort() + " until a reader answers again");
        }
    }

    /** Changes whenever the cluster's writer changes. */
    public int writerEpoch() { return writerEpoch; }

    public int knownInstanceCount() {
        Topology t = topology;
        return t == null ? 1 : t.hosts().size();
    }

    /**
     * Called with every new initial physical connection until the cluster is known: detects the
     * dialect, reads the topology from {@code c} and starts the monitor.
     */
    public void initialize(Connection c) throws SQLException {
        if (dialect != null && (topology != null || !dialect.hasTopology())) {
            return;
        }
        Dialect d = dialect;
        if (d == null) {
            d = Dialect.detect(c);
            dialect = d;
            LOG.fine(() -> "aurora-jca: cluster " + id + " speaks " + dialect.code().code());
        }
        if (!d.hasTopology()) {
            return;
        }
        Topology t = d.queryTopology(c, settings);
        if (t != null) {
            updateTopology(t, false);
        }
        startMonitor();
    }

    private void startMonitor() {
        synchronized (lock) {
            if (refreshTask != null || closed) {
                return;
            }
            runtime.ensureThreadsForInstances(knownInstanceCount());
            refreshTask = runtime.scheduler().schedule(this::refresh, nextRefreshDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    private long nextRefreshDelayMs() {
        boolean high = System.nanoTime() < highRateUntilNanos;
        synchronized (lock) {
            high |= search != null;
        }
        return high ? settings.topologyHighRefreshMs() : settings.topologyRefreshMs();
    }

    /** One topology refresh on the monitor's own connection; never throws, always reschedules. */
    private void refresh() {
        if (closed) {
            return;
        }
        try {
            ProbeConnection pc = monitorConnection();
            if (pc != null) {
                Topology t = dialect.queryTopology(pc.connection(), settings);
                if (t != null) {
                    updateTopology(t, true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "aurora-jca: topology refresh of " + id + " failed; will retry", e);
            synchronized (lock) {
                if (monitorConnection != null) {
                    monitorConnection.close();
                    monitorConnection = null;
                }
            }
        } finally {
            synchronized (lock) {
                if (!closed) {
                    refreshTask = runtime.scheduler().schedule(this::refresh, nextRefreshDelayMs(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private ProbeConnection monitorConnection() {
        synchronized (lock) {
            if (monitorConnection != null && monitorConnection.isOpen()) {
                return monitorConnection;
            }
        }
        Topology t = topology;
        List<HostSpec> order = new ArrayList<>();
        if (t != null) {
            if (t.writer() != null) {
                order.add(t.writer());
            }
            order.addAll(t.readers());
        }
        for (HostSpec h : order) {
            ProbeConnection pc = ProbeConnection.open(pipeline, settings, h);
            if (pc != null) {
                synchronized (lock) {
                    if (closed) {
                        pc.close();
                        return null;
                    }
                    monitorConnection = pc;
                }
                return pc;
            }
        }
        return null;
    }

    /**
     * Replaces the topology. A monitor result that names a different writer than the one
     * failover confirmed is believed only once that instance answers as writable: right after a
     * failover a reader can still report the old writer.
     */
    private void updateTopology(Topology fresh, boolean verifyWriterChange) {
        Topology old = topology;
        HostSpec oldWriter = old == null ? null : old.writer();
        HostSpec newWriter = fresh.writer();
        if (verifyWriterChange && oldWriter != null && newWriter != null && !oldWriter.sameAddress(newWriter)) {
            if (!isWritable(newWriter)) {
                topology = fresh.withWriter(oldWriter, fresh.takenAtNanos());
                return;
            }
        }
        topology = fresh;
        if (old != null && oldWriter != null && newWriter != null && !oldWriter.sameAddress(newWriter)) {
            highRateUntilNanos = System.nanoTime() + HIGH_RATE_AFTER_CHANGE_NANOS;
            writerEpoch++;
            LOG.info("aurora-jca: cluster " + id + " topology changed: writer " + oldWriter.hostPort() + " -> " + newWriter.hostPort());
        }
        runtime.ensureThreadsForInstances(fresh.hosts().size());
    }

    private boolean isWritable(HostSpec h) {
        ProbeConnection pc = ProbeConnection.open(pipeline, settings, h);
        if (pc == null) {
            return false;
        }
        try {
            return !dialect.isReadOnly(pc.connection());
        } catch (SQLException e) {
            return false;
        } finally {
            pc.close();
        }
    }

    /**
     * {@code c} was opened to a host the topology calls a reader, yet reached a writable instance
     * ({@code instanceId}): the topology is stale (a promotion the monitor has not seen yet).
     * Reads the topology on {@code c}; its writer claim is believed at once when it names the
     * instance {@code c} just proved writable.
     */
    public void readerWasWriter(Connection c, String instanceId) {
        try {
            Topology t = dialect.queryTopology(c, settings);
            if (t != null) {
                boolean confirmed = t.writer() != null && instanceId != null && instanceId.equals(t.writer().instanceId());
                updateTopology(t, !confirmed);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "aurora-jca: topology of " + id + " from a stale reader's connection failed", e);
        }
        highRateUntilNanos = System.nanoTime() + HIGH_RATE_AFTER_CHANGE_NANOS;
    }

    /** Failover confirmed {@code writer} by connecting to it: make it the writer now. */
    public void writerConfirmed(HostSpec writer) {
        Topology t = topology;
        HostSpec old = t == null ? null : t.writer();
        if (old != null && old.sameAddress(writer)) {
            return;
        }
        topology = t == null ? new Topology(List.of(writer.withRole(HostSpec.Role.WRITER)), System.nanoTime())
                : t.withWriter(writer, System.nanoTime());
        writerEpoch++;
        highRateUntilNanos = System.nanoTime() + HIGH_RATE_AFTER_CHANGE_NANOS;
        LOG.info("aurora-jca: cluster " + id + " writer is now " + writer.hostPort() + (old == null ? "" : " (was " + old.hostPort() + ")"));
    }

    /** Every instance worth probing for the writer: the known ones, plus {@code extra}. */
    private List<HostSpec> candidates(HostSpec extra) {
        Map<String, HostSpec> out = new LinkedHashMap<>();
        Topology t = topology;
        if (t != null) {
            for (HostSpec h : t.hosts()) {
                out.put(h.hostPort(), h);
            }
        }
        // An endpoint (cluster endpoint, proxy) is probed only when nothing better is known: once
        // the topology names instances, an endpoint that follows the writer with DNS lag must not
        // be taken for the writer itself.
        if (extra != null && (out.isEmpty() || !extra.instanceId().isEmpty())) {
            out.putIfAbsent(extra.hostPort(), extra);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Waits until some instance answers as writable (the shared search probes every instance
     * every {@code failoverProbeIntervalMs}), or the deadline passes (null). Waiting callers of
     * one cluster share one search.
     */
    public HostSpec awaitWriter(HostSpec failed, HostSpec rejected, long deadlineNanos) throws InterruptedException {
        WriterSearch s;
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (search == null) {
                List<HostSpec> hosts = candidates(failed);
                runtime.ensureThreadsForInstances(hosts.size());
                search = new WriterSearch(runtime, pipeline, settings, dialect, hosts);
                search.start();
                // The monitor's next refresh uses the high rate (nextRefreshDelayMs sees the search);
                // the search itself does not wait for the monitor: it probes every instance.
            }
            s = search;
            searchWaiters++;
        }
        try {
            if (rejected != null) {
                s.reject(rejected);
            }
            return s.await(deadlineNanos);
        } finally {
            synchronized (lock) {
                if (--searchWaiters == 0 && search == s) {
                    search = null;
                    s.stop();
                }
            }
        }
    }

    /** Picks a reader other than those in {@code exclude} by the caller's strategy; null if none is known. */
    public HostSpec pickReader(List<HostSpec> exclude, AuroraSettings caller) {
        Topology t = topology;
        if (t == null) {
            return null;
        }
        List<HostSpec> readers = new ArrayList<>();
        for (HostSpec r : t.readers()) {
            boolean skip = false;
            for (HostSpec e : exclude) {
                skip |= r.sameAddress(e);
            }
            if (!skip) {
                readers.add(r);
            }
        }
        readers = dev.aurorajca.driver.custom.CustomEndpoints.members(runtime, caller, readers);
        return readers.isEmpty() ? null : selector.select(readers, caller, runtime);
    }

    /** The plugin chain background connections of this cluster (probes, monitors) are opened through. */
    public PluginPipeline pipeline() { return pipeline; }

    public AuroraSettings settings() { return settings; }

    public void close() {
        WriterSearch s;
        synchronized (lock) {
            closed = true;
            if (refreshTask != null) {
                refreshTask.cancel(true);
                refreshTask = null;
            }
            if (monitorConnection != null) {
                monitorConnection.close();
                monitorConnection = null;
            }
            s = search;
            search = null;
            lock.notifyAll();
        }
        if (s != null) {
            s.stop();
        }
    }

    /** A background connection with bounded timeouts. */
    static final class ProbeConnection {
        private final Connection connection;

        private ProbeConnection(Connection c) { this.connection = c; }

        static ProbeConnection open(PluginPipeline pipeline, AuroraSettings s, HostSpec h) {
            int timeout = probeTimeoutMs(s);
            try {
                return new ProbeConnection(pipeline.connect(ConnectRequest.background(h, ConnectRequest.Purpose.PROBE, s, timeout, timeout)));
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }

        Connection connection() { return connection; }

        boolean isOpen() {
            try {
                return !connection.isClosed();
            } catch (SQLException e) {
                return false;
            }
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // nothing to do: the link is gone either way
            }
        }
    }

    /** Probe connect and socket timeout: finite, never 0, at most 3 s. */
    static int probeTimeoutMs(AuroraSettings s) {
        int t = s.connectTimeoutMs();
        return t <= 0 ? 3000 : Math.max(100, Math.min(t, 3000));
    }
}
