package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches one instance for every connection that has a call in flight on it. While some call
 * has run longer than {@code failureDetectionTime}, it probes the instance every
 * {@code failureDetectionInterval} on its own connection (finite timeouts); after
 * {@code failureDetectionCount} consecutive failed probes the instance is declared dead and every
 * watched physical connection past its grace is aborted, so the blocked call fails with a
 * network error that failover handles. Runs as a self-rescheduling task on the runtime's
 * scheduler: at most one thread busy per instance, however many connections.
 */
final class HostMonitor {

    private static final Logger LOG = Logger.getLogger(HostMonitor.class.getName());

    private final DriverRuntime runtime;
    private final PluginPipeline pipeline;
    private final AuroraSettings settings;
    private final HostSpec host;
    private final String key;
    private final HostMonitorService owner;
    private final long graceNanos;
    private final long intervalNanos;
    private final int probeTimeoutMs;
    private final Queue<MonitorContext> contexts = new ConcurrentLinkedQueue<>();
    private final ClusterMetrics metrics;

    private volatile long lastUsedNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> task;
    // Touched only by the monitor's own run (never concurrently).
    private Connection probe;
    private int failures;

    HostMonitor(DriverRuntime runtime, PluginPipeline pipeline, AuroraSettings settings, HostSpec host, String key, HostMonitorService owner) {
        this.runtime = runtime;
        this.pipeline = pipeline;
        this.settings = settings;
        this.host = host;
        this.key = key;
        this.owner = owner;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(settings.failureDetectionTimeMs());
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.failureDetectionIntervalMs());
        this.probeTimeoutMs = probeTimeoutMs(settings);
        this.metrics = runtime.metrics().cluster(settings.clusterId());
    }

    String clusterId() { return settings.clusterId(); }

    /**
     * How long one probe may take: {@code monitoring-socketTimeout} if given, else half the
     * interval (at least 50 ms), so a hung instance is detected within the interval.
     */
    static int probeTimeoutMs(AuroraSettings s) {
        String override = s.monitoringProperties().get("socketTimeout");
        if (override != null) {
            try {
                int v = Integer.parseInt(override.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall back to the default below; monitoring- overrides are Connector/J's to validate
            }
        }
        return (int) Math.max(50, s.failureDetectionIntervalMs() / 2);
    }

    void start() {
        task = runtime.scheduler().schedule(this::run, Math.min(graceNanos, intervalNanos), TimeUnit.NANOSECONDS);
    }

    /** Starts knowing {@code physical}; its calls are watched between begin() and end(). */
    MonitorContext register(Connection physical) {
        MonitorContext ctx = new MonitorContext(physical, this);
        contexts.add(ctx);
        lastUsedNanos = System.nanoTime();
        return ctx;
    }

    int activeContexts() {
        int n = 0;
        for (MonitorContext c : contexts) {
            if (c.isActive()) {
                n++;
            }
        }
        return n;
    }

    private void run() {
        if (closed) {
            return;
        }
        long next = intervalNanos;
        try {
            long now = System.nanoTime();
            boolean anyPastGrace = false;
            long earliestGraceEnd = Long.MAX_VALUE;
            for (Iterator<MonitorContext> it = contexts.iterator(); it.hasNext(); ) {
                MonitorContext c = it.next();
                if (c.isGone()) {
                    it.remove();
                    continue;
                }
                boolean active = c.isActive();
                if (active || c.seenActive) {
                    lastUsedNanos = now; // in use now, or a call ended since the last run
                }
                c.seenActive = active;
                if (!active) {
                    continue;
                }
                long graceEnd = c.startNanos() + graceNanos;
                if (graceEnd <= now) {
                    anyPastGrace = true;
                } else {
                    earliestGraceEnd = Math.min(earliestGraceEnd, graceEnd);
                }
            }
            if (!anyPastGrace) {
                failures = 0;
                closeProbe(); // nothing to watch: don't hold a connection to the instance
                if (now - lastUsedNanos > TimeUnit.MILLISECONDS.toNanos(settings.monitorDisposalTimeMs())) {
                    owner.dispose(key, this);
                    return;
                }
                next = earliestGraceEnd == Long.MAX_VALUE ? intervalNanos : Math.max(0, earliestGraceEnd - now);
                return;
            }
            long probeStart = System.nanoTime();
            if (probeOnce()) {
                failures = 0;
            } else {
                failures++;
                LOG.fine(() -> "aurora-jca: probe " + failures + "/" + settings.failureDetectionCount() + " of " + host.hostPort() + " failed");
                if (failures == settings.failureDetectionCount()) {
                    metrics.hostDeclaredDown(); // once per outage; later failed probes only abort new callers
                }
                if (failures >= settings.failureDetectionCount()) {
                    abortWatched();
                }
            }
            next = Math.max(0, intervalNanos - (System.nanoTime() - probeStart));
        } catch (RuntimeException e) {
            // A monitor failure must never kill the monitor: log and go on.
            LOG.log(Level.WARNING, "aurora-jca: host monitor for " + host.hostPort() + " failed; continuing", e);
        } finally {
            if (!closed) {
                try {
                    task = runtime.scheduler().schedule(this::run, next, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closed = true; // the runtime is shutting down
                }
            }
        }
    }

    /** One validity check with a bounded timeout; opens the monitoring connection when needed. */
    private boolean probeOnce() {
        try {
            if (probe == null || probe.isClosed()) {
                probe = pipeline.connect(ConnectRequest.background(host, ConnectRequest.Purpose.MONITORING, settings, probeTimeoutMs, probeTimeoutMs));
            }
            try (Statement st = probe.createStatement(); ResultSet rs = st.executeQuery("/* ping */ SELECT 1")) {
                return true;
            }
        } catch (SQLException | RuntimeException e) {
            closeProbe();
            return false;
        }
    }

    private void abortWatched() {
        long now = System.nanoTime();
        int aborted = 0;
        for (MonitorContext c : contexts) {
            if (c.isActive() && c.startNanos() + graceNanos <= now) {
                Connection conn = c.connection();
                c.retire();
                if (conn != null) {
                    try {
                        conn.abort(runtime.abortExecutor());
                        aborted++;
                    } catch (SQLException | RuntimeException e) {
                        LOG.log(Level.FINE, "aurora-jca: abort failed", e);
                    }
                }
            }
        }
        if (aborted > 0) {
            LOG.warning("aurora-jca: instance " + host.hostPort() + " declared dead after " + failures
                    + " failed probes; aborted " + aborted + " connection(s) waiting on it");
        }
    }

    private void closeProbe() {
        Connection p = probe;
        probe = null;
        if (p != null) {
            try {
                p.abort(runtime.abortExecutor());
            } catch (SQLException | RuntimeException e) {
                // nothing more to do
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        // The probe connection belongs to the run; if a run is in flight it closes it on return.
        if (t == null || t.isDone() || t.isCancelled()) {
            closeProbeQuietly();
        }
    }

    private void closeProbeQuietly() {
        Connection p = probe;
        if (p != null) {
            try {
                p.close();
            } catch (SQLException | RuntimeException e) {
                // nothing to do
            }
        }
    }
}
