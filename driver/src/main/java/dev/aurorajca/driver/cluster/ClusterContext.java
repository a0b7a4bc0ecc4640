package dev.aurorajca.driver.cluster;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything one cluster's connections share: the dialect, the topology and its monitor, and
 * the per-cluster state plugins attach (the failover writer search, the reader selector). Keyed
 * by cluster id in the runtime, so two clusters never share topology. Background connections use
 * the credentials of the settings that first opened the cluster. Time and threads come from the
 * injected {@link Clock} and {@link Scheduler}.
 */
public final class ClusterContext implements ClusterService {

    private static final Logger LOG = Logger.getLogger(ClusterContext.class.getName());
    /** How long the monitor keeps the high refresh rate after a writer change. */
    static final long HIGH_RATE_AFTER_CHANGE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String id;
    private final AuroraSettings settings;
    private final PluginPipeline pipeline;
    private final Clock clock;
    private final Scheduler scheduler;
    private final IntConsumer threadBudget;
    private final Object lock = new Object();
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final AtomicBoolean readOnlyOnWriterLogged = new AtomicBoolean();

    private volatile Dialect dialect;
    private volatile Topology topology;
    private volatile long highRateUntilNanos;
    private volatile boolean closed;
    /** Bumped whenever the writer changes: connections re-check themselves only then. */
    private volatile int writerEpoch;

    // guarded by lock
    private Future<?> refreshTask;
    private int highRateHolds;
    private Connection monitorConnection;

    /**
     * {@code pipeline}: the chain background connections are opened through; {@code dialect}:
     * null to take the settings' or detect it on the first connection; {@code threadBudget}: told
     * how many instances may need a probe thread at once.
     */
    public ClusterContext(String id, AuroraSettings settings, PluginPipeline pipeline, Dialect dialect,
                          Clock clock, Scheduler scheduler, IntConsumer threadBudget) {
        this.id = id;
        this.settings = settings;
        this.pipeline = pipeline;
        this.clock = clock;
        this.scheduler = scheduler;
        this.threadBudget = threadBudget;
        this.dialect = dialect != null ? dialect : settings.dialect() != null ? Dialect.of(settings.dialect()) : null;
        this.highRateUntilNanos = clock.nanoTime();
    }

    @Override public String id() { return id; }
    @Override public Dialect dialect() { return dialect; }
    @Override public Topology topology() { return topology; }
    @Override public int writerEpoch() { return writerEpoch; }
    @Override public AuroraSettings settings() { return settings; }
    @Override public Clock clock() { return clock; }
    @Override public Scheduler scheduler() { return scheduler; }
    @Override public boolean isClosed() { return closed; }

    @Override
    public void ensureThreadsForInstances(int instances) {
        threadBudget.accept(instances);
    }

    @Override
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

    @Override
    public int knownInstanceCount() {
        Topology t = topology;
        return t == null ? 1 : t.hosts().size();
    }

