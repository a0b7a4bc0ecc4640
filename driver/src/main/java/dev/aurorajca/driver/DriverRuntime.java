package dev.aurorajca.driver;

import dev.aurorajca.driver.cluster.ClusterContext;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.metrics.RuntimeMetrics;
import dev.aurorajca.driver.monitoring.HostMonitorService;
import dev.aurorajca.driver.plugin.FailoverOutcomes;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.plugin.TargetConnector;
import dev.aurorajca.driver.plugin.TargetDriver;
import dev.aurorajca.driver.registry.PluginFactories;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
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
public final class DriverRuntime implements PluginRuntime, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DriverRuntime.class.getName());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Threads beyond the per-instance ones: topology refresh and aborts. */
    private static final int BASE_THREADS = 2;

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    private final Scheduler scheduler;
    private final Map<String, ClusterContext> clusters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerHost = new ConcurrentHashMap<>();
    private final Map<AuroraSettings, PluginPipeline> pipelines = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final TargetConnector target;
    /** Every thread the scheduler made, so close() can wait until each has really ended. */
    private final java.util.Set<Thread> threads = ConcurrentHashMap.newKeySet();
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
        this.executor = new ScheduledThreadPoolExecutor(BASE_THREADS, tf);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setKeepAliveTime(30, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        this.scheduler = Scheduler.of(executor);
    }

    /** Opens a logical connection. */
    public AuroraConnection connect(AuroraSettings settings) throws SQLException {
        ensureOpen();
        return LogicalConnection.open(this, settings);
    }

    /** The shared state of one cluster, created on first use. */
    @Override
    public ClusterContext cluster(AuroraSettings settings) throws SQLException {
        ensureOpen();
        ClusterContext c = clusters.get(settings.clusterId());
        return c != null ? c : clusters.computeIfAbsent(settings.clusterId(), id -> {
            ClusterContext created = new ClusterContext(id, settings, pipeline(settings), null, Clock.SYSTEM, scheduler, this::ensureThreadsForInstances);
            if (settings.clusterMBean()) {
                metrics.register(id, created.attachment(ClusterMetrics.class, k -> new ClusterMetrics()), new ClusterStateView(this, created));
            }
            return created;
        });
    }

    /** Per-cluster counters (failovers, hosts declared down) and the cluster MBeans of this runtime. */
    public RuntimeMetrics metrics() { return metrics; }

    /** The plugin chain for one configuration, shared by every connection opened with it. */
    @Override
    public PluginPipeline pipeline(AuroraSettings settings) {
        PluginPipeline p = pipelines.get(settings);
        return p != null ? p : pipelines.computeIfAbsent(settings, s -> PluginFactories.pipeline(this, s));
    }

    /** The host monitors ({@code host_monitoring_v2}) of this runtime. */
    public HostMonitorService hostMonitors() { return HostMonitorService.of(this); }

    @Override
    public Clock clock() { return Clock.SYSTEM; }

    @Override
    public FailoverOutcomes failoverOutcomes() { return Outcomes.INSTANCE; }

    @Override
    public void countOpen(String hostPort, int delta) {
        openConnections(hostPort).addAndGet(delta);
    }

    /**
     * The runtime-wide {@code type} object, made by {@code factory} on first use and closed (before
     * the scheduler stops) when the runtime closes: state a plugin shares across configurations.
     */
    @Override
    public <T extends AutoCloseable> T service(Class<T> type, java.util.function.Function<? super PluginRuntime, ? extends T> factory) {
        if (closed) {
            throw new IllegalStateException("aurora-jca runtime " + name + " is closed");
        }
        return type.cast(services.computeIfAbsent(type, k -> factory.apply(this)));
    }

    /** Opens physical connections at the end of every connect chain. */
    @Override
    public TargetConnector target() { return target; }

    /** The runtime's scheduler; tasks on it must not block for long except per-instance probes. */
    @Override
    public Scheduler scheduler() { return scheduler; }

    /** Live threads of the scheduler (the cluster MBeans' RuntimeThreads). */
    int poolSize() { return executor.getPoolSize(); }

    /** Executor for {@code Connection.abort}. */
    @Override
    public ExecutorService abortExecutor() { return executor; }

    /**
     * Raises the thread budget so that each known instance can have one blocking probe running
     * at a time: threads grow with instances, never with connections.
     */
    @Override
    public synchronized void ensureThreadsForInstances(int instances) {
        int total = 0;
        for (ClusterContext c : clusters.values()) {
            total += c.knownInstanceCount();
        }
        int wanted = BASE_THREADS + Math.max(total, instances);
        if (wanted > executor.getCorePoolSize()) {
            executor.setCorePoolSize(wanted);
        }
    }

    /** Open physical connections this runtime holds per {@code host:port} (least_connections). */
    public AtomicInteger openConnections(String hostPort) {
        return openPerHost.computeIfAbsent(hostPort, k -> new AtomicInteger());
    }

    @Override
    public int openConnectionCount(String hostPort) {
        AtomicInteger c = openPerHost.get(hostPort);
        return c == null ? 0 : c.get();
    }

    @Override
    public String name() { return name; }

    @Override
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
        executor.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean ended = executor.awaitTermination(10, TimeUnit.SECONDS);
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
