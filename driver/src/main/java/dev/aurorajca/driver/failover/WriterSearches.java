package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster's writer search, shared by every connection of the cluster that waits for a
 * writer at the same time; a {@link ClusterService#attachment} of the cluster, stopped with it.
 */
final class WriterSearches implements AutoCloseable {

    private final ClusterService cluster;
    private final Object lock = new Object();
    private WriterSearch search;  // guarded by lock
    private int waiters;          // guarded by lock
    private boolean closed;       // guarded by lock

    WriterSearches(ClusterService cluster) {
        this.cluster = cluster;
    }

    static WriterSearches of(ClusterService cluster) {
        return cluster.attachment(WriterSearches.class, WriterSearches::new);
    }

    /**
     * Waits until some instance answers as writable (the shared search probes every instance
     * every {@code failoverProbeIntervalMs}), or the deadline passes (null). {@code rejected}: an
     * instance the caller just found read-only after the search named it.
     */
    HostSpec awaitWriter(HostSpec failed, HostSpec rejected, long deadlineNanos) throws InterruptedException {
        WriterSearch s;
        synchronized (lock) {
            if (closed || cluster.isClosed()) {
                return null;
            }
            if (search == null) {
                List<HostSpec> hosts = candidates(failed);
                cluster.ensureThreadsForInstances(hosts.size());
                search = new WriterSearch(cluster, cluster.dialect(), hosts);
                // The monitor refreshes at the high rate while the search runs; the search itself
                // does not wait for the monitor: it probes every instance.
                cluster.holdHighRefreshRate(true);
                search.start();
            }
            s = search;
            waiters++;
        }
        try {
            if (rejected != null) {
                s.reject(rejected);
            }
            return s.await(deadlineNanos);
        } finally {
            boolean stop = false;
            synchronized (lock) {
                if (--waiters == 0 && search == s) {
                    search = null;
                    stop = true;
                    cluster.holdHighRefreshRate(false);
                }
            }
            if (stop) {
                s.stop();
            }
        }
    }

    /** Every instance worth probing for the writer: the known ones, plus {@code extra}. */
    List<HostSpec> candidates(HostSpec extra) {
        Map<String, HostSpec> out = new LinkedHashMap<>();
        Topology t = cluster.topology();
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

    @Override
    public void close() {
        WriterSearch s;
        synchronized (lock) {
            closed = true;
            s = search;
            search = null;
        }
        if (s != null) {
            s.stop();
        }
    }
}