    @Override
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
            threadBudget.accept(knownInstanceCount());
            refreshTask = scheduler.schedule(this::refresh, nextRefreshDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** The monitor's next delay: the high rate after a writer change or while a writer search runs. */
    long nextRefreshDelayMs() {
        boolean high = clock.nanoTime() - highRateUntilNanos < 0;
        synchronized (lock) {
            high |= highRateHolds > 0;
        }
        return high ? settings.topologyHighRefreshMs() : settings.topologyRefreshMs();
    }

    @Override
    public void holdHighRefreshRate(boolean hold) {
        synchronized (lock) {
            highRateHolds += hold ? 1 : -1;
        }
    }

    /** One topology refresh on the monitor's own connection; never throws, always reschedules. */
    void refresh() {
        if (closed) {
            return;
        }
        try {
            Connection pc = monitorConnection();
            if (pc != null) {
                Topology t = dialect.queryTopology(pc, settings);
                if (t != null) {
                    updateTopology(t, true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "aurora-jca: topology refresh of " + id + " failed; will retry", e);
            Connection broken;
            synchronized (lock) {
                broken = monitorConnection;
                monitorConnection = null;
            }
            Jdbc.closeQuietly(broken);
        } finally {
            synchronized (lock) {
                if (!closed) {
                    try {
                        refreshTask = scheduler.schedule(this::refresh, nextRefreshDelayMs(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        closed = true; // the runtime is shutting down
                    }
                }
            }
        }
    }

    private Connection monitorConnection() {
        synchronized (lock) {
            if (Jdbc.isOpen(monitorConnection)) {
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
            Connection pc;
            try {
                pc = openProbe(h);
            } catch (SQLException | RuntimeException e) {
                continue;
            }
            synchronized (lock) {
                if (!closed) {
                    monitorConnection = pc;
                    return pc;
                }
            }
            Jdbc.closeQuietly(pc); // closed while this one was opening
            return null;
        }
        return null;
    }

    /**
     * Replaces the topology. A monitor result that names a different writer than the one
     * failover confirmed is believed only once that instance answers as writable: right after a
     * failover a reader can still report the old writer.
     */
    void updateTopology(Topology fresh, boolean verifyWriterChange) {
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
            highRateUntilNanos = clock.nanoTime() + HIGH_RATE_AFTER_CHANGE_NANOS;
            writerEpoch++;
            LOG.info("aurora-jca: cluster " + id + " topology changed: writer " + oldWriter.hostPort() + " -> " + newWriter.hostPort());
        }
        threadBudget.accept(fresh.hosts().size());
    }

    private boolean isWritable(HostSpec h) {
        Connection pc = null;
        try {
            pc = openProbe(h);
            return !dialect.isReadOnly(pc);
        } catch (SQLException | RuntimeException e) {
            return false;
        } finally {
            Jdbc.closeQuietly(pc);
        }
    }

    @Override
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
        highRateUntilNanos = clock.nanoTime() + HIGH_RATE_AFTER_CHANGE_NANOS;
    }

    @Override
    public void writerConfirmed(HostSpec writer) {
        Topology t = topology;
        HostSpec old = t == null ? null : t.writer();
        if (old != null && old.sameAddress(writer)) {
            return;
        }
        long now = clock.nanoTime();
        topology = t == null ? new Topology(List.of(writer.withRole(HostSpec.Role.WRITER)), now) : t.withWriter(writer, now);
        writerEpoch++;
        highRateUntilNanos = now + HIGH_RATE_AFTER_CHANGE_NANOS;
        LOG.info("aurora-jca: cluster " + id + " writer is now " + writer.hostPort() + (old == null ? "" : " (was " + old.hostPort() + ")"));
    }

    @Override
    public Connection openProbe(HostSpec h) throws SQLException {
        int timeout = probeTimeoutMs(settings);
        return pipeline.connect(ConnectRequest.background(h, ConnectRequest.Purpose.PROBE, settings, timeout, timeout));
    }

    @Override
    public <T> T attachment(Class<T> type, Function<? super ClusterService, ? extends T> factory) {
        Object a = attachments.get(type);
        if (a == null) {
            a = attachments.computeIfAbsent(type, k -> factory.apply(this));
        }
        return type.cast(a);
    }

    /** The plugin chain background connections of this cluster (probes, monitors) are opened through. */
    public PluginPipeline pipeline() { return pipeline; }

    public void close() {
        Connection mc;
        synchronized (lock) {
            closed = true;
            if (refreshTask != null) {
                refreshTask.cancel(true);
                refreshTask = null;
            }
            mc = monitorConnection;
            monitorConnection = null;
        }
        Jdbc.closeQuietly(mc);
        for (Object a : attachments.values()) {
            if (a instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "aurora-jca: closing " + a + " of cluster " + id + " failed", e);
                }
            }
        }
    }

    /** Probe connect and socket timeout: finite, never 0, at most 3 s. */
    public static int probeTimeoutMs(AuroraSettings s) {
        int t = s.connectTimeoutMs();
        return t <= 0 ? 3000 : Math.max(100, Math.min(t, 3000));
    }
}
