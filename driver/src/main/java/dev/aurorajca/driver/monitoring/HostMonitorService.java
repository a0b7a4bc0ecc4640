package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.topology.HostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's host monitors: one per instance and detection setting, shared by every
 * connection of the runtime. Created on first use, disposed when unused for
 * {@code monitorDisposalTime}, all closed with the runtime.
 */
public final class HostMonitorService {

    private final DriverRuntime runtime;
    private final Map<String, HostMonitor> monitors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public HostMonitorService(DriverRuntime runtime) {
        this.runtime = runtime;
    }

    HostMonitor monitorFor(HostSpec host, AuroraSettings s, PluginPipeline pipeline) {
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
                m = new HostMonitor(runtime, pipeline, s, host, key, this);
                monitors.put(key, m);
                runtime.ensureThreadsForInstances(monitors.size());
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
