package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Routing;
import dev.aurorajca.driver.wrapper.LogicalConnection;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a logical connection to a healthy instance when its instance fails, and tells the
 * application exactly what happened: {@code 08S02} (moved, no transaction was open: retry the
 * statement), {@code 08007} (moved, a transaction was open: its outcome is unknown, restart it),
 * {@code 08001} (failover failed). The failed statement is never replayed.
 */
public final class FailoverPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(FailoverPlugin.class.getName());

    private final AuroraSettings settings;

    public FailoverPlugin(DriverRuntime runtime, AuroraSettings settings) {
        this.settings = settings;
    }

    /** Everything that can meet a broken link; not the calls that end or inspect the connection. */
    @Override
    public boolean subscribes(Method m) {
        switch (m.getName()) {
            case "close":
            case "isClosed":
            case "abort":
            case "isValid":
            case "unwrap":
            case "isWrapperFor":
                return false;
            default:
                return true;
        }
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        try {
            return inv.proceed();
        } catch (SQLException e) {
            throw onFailure(inv.connection(), e, inv.generation());
        }
    }

    /** Classifies {@code e} (failure path only) and fails over when it means the instance is gone. */
    private SQLException onFailure(LogicalConnection c, SQLException e, int generation) {
        if (e instanceof FailoverSQLException) {
            return e;
        }
        boolean network = ErrorClassifier.isNetworkError(e);
        boolean demoted = !network && c.currentFailoverMode() == FailoverMode.STRICT_WRITER && ErrorClassifier.isReadOnlyError(e);
        if (!network && !demoted) {
            return e;
        }
        return failover(c, e, generation, demoted);
    }

    /** Runs one failover of {@code c}; returns the exception that tells the application the outcome. */
    public SQLException failover(LogicalConnection c, SQLException cause, int generation, boolean demoted) {
        synchronized (c.swapLock()) {
            if (c.generation() != generation) {
                // Another thread using this connection already moved it.
                return new FailoverSuccessSQLException("The connection already failed over to " + c.currentHost()
                        + " while this call ran; retry the statement", cause);
            }
            if (c.isFailed()) {
                return new FailoverFailedSQLException("Failover failed earlier; the connection is unusable", cause);
            }
            boolean inTransaction = c.isInTransaction();
            HostSpec failed = c.host();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
            FailoverMode mode = c.currentFailoverMode();
            LOG.info("aurora-jca: failover started: " + (demoted ? "instance " + failed.hostPort() + " is read-only (demoted writer)"
                    : "connection to " + failed.hostPort() + " failed (" + cause.getSQLState() + ": " + cause.getMessage() + ")")
                    + ", mode " + mode.code() + (inTransaction ? ", transaction open" : ""));
            c.abandonPhysical();
            Routing.Target t;
            try {
                t = mode == FailoverMode.STRICT_WRITER
                        ? Routing.connectWriter(c.cluster(), c.pipeline(), settings, failed, ConnectRequest.Purpose.FAILOVER, deadline)
                        : Routing.connectReader(c.cluster(), c.pipeline(), settings, List.of(failed), ConnectRequest.Purpose.FAILOVER,
                                deadline, Routing.mayUseWriter(mode));
                if (t != null) {
                    c.replacePhysical(t.connection(), t.host());
                }
            } catch (SQLException e) {
                t = null;
                cause.addSuppressed(e);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (t == null) {
                c.markFailed();
                LOG.log(Level.WARNING, "aurora-jca: failover from " + failed.hostPort() + " failed after " + ms + " ms (failoverTimeoutMs="
                        + settings.failoverTimeoutMs() + ")");
                return new FailoverFailedSQLException("Failover from " + failed.hostPort() + " failed: no "
                        + (mode == FailoverMode.STRICT_WRITER ? "writer" : "instance") + " could be reached within " + ms
                        + " ms. The connection is unusable; close it.", cause);
            }
            LOG.info("aurora-jca: failover finished: " + failed.hostPort() + " -> " + t.host().hostPort() + " in " + ms + " ms");
            if (inTransaction) {
                return new TransactionStateUnknownSQLException("The connection failed over from " + failed.hostPort() + " to "
                        + t.host().hostPort() + " while a transaction was open; its outcome is unknown. "
                        + "Restart the transaction on the same connection if it is safe to run again.", cause);
            }
            return new FailoverSuccessSQLException("The connection failed over from " + failed.hostPort() + " to "
                    + t.host().hostPort() + "; the statement did not run on the new instance. Retry it "
                    + "(statements prepared before the failover must be prepared again).", cause);
        }
    }

    @Override
    public String toString() {
        return "failover";
    }
}
