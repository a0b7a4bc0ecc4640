package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.metrics.ClusterMetrics;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.FailoverOutcomes;
import dev.aurorajca.driver.plugin.FailoverOutcomes.Kind;
import dev.aurorajca.driver.plugin.HostConnection;
import dev.aurorajca.driver.plugin.InitialChain;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a logical connection to a healthy instance when its instance fails, and tells the
 * application exactly what happened: {@code 08S02} (moved, no transaction was open: retry the
 * statement), {@code 08007} (moved, a transaction was open: its outcome is unknown, restart it),
 * {@code 08001} (failover failed). The failed statement is never replayed.
 *
 * <p>At a transaction's edges: a failover while {@code commit()} is in flight is always
 * {@code 08007} (the outcome is unknown); {@code rollback()} that meets a successful failover
 * returns normally (the transaction ended with the old connection); {@code setAutoCommit} with no
 * transaction open (a begin, or the reset after a commit) is applied to the new connection and
 * returns normally, since it only changes session state.
 */
public final class FailoverPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(FailoverPlugin.class.getName());

    private final AuroraSettings settings;
    private final FailoverOutcomes outcomes;

    public FailoverPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this.settings = settings;
        this.outcomes = runtime.failoverOutcomes();
    }

    /**
     * The first connection: when the endpoint is unreachable (and the topology is known from an
     * earlier connection), connect through the topology like a failover
     * ({@code enableConnectFailover}); when the endpoint led a strict-writer connection to an
     * instance that refuses writes (stale DNS, a URL naming a reader), go to the writer.
     */
    @Override
    public HostConnection openInitial(ConnectionContext ctx, InitialChain next) throws SQLException {
        long deadline = ctx.cluster().clock().nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
        HostSpec endpoint = HostSpec.endpoint(settings.host(), settings.port());
        HostConnection opened;
        try {
            opened = next.open();
        } catch (SQLException e) {
            if (settings.enableConnectFailover() && ErrorClassifier.isNetworkError(e) && ctx.cluster().topology() != null) {
                LOG.info("aurora-jca: cannot reach " + endpoint.hostPort() + " (" + e.getMessage() + "); connecting through the known topology");
                FailoverMode mode = Routing.currentMode(ctx);
                HostConnection t = mode == FailoverMode.STRICT_WRITER
                        ? Routing.connectWriter(ctx, endpoint, ConnectRequest.Purpose.FAILOVER, deadline)
                        : Routing.connectReader(ctx, List.of(endpoint), ConnectRequest.Purpose.FAILOVER, deadline, Routing.mayUseWriter(mode));
                if (t != null) {
                    return t;
                }
            }
            throw e;
        }
        if (!settings.readOnly() && opened.readOnlyInstance() && Routing.currentMode(ctx) == FailoverMode.STRICT_WRITER) {
            // Landed on a reader or a demoted writer (stale DNS, or a URL naming an instance): go to the writer.
            Jdbc.closeQuietly(opened.connection());
            HostConnection t = Routing.connectWriter(ctx, null, ConnectRequest.Purpose.INITIAL, deadline);
            if (t == null) {
                throw new SQLNonTransientConnectionException("aurora-jca: " + endpoint.hostPort()
                        + " is read-only and no writer answered within failoverTimeoutMs=" + settings.failoverTimeoutMs(), "08001");
            }
            return t;
        }
        return opened;
    }

    /** Everything that can meet a broken link; not the calls that end or inspect the connection. */
    @Override
    public boolean subscribes(Method m) {
        return ConnectionPlugin.canReachServer(m);
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        try {
            return inv.proceed();
        } catch (SQLException e) {
            SQLException outcome = onFailure(inv.context(), e, inv.generation(), inv.method().getName());
            TxEdge edge = TxEdge.of(inv);
            Kind kind = edge == TxEdge.NONE ? null : outcomes.kindOf(outcome);
            if (kind == null || kind == Kind.FAILED) {
                throw outcome;
            }
            if (edge == TxEdge.ROLLBACK) {
                // The transaction died with the old connection (the server rolls back a lost
                // session): there is nothing left to roll back, and the connection is healthy.
                LOG.fine(() -> "aurora-jca: rollback met a failover; the transaction ended with the old connection");
                return null;
            }
            if (kind == Kind.MOVED) {
                // setAutoCommit with no transaction open only changes session state: nothing has
                // run that could be lost, so apply it to the new connection instead of failing
                // the begin (or the reset after a commit that already succeeded).
                return repeatOnNewConnection(inv, outcome);
            }
            throw outcome;
        }
    }

    /** Calls that sit at a transaction's edge and have their own failover rule. */
    private enum TxEdge {
        NONE, SET_AUTO_COMMIT, ROLLBACK;

        static TxEdge of(Invocation inv) {
            Method m = inv.method();
            if (m.getDeclaringClass() != Connection.class) {
                return NONE;
            }
            if (m.getName().equals("setAutoCommit")) {
                return SET_AUTO_COMMIT;
            }
            // rollback(Savepoint) keeps the transaction going: losing it is an unknown outcome (08007).
            if (m.getName().equals("rollback") && m.getParameterCount() == 0) {
                return ROLLBACK;
            }
            return NONE;
        }
    }

    /**
     * Runs {@code inv}'s call once more on the connection failover just installed, through the
     * plugins inside this one. A second failure gets the ordinary classification (no loop).
     */
    private Object repeatOnNewConnection(Invocation inv, SQLException outcome) throws SQLException {
        ConnectionContext c = inv.context();
        int generation = c.generation();
        try {
            Object result = inv.repeatInside(this);
            LOG.fine(() -> "aurora-jca: " + inv.method().getName() + " repeated on " + c.currentHost() + " after a failover");
            return result;
        } catch (SQLException again) {
            again.addSuppressed(outcome);
            throw onFailure(c, again, generation, inv.method().getName());
        }
    }

    /** Classifies {@code e} (failure path only) and fails over when it means the instance is gone. */
    private SQLException onFailure(ConnectionContext c, SQLException e, int generation, String method) {
        if (outcomes.kindOf(e) != null) {
            return e;
        }
        boolean network = ErrorClassifier.isNetworkError(e) && !ErrorClassifier.isUsageErrorOnOpenConnection(e, c.physical());
        boolean demoted = !network && ErrorClassifier.isReadOnlyError(e) && Routing.currentMode(c) == FailoverMode.STRICT_WRITER;
        if (!network && !demoted) {
            return e;
        }
        return failover(c, e, generation, demoted, "commit".equals(method));
    }

    /** Runs one failover of {@code c}; returns the exception that tells the application the outcome. */
    public SQLException failover(ConnectionContext c, SQLException cause, int generation, boolean demoted) {
        return failover(c, cause, generation, demoted, false);
    }

    /**
     * Runs one failover of {@code c}. {@code commitInFlight}: the call that failed was
     * {@code commit()}, whose outcome is unknown whatever the connection's transaction flag says
     * (the server may have committed and died before answering): always {@code 08007}, never
     * {@code 08S02}, which would tell the application to run committed work again.
     */
    private SQLException failover(ConnectionContext c, SQLException cause, int generation, boolean demoted, boolean commitInFlight) {
        synchronized (c.swapLock()) {
            if (c.generation() != generation) {
                // Another thread using this connection already moved it; whatever this call was
                // part of is gone with the old connection.
                if (commitInFlight || !autoCommitOn(c)) {
                    return outcomes.create(Kind.TRANSACTION_UNKNOWN, "The connection already failed over to " + c.currentHost()
                            + " while this call ran inside a transaction; its outcome is unknown. "
                            + "Restart the transaction if it is safe to run again.", cause);
                }
                return outcomes.create(Kind.MOVED, "The connection already failed over to " + c.currentHost()
                        + " while this call ran; retry the statement", cause);
            }
            if (c.isFailed()) {
                return outcomes.create(Kind.FAILED, "Failover failed earlier; the connection is unusable", cause);
            }
            boolean inTransaction = commitInFlight || c.isInTransaction();
            HostSpec failed = c.host();
            long start = c.cluster().clock().nanoTime();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
            FailoverMode mode = Routing.currentMode(c);
            LOG.info("aurora-jca: failover started: " + (demoted ? "instance " + failed.hostPort() + " is read-only (demoted writer)"
                    : "connection to " + failed.hostPort() + " failed (" + cause.getSQLState() + ": " + cause.getMessage() + ")")
                    + ", mode " + mode.code() + (inTransaction ? ", transaction open" : ""));
            // The cluster's counters (the MBean's): a failover is rare, so one map lookup is fine here.
            ClusterMetrics metrics = c.cluster().attachment(ClusterMetrics.class, k -> new ClusterMetrics());
            metrics.failoverStarted(start);
            c.abandonPhysical();
            HostConnection t = null;
            try {
                t = mode == FailoverMode.STRICT_WRITER
                        ? Routing.connectWriter(c, failed, ConnectRequest.Purpose.FAILOVER, deadline)
                        : Routing.connectReader(c, List.of(failed), ConnectRequest.Purpose.FAILOVER, deadline, Routing.mayUseWriter(mode));
                if (t != null) {
                    c.replacePhysical(t.connection(), t.host());
                }
            } catch (SQLException e) {
                t = null;
                cause.addSuppressed(e);
            } finally {
                metrics.failoverEnded(t != null, c.cluster().clock().nanoTime());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(c.cluster().clock().nanoTime() - start);
            if (t == null) {
                c.markFailed();
                LOG.log(Level.WARNING, "aurora-jca: failover from " + failed.hostPort() + " failed after " + ms + " ms (failoverTimeoutMs="
                        + settings.failoverTimeoutMs() + ")");
                return outcomes.create(Kind.FAILED, "Failover from " + failed.hostPort() + " failed: no "
                        + (mode == FailoverMode.STRICT_WRITER ? "writer" : "instance") + " could be reached within " + ms
                        + " ms. The connection is unusable; close it.", cause);
            }
            LOG.info("aurora-jca: failover finished: " + failed.hostPort() + " -> " + t.host().hostPort() + " in " + ms + " ms");
            if (inTransaction) {
                return outcomes.create(Kind.TRANSACTION_UNKNOWN, "The connection failed over from " + failed.hostPort() + " to "
                        + t.host().hostPort() + " while a transaction was open; its outcome is unknown. "
                        + "Restart the transaction on the same connection if it is safe to run again.", cause);
            }
            return outcomes.create(Kind.MOVED, "The connection failed over from " + failed.hostPort() + " to "
                    + t.host().hostPort() + "; the statement did not run on the new instance. Retry it "
                    + "(statements prepared before the failover must be prepared again).", cause);
        }
    }

    private static boolean autoCommitOn(ConnectionContext c) {
        try {
            return c.physical().getAutoCommit();
        } catch (SQLException | RuntimeException e) {
            return false; // unknown: assume a transaction could have been open
        }
    }

    @Override
    public String toString() {
        return "failover";
    }
}
