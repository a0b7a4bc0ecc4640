package dev.aurorajca.driver.topology;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.PluginPipeline;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The failover's search for a writer, shared by every connection of a cluster that is failing
 * over at the same time: one probe task per instance asks "are you writable?" every
 * {@code failoverProbeIntervalMs} on a kept-open probe connection, so a promotion is seen one
 * probe interval after it happens and the instances see one probe each, however many
 * connections wait.
 */
final class WriterSearch {

    private final DriverRuntime runtime;
    private final PluginPipeline pipeline;
    private final AuroraSettings settings;
    private final Dialect dialect;
    private final List<Probe> probes = new ArrayList<>();
    private final Object lock = new Object();
    private HostSpec found;          // guarded by lock
    private HostSpec rejected;       // guarded by lock
    private long rejectedAtNanos;    // guarded by lock
    private boolean stopped;         // guarded by lock

    WriterSearch(DriverRuntime runtime, PluginPipeline pipeline, AuroraSettings settings, Dialect dialect, List<HostSpec> hosts) {
        this.runtime = runtime;
        this.pipeline = pipeline;
        this.settings = settings;
        this.dialect = dialect;
        for (HostSpec h : hosts) {
            probes.add(new Probe(h));
        }
    }

    void start() {
        for (Probe p : probes) {
            p.future = runtime.scheduler().scheduleWithFixedDelay(p, 0, settings.failoverProbeIntervalMs(), TimeUnit.MILLISECONDS);
        }
    }

    HostSpec await(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (found == null && !stopped) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return found;
        }
    }

    /** A caller could not use {@code h} after all (it answered read-only to the caller): look again. */
    void reject(HostSpec h) {
        synchronized (lock) {
            if (found != null && found.sameAddress(h)) {
                found = null;
            }
            rejected = h;
            rejectedAtNanos = System.nanoTime();
        }
    }

    private void offer(HostSpec h) {
        synchronized (lock) {
            // Ignore, briefly, an instance a caller just found read-only: its answer must change first.
            if (rejected != null && rejected.sameAddress(h) && System.nanoTime() - rejectedAtNanos < TimeUnit.MILLISECONDS.toNanos(settings.failoverProbeIntervalMs())) {
                return;
            }
            if (found == null) {
                found = h;
                java.util.logging.Logger.getLogger(WriterSearch.class.getName())
                        .fine(() -> "aurora-jca: writer search: " + h.hostPort() + " answered writable");
                lock.notifyAll();
            }
        }
    }

    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        for (Probe p : probes) {
            if (p.future != null) {
                p.future.cancel(false);
            }
            p.closeConnection();
        }
    }

    private boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** One instance's probe: keeps a connection open and asks whether the instance is writable. */
    private final class Probe implements Runnable {
        private final HostSpec host;
        private volatile ScheduledFuture<?> future;
        private volatile ClusterContext.ProbeConnection connection;

        Probe(HostSpec host) { this.host = host; }

        @Override
        public void run() {
            if (isStopped()) {
                closeConnection();
                return;
            }
            try {
                ClusterContext.ProbeConnection c = connection;
                if (c == null || !c.isOpen()) {
                    c = ClusterContext.ProbeConnection.open(pipeline, settings, host);
                    connection = c;
                    if (c == null) {
                        return;
                    }
                }
                if (!dialect.isReadOnly(c.connection())) {
                    offer(host);
                }
            } catch (SQLException | RuntimeException e) {
                closeConnection();
            }
            if (isStopped()) {
                closeConnection();
            }
        }

        void closeConnection() {
            ClusterContext.ProbeConnection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        }
    }
}
