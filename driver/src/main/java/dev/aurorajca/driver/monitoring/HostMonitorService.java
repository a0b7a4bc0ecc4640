package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
import dev.aurorajca.driver.topology.HostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * The runtime's host monitors: one per instance and detection setting, shared by every
 * connection of the runtime. Created on first use, disposed when unused for
 * {@code monitorDisposalTime}, all closed with the runtime (a {@link PluginRuntime#service}).
 */
public final class HostMonitorService implements AutoCloseable {

    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor abortExecutor;
    private final IntConsumer threadBudget;
    private final Map<String, HostMonitor> monitors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code threadBudget}: told how many monitors exist, so each can have a thread for its blocking probe. */
    public HostMonitorService(Clock clock, Scheduler scheduler, Executor abortExecutor, IntConsumer threadBudget) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.abortExecutor = abortExecutor;
        this.threadBudget = threadBudget;
    }

    /** The runtime's service, made on first use. */
    public static HostMonitorService of(PluginRuntime runtime) {
        return runtime.service(HostMonitorService.class,
                r -> new HostMonitorService(r.clock(), r.scheduler(), r.abortExecutor(), r::ensureThreadsForInstances));
    }

    Clock clock() { return clock; }

    HostMonitor monitorFor(HostSpec host, AuroraSettings s, PluginPipeline pipeline) {
        return monitorFor(host, s, pipeline, new ClusterMetrics()); // counted nowhere: for tests of the monitor alone
    }

    /** The monitor of {@code host}; a monitor it creates counts instances it declares dead in {@code metrics}. */
    HostMonitor monitorFor(HostSpec host, AuroraSettings s, PluginPipeline pipeline, ClusterMetrics metrics) {
        String key = host.hostPort() + "|" + s.failureDetectionTimeMs() + "|" + s.failureDetectionIntervalMs() + "|"
                + s.failureDetectionCount() + "|" + HostMonitor.probeTimeoutMs(s) + "|" + s.user();
        HostMonitor m = monitors.get(key);
        if (m != null && !m.isClosed()) {
            return m;
        }
        synchronized (this) {
            m = monitors.get(key);
            if (m == null || m.isClosed()) {
                if (closed) {
                    throw new IllegalStateException("runtime closed");
                }
                m = new HostMonitor(clock, scheduler, abortExecutor, pipeline, s, host, key, this, metrics);
                monitors.put(key, m);
                threadBudget.accept(monitors.size());
                m.start();
            }
            return m;
        }
    }

    void dispose(String key, HostMonitor m) {
        synchronized (this) {
            if (m.activeContexts() > 0) {
                return;
            }
            monitors.remove(key, m);
            m.close();
        }
    }

    /** Monitors alive now (for tests and operators). */
    public int monitorCount() {
        return monitors.size();
    }

    /** Monitors alive now that watch instances of cluster {@code clusterId}. */
    public int monitorCount(String clusterId) {
        int n = 0;
        for (HostMonitor m : monitors.values()) {
            if (!m.isClosed() && m.clusterId().equals(clusterId)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        List<HostMonitor> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(monitors.values());
            monitors.clear();
        }
        all.forEach(HostMonitor::close);
    }
}
