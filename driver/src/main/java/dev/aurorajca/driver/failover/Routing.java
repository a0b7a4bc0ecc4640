package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.custom.CustomEndpoints;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.HostConnection;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.topology.HostSelector;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens a physical connection for a logical connection to the writer or to a reader of its
 * cluster, within a deadline: the routing failover, read-only connections and read/write
 * splitting share. Opens through the connection's whole connect chain.
 */
public final class Routing {

    private Routing() { }

    /**
     * Connects to the instance that is the writer now: waits for the cluster's writer search to
     * name one, connects, and checks on the new connection that the instance accepts writes.
     * Returns null when the deadline passes.
     */
    public static HostConnection connectWriter(ConnectionContext ctx, HostSpec failed, ConnectRequest.Purpose purpose,
                                               long deadlineNanos) throws SQLException {
        ClusterService cluster = ctx.cluster();
        WriterSearches searches = WriterSearches.of(cluster);
        HostSpec rejected = null;
        SQLException last = null;
        while (cluster.clock().nanoTime() - deadlineNanos < 0) {
            HostSpec w;
            try {
                w = searches.awaitWriter(failed, rejected, deadlineNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a writer", "08001", e);
            }
            if (w == null) {
                break;
            }
            Connection c = null;
            try {
                c = ctx.connect(ConnectRequest.of(w, purpose, ctx.settings()));
                Dialect d = cluster.dialect();
                if (d != null && d.hasTopology() && d.isReadOnly(c)) {
                    Jdbc.closeQuietly(c);
                    rejected = w;
                    continue;
                }
                Topology t = cluster.topology();
                HostSpec known = t == null ? null : t.find(w);
                HostSpec host = (known != null ? known : w).withRole(HostSpec.Role.WRITER);
                cluster.writerConfirmed(host);
                return new HostConnection(c, host);
            } catch (SQLException e) {
                Jdbc.closeQuietly(c);
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
     * Connects to a reader chosen by the strategy, skipping {@code exclude}; with
     * {@code allowWriter} falls back to the writer. Tries every candidate once per round and
     * keeps going until the deadline; null when nothing answered.
     */
    public static HostConnection connectReader(ConnectionContext ctx, List<HostSpec> exclude, ConnectRequest.Purpose purpose,
                                               long deadlineNanos, boolean allowWriter) throws SQLException {
        ClusterService cluster = ctx.cluster();
        AuroraSettings settings = ctx.settings();
        do {
            List<HostSpec> tried = new ArrayList<>(exclude);
            while (true) {
                HostSpec r = pickReader(ctx, tried);
                if (r == null) {
                    break;
                }
                HostConnection t = tryConnect(ctx, r, purpose);
                if (t != null) {
                    return t;
                }
                tried.add(r);
            }
            if (allowWriter) {
                Topology topo = cluster.topology();
                HostSpec w = topo == null ? null : topo.writer();
                if (w != null) {
                    HostConnection t = tryConnect(ctx, w, purpose);
                    if (t != null) {
                        return t;
                    }
                }
            }
            // Everything refused: the cluster may be mid-failover. Ask again shortly, even the excluded ones.
            exclude = List.of();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.failoverProbeIntervalMs()));
        } while (cluster.clock().nanoTime() - deadlineNanos < 0);
        return null;
    }

    /**
     * A new read-only connection: a reader by the strategy, checked to be read-only on arrival (one
     * round trip) — a topology that has not seen a promotion yet names the new writer as a reader.
     * Such a host teaches the cluster the fresh topology and is skipped. When no verified reader
     * answers, falls back like {@link #connectReader} with the writer allowed; null if nothing answered.
     */
    public static HostConnection connectVerifiedReader(ConnectionContext ctx, ConnectRequest.Purpose purpose) throws SQLException {
        ClusterService cluster = ctx.cluster();
        Dialect d = cluster.dialect();
        List<HostSpec> exclude = new ArrayList<>();
        while (d != null && d.hasTopology()) {
            HostConnection t = connectReader(ctx, exclude, purpose, cluster.clock().nanoTime(), false);
            if (t == null) {
                break;
            }
            Dialect.InstanceState st;
            try {
                st = d.identify(t.connection());
            } catch (SQLException e) {
                Jdbc.closeQuietly(t.connection());
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
            Jdbc.closeQuietly(t.connection());
            exclude.add(t.host());
        }
        return connectReader(ctx, exclude, purpose, cluster.clock().nanoTime(), true);
    }

    /**
     * A reader other than those in {@code exclude}, by the connection's strategy, among the
     * members of its custom endpoint; null if none is known. One selector per cluster, so
     * round_robin's position is shared by the cluster's connections.
     */
    static HostSpec pickReader(ConnectionContext ctx, List<HostSpec> exclude) {
        ClusterService cluster = ctx.cluster();
        Topology t = cluster.topology();
        if (t == null) {
            return null;
        }
        List<HostSpec> readers = new ArrayList<>();
        for (HostSpec r : t.readers()) {
            boolean skip = false;
            for (HostSpec e : exclude) {
                skip |= r.sameAddress(e);
            }
            if (!skip) {
                readers.add(r);
            }
        }
        readers = CustomEndpoints.members(ctx.runtime(), ctx.settings(), readers);
        if (readers.isEmpty()) {
            return null;
        }
        return cluster.attachment(HostSelector.class, c -> new HostSelector()).select(readers, ctx.settings(), ctx.runtime());
    }

    private static HostConnection tryConnect(ConnectionContext ctx, HostSpec h, ConnectRequest.Purpose purpose) throws SQLException {
        try {
            return new HostConnection(ctx.connect(ConnectRequest.of(h, purpose, ctx.settings())), h);
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

    /**
     * The failover mode of a connection with these settings now: {@code failoverMode}, or the
     * custom endpoint's default; a connection that a plugin moved to a reader on purpose
     * (read/write splitting) fails over like a reader connection.
     */
    public static FailoverMode currentMode(ConnectionContext ctx) {
        FailoverMode m = CustomEndpoints.failoverMode(ctx.runtime(), ctx.settings());
        return ctx.onReader() && m == FailoverMode.STRICT_WRITER ? FailoverMode.READER_OR_WRITER : m;
    }
}
