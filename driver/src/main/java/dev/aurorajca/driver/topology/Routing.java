package dev.aurorajca.driver.topology;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.failover.ErrorClassifier;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.PluginPipeline;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Opens a physical connection to the writer or to a reader of a cluster, within a deadline. */
public final class Routing {

    /** A physical connection and where it goes. */
    public record Target(Connection connection, HostSpec host) { }

    private Routing() { }

    /**
     * Connects to the instance that is the writer now: waits for the cluster's writer search to
     * name one, connects, and checks on the new connection that the instance accepts writes.
     * Returns null when the deadline passes.
     */
    public static Target connectWriter(ClusterContext cluster, PluginPipeline pipeline, AuroraSettings settings,
                                       HostSpec failed, ConnectRequest.Purpose purpose, long deadlineNanos) throws SQLException {
        HostSpec rejected = null;
        SQLException last = null;
        while (System.nanoTime() < deadlineNanos) {
            HostSpec w;
            try {
                w = cluster.awaitWriter(failed, rejected, deadlineNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a writer", "08001", e);
            }
            if (w == null) {
                break;
            }
            Connection c = null;
            try {
                c = pipeline.connect(ConnectRequest.of(w, purpose, settings));
                Dialect d = cluster.dialect();
                if (d != null && d.hasTopology() && d.isReadOnly(c)) {
                    closeQuietly(c);
                    rejected = w;
                    continue;
                }
                Topology t = cluster.topology();
                HostSpec known = t == null ? null : t.find(w);
                HostSpec host = (known != null ? known : w).withRole(HostSpec.Role.WRITER);
                cluster.writerConfirmed(host);
                return new Target(c, host);
            } catch (SQLException e) {
                closeQuietly(c);
                if (!ErrorClassifier.isNetworkError(e) && !ErrorClassifier.isReadOnlyError(e)) {
                    throw e; // e.g. login rejected: waiting will not fix it
                }
                last = e;
                rejected = w;
            }
        }
        if (last != null) {
            throw new SQLException("no writer could be reached before the deadline; last error: " + last.getMessage(), "08001", last);
        }
        return null;
    }

    /**
     * Connects to a reader chosen by the strategy, skipping {@code exclude}; in
     * {@code reader-or-writer} mode falls back to the writer. Tries every candidate once per
     * round and keeps going until the deadline; null when nothing answered.
     */
    public static Target connectReader(ClusterContext cluster, PluginPipeline pipeline, AuroraSettings settings,
                                       List<HostSpec> exclude, ConnectRequest.Purpose purpose, long deadlineNanos,
                                       boolean allowWriter) throws SQLException {
        do {
            List<HostSpec> tried = new ArrayList<>(exclude);
            while (true) {
                HostSpec r = cluster.pickReader(tried, settings);
                if (r == null) {
                    break;
                }
                Target t = tryConnect(pipeline, settings, r, purpose);
                if (t != null) {
                    return t;
                }
                tried.add(r);
            }
            if (allowWriter) {
                Topology topo = cluster.topology();
                HostSpec w = topo == null ? null : topo.writer();
                if (w != null) {
                    Target t = tryConnect(pipeline, settings, w, purpose);
                    if (t != null) {
                        return t;
                    }
                }
            }
            // Everything refused: the cluster may be mid-failover. Ask again shortly, even the excluded ones.
            exclude = List.of();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.failoverProbeIntervalMs()));
        } while (System.nanoTime() < deadlineNanos);
        return null;
    }

    /**
     * A new read-only connection: a reader by the strategy, checked to be read-only on arrival (one
     * round trip) — a topology that has not seen a promotion yet names the new writer as a reader.
     * Such a host teaches the cluster the fresh topology and is skipped. When no verified reader
     * answers, falls back like {@link #connectReader} with the writer allowed; null if nothing answered.
     */
    public static Target connectVerifiedReader(ClusterContext cluster, PluginPipeline pipeline, AuroraSettings settings,
                                               ConnectRequest.Purpose purpose) throws SQLException {
        Dialect d = cluster.dialect();
        List<HostSpec> exclude = new ArrayList<>();
        while (d != null && d.hasTopology()) {
            Target t = connectReader(cluster, pipeline, settings, exclude, purpose, System.nanoTime(), false);
            if (t == null) {
                break;
            }
            Dialect.InstanceState st;
            try {
                st = d.identify(t.connection());
            } catch (SQLException e) {
                closeQuietly(t.connection());
                if (!ErrorClassifier.isNetworkError(e)) {
                    throw e;
                }
                exclude.add(t.host());
                continue;
            }
            if (st.readOnly()) {
                return t;
            }
            cluster.readerWasWriter(t.connection(), st.instanceId());
            closeQuietly(t.connection());
            exclude.add(t.host());
        }
        return connectReader(cluster, pipeline, settings, exclude, purpose, System.nanoTime(), true);
    }

    private static Target tryConnect(PluginPipeline pipeline, AuroraSettings settings, HostSpec h, ConnectRequest.Purpose purpose) throws SQLException {
        try {
            return new Target(pipeline.connect(ConnectRequest.of(h, purpose, settings)), h);
        } catch (SQLException e) {
            if (!ErrorClassifier.isNetworkError(e)) {
                throw e;
            }
            return null;
        }
    }

    /** Whether a failover of this mode may end on the writer. */
    public static boolean mayUseWriter(FailoverMode mode) {
        return mode != FailoverMode.STRICT_READER;
    }

    public static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                // the link is gone either way
            }
        }
    }
}
