package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.time.Clock;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The failover's search for a writer, shared by every connection of a cluster that is failing
 * over at the same time: one probe task per instance asks "are you writable?" every
 * {@code failoverProbeIntervalMs} on a kept-open probe connection, so a promotion is seen one
 * probe interval after it happens and the instances see one probe each, however many
 * connections wait. Time and threads come from the cluster's clock and scheduler.
 */
final class WriterSearch {

    private static final Logger LOG = Logger.getLogger(WriterSearch.class.getName());

    private final ClusterService cluster;
    private final Dialect dialect;
    private final Clock clock;
    private final long intervalMs;
    private final List<Probe> probes = new ArrayList<>();
    private final Object lock = new Object();
    private HostSpec found;          // guarded by lock
    private HostSpec rejected;       // guarded by lock
    private long rejectedAtNanos;    // guarded by lock
    private boolean stopped;         // guarded by lock

    WriterSearch(ClusterService cluster, Dialect dialect, List<HostSpec> hosts) {
        this.cluster = cluster;
        this.dialect = dialect;
        this.clock = cluster.clock();
        this.intervalMs = cluster.settings().failoverProbeIntervalMs();
        for (HostSpec h : hosts) {
            probes.add(new Probe(h));
        }
    }

    void start() {
        for (Probe p : probes) {
            try {
                p.future = cluster.scheduler().scheduleWithFixedDelay(p, 0, intervalMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stop(); // the runtime is shutting down: await() returns null
                return;
            }
        }
    }

    /** The writer found so far, or waits for one until {@code deadlineNanos} (null then, or when stopped). */
    HostSpec await(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (found == null && !stopped) {
                long left = deadlineNanos - clock.nanoTime();
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
            rejectedAtNanos = clock.nanoTime();
        }
    }

    private void offer(HostSpec h) {
        synchronized (lock) {
            // Ignore, briefly, an instance a caller just found read-only: its answer must change first.
            if (rejected != null && rejected.sameAddress(h) && clock.nanoTime() - rejectedAtNanos < TimeUnit.MILLISECONDS.toNanos(intervalMs)) {
                return;
            }
            if (found == null) {
                found = h;
                LOG.fine(() -> "aurora-jca: writer search: " + h.hostPort() + " answered writable");
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
            Future<?> f = p.future;
            if (f != null) {
                f.cancel(false);
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
        private volatile Future<?> future;
        private volatile Connection connection;

        Probe(HostSpec host) { this.host = host; }

        @Override
        public void run() {
            if (isStopped()) {
                closeConnection();
                return;
            }
            try {
                Connection c = connection;
                if (!Jdbc.isOpen(c)) {
                    c = cluster.openProbe(host);
                    connection = c;
                }
                if (!dialect.isReadOnly(c)) {
                    offer(host);
                }
            } catch (SQLException | RuntimeException e) {
                closeConnection();
            }
            // stop() may have run while this probe was opening: the connection it just opened is ours to close.
            if (isStopped()) {
                closeConnection();
            }
        }

        void closeConnection() {
            Connection c = connection;
            connection = null;
            Jdbc.closeQuietly(c);
        }
    }
}
