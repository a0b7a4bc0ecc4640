package dev.aurorajca.driver.monitoring;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.time.Scheduler;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
 *
 * <p>The probe connection belongs to the run: {@link #close()} closes it only when no run is in
 * flight, and a run that finds the monitor closed when it ends closes it itself, so a probe
 * opened while {@code close()} runs is never leaked and never closed under a running probe.
 */
final class HostMonitor {

    private static final Logger LOG = Logger.getLogger(HostMonitor.class.getName());

    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor abortExecutor;
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

    private volatile long lastUsedNanos;
    private volatile boolean closed;
    private volatile Future<?> task;
    /** Guards {@code running} and the moment {@code closed} is set. */
    private final Object runLock = new Object();
    private boolean running;
    // Touched by the monitor's own run, or by close() once no run is in flight and none can start.
    private volatile Connection probe;
    private int failures;

    HostMonitor(Clock clock, Scheduler scheduler, Executor abortExecutor, PluginPipeline pipeline, AuroraSettings settings,
                HostSpec host, String key, HostMonitorService owner, ClusterMetrics metrics) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.abortExecutor = abortExecutor;
        this.lastUsedNanos = clock.nanoTime();
        this.pipeline = pipeline;
        this.settings = settings;
        this.host = host;
        this.key = key;
        this.owner = owner;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(settings.failureDetectionTimeMs());
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.failureDetectionIntervalMs());
        this.probeTimeoutMs = probeTimeoutMs(settings);
        this.metrics = metrics;
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
        task = scheduler.schedule(this::run, Math.min(graceNanos, intervalNanos), TimeUnit.NANOSECONDS);
    }

    /** Starts knowing {@code physical}; its calls are watched between begin() and end(). */
    MonitorContext register(Connection physical) {
        MonitorContext ctx = new MonitorContext(physical, this);
        contexts.add(ctx);
        lastUsedNanos = clock.nanoTime();
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

    void run() {
        synchronized (runLock) {
            if (closed) {
                return;
            }
            running = true;
        }
        long next = intervalNanos;
        try {
            long now = clock.nanoTime();
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
            long probeStart = clock.nanoTime();
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
            next = Math.max(0, intervalNanos - (clock.nanoTime() - probeStart));
        } catch (RuntimeException e) {
            // A monitor failure must never kill the monitor: log and go on.
            LOG.log(Level.WARNING, "aurora-jca: host monitor for " + host.hostPort() + " failed; continuing", e);
        } finally {
            boolean closeNow;
            synchronized (runLock) {
                running = false;
                if (!closed) {
                    try {
                        task = scheduler.schedule(this::run, next, TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException e) {
                        closed = true; // the runtime is shutting down
                    }
                }
                closeNow = closed;
            }
            if (closeNow) {
                closeProbe(); // closed while this run was in flight: close() left the probe to it
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
        long now = clock.nanoTime();
        int aborted = 0;
        for (MonitorContext c : contexts) {
            if (c.isActive() && c.startNanos() + graceNanos <= now) {
                Connection conn = c.connection();
                c.retire();
                if (conn != null) {
                    try {
                        conn.abort(abortExecutor);
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
        Jdbc.abortQuietly(p, abortExecutor);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops the monitor. Returns at once: a run in flight finishes its probe and closes the probe
     * connection itself; with none in flight (and none able to start) the probe is closed here.
     */
    void close() {
        boolean idle;
        synchronized (runLock) {
            closed = true;
            idle = !running;
        }
        Future<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        if (idle) {
            closeProbe();
        }
    }

    /** Whether a probe connection is open now (for tests). */
    boolean hasProbe() {
        return probe != null;
    }
}
