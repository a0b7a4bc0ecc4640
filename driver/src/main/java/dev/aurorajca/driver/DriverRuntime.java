package dev.aurorajca.driver;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.RuntimeMetrics;
import dev.aurorajca.driver.monitoring.HostMonitorService;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.TargetConnector;
import dev.aurorajca.driver.plugin.TargetDriver;
import dev.aurorajca.driver.topology.ClusterContext;
import dev.aurorajca.driver.wrapper.LogicalConnection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns everything that is shared between connections and everything that runs in the
 * background: per-cluster topology and its monitor, host monitors, reader connection counts,
 * and the one scheduler whose daemon threads are all named {@code aurora-jca-<name>-N}.
 *
 * <p>A resource adapter creates one in {@code start()} and closes it in {@code stop()}; a
 * standalone driver user gets {@link AuroraDriver}'s default runtime, closed by
 * {@link AuroraDriver#releaseResources()}. {@link #close()} is idempotent and returns only when
 * every thread it started has ended. Nothing here is JVM-static.
 */
public final class DriverRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DriverRuntime.class.getName());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Threads beyond the per-instance ones: topology refresh and aborts. */
    private static final int BASE_THREADS = 2;

    private final String name;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, ClusterContext> clusters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerHost = new ConcurrentHashMap<>();
    private final Map<AuroraSettings, PluginPipeline> pipelines = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final TargetConnector target;
    /** Every thread the scheduler made, so close() can wait until each has really ended. */
    private final java.util.Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final HostMonitorService hostMonitors = new HostMonitorService(this);
    /** Runtime-wide objects plugins share across configurations (the secrets cache), closed with the runtime. */
    private final Map<Class<?>, AutoCloseable> services = new ConcurrentHashMap<>();
    /** Per-cluster counters and the cluster MBeans, unregistered first thing in close(). */
    private final RuntimeMetrics metrics;

    public DriverRuntime(String name) {
        this(name, TargetDriver::connect);
    }

    /** A runtime whose physical connections come from {@code target} (a stub in tests and benchmarks). */
    public DriverRuntime(String name, TargetConnector target) {
        this.target = target;
        this.name = (name == null || name.isBlank() ? "runtime" : name) + "-" + SEQUENCE.incrementAndGet();
        this.metrics = new RuntimeMetrics(this.name);
        AtomicInteger n = new AtomicInteger();
        String prefix = "aurora-jca-" + this.name + "-";
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            threads.removeIf(old -> !old.isAlive());
            threads.add(t);
            return t;
        };
        this.scheduler = new ScheduledThreadPoolExecutor(BASE_THREADS, tf);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
    }

    /** Opens a logical connection. */
    public AuroraConnection connect(AuroraSettings settings) throws SQLException {
        ensureOpen();
        return LogicalConnection.open(this, settings);
    }

    /** The shared state of one cluster, created on first use. */
    public ClusterContext cluster(AuroraSettings settings) throws SQLException {
        ensureOpen();
        return clusters.computeIfAbsent(settings.clusterId(), id -> {
            ClusterContext c = new ClusterContext(this, id, settings);
            if (settings.clusterMBean()) {
                metrics.register(id, new ClusterStateView(this, c));
            }
            return c;
        });
    }

    /** Per-cluster counters (failovers, hosts declared down) and the cluster MBeans of this runtime. */
    public RuntimeMetrics metrics() { return metrics; }

    /** The plugin chain for one configuration, shared by every connection opened with it. */
    public PluginPipeline pipeline(AuroraSettings settings) {
        return pipelines.computeIfAbsent(settings, s -> PluginPipeline.create(this, s));
    }

    /** The host monitors ({@code host_monitoring_v2}) of this runtime. */
    public HostMonitorService hostMonitors() { return hostMonitors; }

    /**
     * The runtime-wide {@code type} object, made by {@code factory} on first use and closed (before
     * the scheduler stops) when the runtime closes: state a plugin shares across configurations.
     */
    public <T extends AutoCloseable> T service(Class<T> type, java.util.function.Function<DriverRuntime, ? extends T> factory) {
        if (closed) {
            throw new IllegalStateException("aurora-jca runtime " + name + " is closed");
        }
        return type.cast(services.computeIfAbsent(type, k -> factory.apply(this)));
    }

    /** Opens physical connections at the end of every connect chain. */
    public TargetConnector target() { return target; }

    /** The runtime's scheduler; tasks on it must not block for long except per-instance probes. */
    public ScheduledThreadPoolExecutor scheduler() { return scheduler; }

    /** Executor for {@code Connection.abort}. */
    public ExecutorService abortExecutor() { return scheduler; }

    /**
     * Raises the thread budget so that each known instance can have one blocking probe running
     * at a time: threads grow with instances, never with connections.
     */
    public synchronized void ensureThreadsForInstances(int instances) {
        int total = 0;
        for (ClusterContext c : clusters.values()) {
            total += c.knownInstanceCount();
        }
        int wanted = BASE_THREADS + Math.max(total, instances);
        if (wanted > scheduler.getCorePoolSize()) {
            scheduler.setCorePoolSize(wanted);
        }
    }

    /** Open physical connections this runtime holds per {@code host:port} (least_connections). */
    public AtomicInteger openConnections(String hostPort) {
        return openPerHost.computeIfAbsent(hostPort, k -> new AtomicInteger());
    }

    public int openConnectionCount(String hostPort) {
        AtomicInteger c = openPerHost.get(hostPort);
        return c == null ? 0 : c.get();
    }

    public String name() { return name; }

    public boolean isClosed() { return closed; }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("aurora-jca runtime " + name + " is closed", "08003");
        }
    }

    /** Ends every background thread and closes monitoring connections. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        metrics.close(); // first: an operator must never read a closing runtime's MBean as alive
        List<ClusterContext> all = new ArrayList<>(clusters.values());
        clusters.clear();
        for (ClusterContext c : all) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "aurora-jca: closing cluster " + c.id() + " failed", e);
            }
        }
        hostMonitors.close();
        pipelines.values().forEach(PluginPipeline::close);
        pipelines.clear();
        for (AutoCloseable s : services.values()) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "aurora-jca: closing " + s + " failed", e);
            }
        }
        services.clear();
        scheduler.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean ended = scheduler.awaitTermination(10, TimeUnit.SECONDS);
            // The pool is terminated once its workers leave their loop; join them so that no
            // thread of this runtime is alive when close() returns.
            for (Thread t : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (t != Thread.currentThread() && left > 0) {
                    t.join(left);
                }
                ended &= !t.isAlive() || t == Thread.currentThread();
            }
            if (!ended) {
                LOG.warning("aurora-jca: runtime " + name + " threads did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DriverRuntime[" + name + (closed ? ", closed" : "") + "]";
    }
}
