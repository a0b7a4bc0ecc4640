package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.failover.ErrorClassifier;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.SecurityException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * One pooled connection: a logical driver connection (which survives failovers) and the handles
 * the server gave out on it.
 *
 * <p>Error-event policy (design decision 2): {@code CONNECTION_ERROR_OCCURRED} is fired only when
 * the logical connection is really unusable ({@code 08001}, or a broken physical link no
 * failover replaced), or when a writer connection sits on a read-only instance. A successful
 * failover ({@code 08S02}, {@code 08007}) reaches the application but never the pool: the
 * connection is healthy on the new writer, and destroying it would only add load during the
 * outage.
 *
 * <p>Threading: the server hands a managed connection to one thread at a time (a transaction may
 * share it between handles); the fields the application thread writes and the server thread reads
 * in {@link #cleanup()} are volatile.
 */
public final class AuroraManagedConnection implements ManagedConnection {

    // Bits of client state the application changed, so cleanup() resets exactly those.
    static final int AUTO_COMMIT = 1;
    static final int READ_ONLY = 1 << 1;
    static final int ISOLATION = 1 << 2;
    static final int CATALOG = 1 << 3;
    static final int SCHEMA = 1 << 4;
    static final int NETWORK_TIMEOUT = 1 << 5;
    static final int HOLDABILITY = 1 << 6;

    private static final String INVALID_TX_STATE = "25000";

    private final AuroraManagedConnectionFactory factory;
    /** The factory's settings when this was created: matching compares them, so a reconfigured factory gets fresh connections. */
    private final AuroraSettings factorySettings;
    /** What the logical connection was opened with (the factory's, or with request credentials). */
    private final AuroraSettings settings;
    /** Null when the factory's own credentials are used; matching compares it. */
    private final AuroraConnectionRequestInfo credentials;
    private final AuroraConnection logical;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private final AtomicBoolean errorFired = new AtomicBoolean();
    private final AuroraLocalTransaction localTransaction = new AuroraLocalTransaction(this);
    private final AuroraXAResource xaResource = new AuroraXAResource(this);
    /** Set while an XA branch was lost in a failover: handles then delegate to {@link LostBranchConnection}. */
    private volatile AuroraConnection lostBranch;

    private volatile int changed;
    // Values before the application's first change; valid only while the matching bit is set.
    private boolean originalAutoCommit;
    private boolean originalReadOnly;
    private int originalIsolation;
    private String originalCatalog;
    private String originalSchema;
    private int originalNetworkTimeout;
    private int originalHoldability;

    /** Application-demarcated local transaction open (autocommit off outside a container transaction). */
    private volatile boolean applicationTx;
    /** Container-managed local transaction open (spi.LocalTransaction.begin). */
    private volatile boolean containerTx;
    /** Autocommit to restore when the container transaction ends. */
    private boolean autoCommitBeforeContainerTx;
    /**
     * Restoring autocommit after a container transaction met a failover: cleanup() or the next
     * begin does it (the transaction's own result was already reported).
     */
    private volatile boolean autoCommitResetPending;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    AuroraManagedConnection(AuroraManagedConnectionFactory factory, AuroraSettings factorySettings, AuroraSettings settings,
            AuroraConnectionRequestInfo credentials, AuroraConnection logical) {
        this.factory = factory;
        this.factorySettings = factorySettings;
        this.settings = settings;
        this.credentials = credentials;
        this.logical = logical;
    }

    AuroraManagedConnectionFactory factory() { return factory; }

    AuroraSettings settings() { return settings; }

    AuroraSettings factorySettings() { return factorySettings; }

    AuroraConnectionRequestInfo credentials() { return credentials; }

    AuroraConnection logical() { return logical; }

    boolean isDestroyed() { return destroyed; }

    // ---- handles -------------------------------------------------------------------------------

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new IllegalStateException(RaLog.msg(RaLog.HANDLE_CLOSED, "managed connection is destroyed"));
        }
        if (!Objects.equals(credentials, factory.credentials(subject, info))) {
            // The server matched us for other credentials; re-authentication would need a new physical login.
            throw new SecurityException(RaLog.msg(RaLog.CREDENTIALS_MISMATCH,
                    "this connection was opened for other credentials; re-authentication is not supported"));
        }
        ConnectionHandle h = new ConnectionHandle(this, handleDelegate());
        handles.add(h);
        return h;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle h)) {
            throw new IllegalStateException("not an aurora-jca connection handle: " + connection);
        }
        if (destroyed) {
            throw new IllegalStateException(RaLog.msg(RaLog.HANDLE_CLOSED, "managed connection is destroyed"));
        }
        AuroraManagedConnection previous = h.managedConnection();
        if (previous == this) {
            return;
        }
        if (previous != null) {
            previous.handles.remove(h);
        }
        h.associate(this, handleDelegate());
        handles.add(h);
    }

    /** A handle was closed by the application. */
    void handleClosed(ConnectionHandle h) {
        handles.remove(h);
        fire(ConnectionEvent.CONNECTION_CLOSED, h, null);
    }

    /** {@code Connection.abort} on a handle: the pool must drop this connection. */
    void abortedByApplication(ConnectionHandle h) {
        SQLException reason = new SQLException("connection aborted by the application", "08003");
        if (errorFired.compareAndSet(false, true)) {
            fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, h, reason);
        }
    }

    // ---- error-event policy --------------------------------------------------------------------

    /**
     * The one place where an exception from the logical connection is classified (runs only on
     * the failure path). Returns the exception for the caller to throw unchanged.
     */
    SQLException connectionError(SQLException e) {
        String state = e.getSQLState();
        if (FailoverSuccessSQLException.SQL_STATE.equals(state) || TransactionStateUnknownSQLException.SQL_STATE.equals(state)) {
            RaLog.log(Level.FINE, RaLog.FAILOVER_KEPT, "failover to " + logical.currentHost() + " (" + state + "); connection kept in the pool");
            return xaResource.enlisted() ? xaBranchLost(e) : e;
        }
        if (e instanceof FailoverFailedSQLException || !logical.isUsable() || strandedOnReadOnlyInstance(e)) {
            fireConnectionError(e);
        }
        return e;
    }

    /**
     * A writer connection whose write was refused because the instance is read-only (a demoted
     * writer the driver did not move away from). Which errors mean "read-only" is the driver's
     * rule ({@link ErrorClassifier#isReadOnlyError}: 1836, or 1290 naming read-only, anywhere in
     * the cause chain), the same one that starts a failover; verify() then asks the instance, so
     * a stale error on a connection that has meanwhile moved does not cost it its place in the pool.
     */
    private boolean strandedOnReadOnlyInstance(SQLException e) {
        return !settings.readOnly() && ErrorClassifier.isReadOnlyError(e)
                && !logical.verify(AuroraManagedConnectionFactory.VALIDATION_TIMEOUT_SECONDS);
    }

    private void fireConnectionError(Exception e) {
        if (errorFired.compareAndSet(false, true)) {
            RaLog.log(Level.WARNING, RaLog.CONNECTION_UNUSABLE, "connection to " + logical.currentHost()
                    + " is unusable (" + describe(e) + "); the server will destroy it");
            fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, null, e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof SQLException s ? "SQLState " + s.getSQLState() + ", error " + s.getErrorCode() + ": " + s.getMessage()
                : e.toString();
    }

    // ---- XA (AuroraXAResource) --------------------------------------------------------------------

    /** The object handles delegate to: the logical connection, or the refusing stand-in after a lost XA branch. */
    private AuroraConnection handleDelegate() {
        AuroraConnection lost = lostBranch;
        return lost != null ? lost : logical;
    }

    /**
     * An application statement met a successful failover while the connection was in an XA branch:
     * the branch died with the old session. The caller sees {@code 08007}; so does every later
     * call on the handles until the transaction manager ends the branch, since work on the new
     * writer would run outside the branch (and autocommit).
     */
    private SQLException xaBranchLost(SQLException e) {
        if (xaResource.branchLostByFailover()) {
            AuroraConnection lost = LostBranchConnection.create(logical.currentHost());
            lostBranch = lost;
            for (ConnectionHandle h : handles) {
                h.associate(this, lost);
            }
        }
        if (TransactionStateUnknownSQLException.SQL_STATE.equals(e.getSQLState())) {
            return e;
        }
        return new TransactionStateUnknownSQLException("The connection failed over to " + logical.currentHost()
                + " inside an XA transaction: its branch is lost and the transaction will be rolled back.", e);
    }

    /** The XA branch ended (or was forgotten): handles use the logical connection again. */
    void xaBranchClosed() {
        xaHandlesRestored();
    }

    void xaHandlesRestored() {
        if (lostBranch == null) {
            return;
        }
        lostBranch = null;
        for (ConnectionHandle h : handles) {
            if (h.managedConnection() == this) {
                h.associate(this, logical);
            }
        }
    }

    /** A local transaction (application's or container's) is open: an XA branch may not start. */
    boolean localTransactionOpen() {
        return applicationTx || containerTx;
    }

    /** Inside an XA branch the connection must stay on the branch's session: no switch to a reader. */
    void beforeSetReadOnly(boolean readOnly) throws SQLException {
        if (xaResource.enlisted() && logical.isReadOnly() != readOnly) {
            throw new SQLException(RaLog.msg(RaLog.MANAGED_TX_FORBIDDEN, "setReadOnly(" + readOnly
                    + ") is not allowed while the connection is enlisted in an XA transaction"), INVALID_TX_STATE);
        }
        beforeChange(READ_ONLY);
    }

    boolean isValid(int timeoutSeconds) {
        return !destroyed && !errorFired.get() && logical.isUsable() && logical.validate(timeoutSeconds);
    }

    // ---- state the application changed -----------------------------------------------------------

    /** Records the value before the application's first change of one piece of client state. */
    void beforeChange(int bit) throws SQLException {
        if ((changed & bit) != 0) {
            return;
        }
        switch (bit) {
            case AUTO_COMMIT -> originalAutoCommit = logical.getAutoCommit();
            case READ_ONLY -> originalReadOnly = logical.isReadOnly();
            case ISOLATION -> originalIsolation = logical.getTransactionIsolation();
            case CATALOG -> originalCatalog = logical.getCatalog();
            case SCHEMA -> originalSchema = logical.getSchema();
            case NETWORK_TIMEOUT -> originalNetworkTimeout = logical.getNetworkTimeout();
            case HOLDABILITY -> originalHoldability = logical.getHoldability();
            default -> throw new IllegalArgumentException("bit " + bit);
        }
        changed |= bit;
    }

    int changedState() { return changed; }

    // ---- application-demarcated local transactions (events) -------------------------------------

    void applicationSetAutoCommit(boolean autoCommit, ConnectionHandle h) throws SQLException {
        if (logical.getAutoCommit() == autoCommit) {
            return; // JDBC: not changing the mode is a no-op (and allowed inside a container transaction)
        }
        if (containerTx || xaResource.enlisted()) {
            throw new SQLException(RaLog.msg(RaLog.MANAGED_TX_FORBIDDEN,
                    "setAutoCommit(" + autoCommit + ") is not allowed inside a container-managed "
                            + (containerTx ? "" : "XA ") + "transaction"), INVALID_TX_STATE);
        }
        beforeChange(AUTO_COMMIT);
        if (!autoCommit) {
            setAutoCommitAcrossFailover(false, "setAutoCommit(false)"); // a begin: nothing has run yet
        } else {
            logical.setAutoCommit(true); // may commit: its failover outcome goes to the application
        }
        if (!autoCommit) {
            applicationTx = true;
            fire(ConnectionEvent.LOCAL_TRANSACTION_STARTED, h, null);
        } else if (applicationTx) {
            // JDBC commits the open transaction when autocommit is switched back on.
            applicationTx = false;
            fire(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED, h, null);
        }
    }

    void applicationCommit(ConnectionHandle h) throws SQLException {
        forbidInContainerTx("commit");
        try {
            logical.commit();
        } catch (SQLException e) {
            throw FailoverSuccessSQLException.SQL_STATE.equals(e.getSQLState()) ? outcomeUnknown(e) : e;
        }
        endApplicationTx(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED, h);
    }

    void applicationRollback(ConnectionHandle h) throws SQLException {
        forbidInContainerTx("rollback");
        try {
            logical.rollback();
        } catch (SQLException e) {
            if (!isFailoverSuccess(e)) {
                throw e;
            }
            // The transaction ended with the old connection; the rollback is done.
        }
        endApplicationTx(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, h);
    }

    private void endApplicationTx(int event, ConnectionHandle h) {
        if (applicationTx) {
            fire(event, h, null);
            // Autocommit is still off: whatever runs next belongs to a new local transaction, so the
            // server keeps seeing one STARTED for every COMMITTED/ROLLEDBACK.
            fire(ConnectionEvent.LOCAL_TRANSACTION_STARTED, h, null);
        }
    }

    private void forbidInContainerTx(String what) throws SQLException {
        if (containerTx || xaResource.enlisted()) {
            throw new SQLException(RaLog.msg(RaLog.MANAGED_TX_FORBIDDEN,
                    what + "() is not allowed inside a container-managed " + (containerTx ? "" : "XA ") + "transaction"),
                    INVALID_TX_STATE);
        }
    }

    // ---- container-managed local transactions (no events) ---------------------------------------

    void containerBegin() throws ResourceException {
        if (applicationTx || containerTx) {
            throw new jakarta.resource.spi.LocalTransactionException(RaLog.msg(RaLog.TX_STATE_CONFLICT,
                    applicationTx ? "the application has its own local transaction open (autocommit off)"
                            : "a container transaction is already open on this connection"), INVALID_TX_STATE);
        }
        try {
            // A reset left over from the last transaction's end (it met a failover) counts as done.
            autoCommitBeforeContainerTx = autoCommitResetPending || logical.getAutoCommit();
            autoCommitResetPending = false;
            if (autoCommitBeforeContainerTx) {
                setAutoCommitAcrossFailover(false, "begin");
            }
            containerTx = true;
        } catch (SQLException e) {
            throw txFailure("begin", connectionError(e));
        }
    }

    /**
     * {@code setAutoCommit} at a transaction's edge (begin, or the reset after the end). Nothing of
     * a transaction has run at either point, so a failover that succeeded ({@code 08S02}) is no
     * failure: the call is repeated once on the new connection. The driver already does this; the
     * adapter does not rely on it (a driver without it, or a second move, must not fail a begin).
     */
    private void setAutoCommitAcrossFailover(boolean autoCommit, String what) throws SQLException {
        try {
            logical.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            if (!FailoverSuccessSQLException.SQL_STATE.equals(e.getSQLState())) {
                throw e;
            }
            RaLog.log(Level.INFO, RaLog.TX_BEGIN_REPEATED, what + " met a failover to " + logical.currentHost()
                    + " before anything ran; repeated it on the new connection");
            logical.setAutoCommit(autoCommit);
        }
    }

    void containerEnd(boolean commit) throws ResourceException {
        if (!containerTx) {
            throw new jakarta.resource.spi.LocalTransactionException(RaLog.msg(RaLog.TX_STATE_CONFLICT,
                    "no container transaction is open on this connection"), INVALID_TX_STATE);
        }
        SQLException failure = null;
        try {
            if (commit) {
                logical.commit();
            } else {
                logical.rollback();
            }
        } catch (SQLException e) {
            SQLException classified = connectionError(e);
            if (!commit && isFailoverSuccess(classified)) {
                // The transaction ended with the old connection: the rollback is done, and the
                // connection (already on the new writer) stays in the pool.
                RaLog.log(Level.FINE, RaLog.FAILOVER_KEPT, "rollback met a failover to " + logical.currentHost()
                        + "; the transaction ended with the old connection");
            } else if (commit && isFailoverSuccess(classified)) {
                // A failover while the commit was in flight: it may or may not have committed.
                failure = outcomeUnknown(classified);
            } else {
                failure = classified;
            }
        } finally {
            containerTx = false;
            if (autoCommitBeforeContainerTx) {
                resetAutoCommitAfterEnd(failure);
            }
        }
        if (failure != null) {
            throw txFailure(commit ? "commit" : "rollback", failure);
        }
    }

    /**
     * Restores autocommit after a container transaction. Never turns the transaction's result into
     * a failure: a commit that succeeded stays a success whatever happens here. What cannot be
     * done now (the connection is moving or moved) is left to {@link #cleanup()} or the next begin.
     */
    private void resetAutoCommitAfterEnd(SQLException endFailure) {
        try {
            setAutoCommitAcrossFailover(true, "the autocommit reset after the transaction");
        } catch (SQLException e) {
            SQLException classified = connectionError(e); // an unusable connection still reaches the pool
            if (endFailure != null) {
                endFailure.addSuppressed(classified);
            }
            autoCommitResetPending = true;
            RaLog.log(Level.INFO, RaLog.TX_RESET_DEFERRED, "restoring autocommit after the transaction failed ("
                    + describe(classified) + "); it is redone before the connection is used again");
        }
    }

    private static boolean isFailoverSuccess(SQLException e) {
        String state = e.getSQLState();
        return FailoverSuccessSQLException.SQL_STATE.equals(state) || TransactionStateUnknownSQLException.SQL_STATE.equals(state);
    }

    /** A failover during commit is an unknown outcome ({@code 08007}), never "did not run" ({@code 08S02}). */
    private SQLException outcomeUnknown(SQLException e) {
        if (TransactionStateUnknownSQLException.SQL_STATE.equals(e.getSQLState())) {
            return e;
        }
        RaLog.log(Level.FINE, RaLog.TX_OUTCOME_UNKNOWN, "commit met a failover reported as " + e.getSQLState() + "; reporting 08007");
        return new TransactionStateUnknownSQLException("The connection failed over to " + logical.currentHost()
                + " while the commit was in flight; the transaction's outcome is unknown. "
                + "Restart the transaction if it is safe to run again.", e);
    }

    /**
     * The server may keep the cause (WildFly) or only the message and error code (Payara turns it
     * into an XAException with text only): the SQLState goes into all three, in a fixed form
     * ({@code [SQLState 08007]}) an application can search for.
     */
    private static ResourceException txFailure(String what, SQLException cause) {
        String state = cause.getSQLState();
        ResourceException re = new jakarta.resource.spi.LocalTransactionException(
                "local transaction " + what + " failed [SQLState " + state + "]: " + cause.getMessage(), cause);
        re.setErrorCode(state);
        return re;
    }

    // ---- ManagedConnection lifecycle -------------------------------------------------------------

    /**
     * Invalidates every handle and resets exactly the client state the application changed.
     * An abandoned application transaction is rolled back first: restoring autocommit would
     * otherwise commit it. Idempotent.
     */
    @Override
    public void cleanup() throws ResourceException {
        xaResource.forgetLostBranch();
        for (ConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        int bits = changed;
        boolean pendingReset = autoCommitResetPending;
        if ((bits == 0 && !pendingReset) || destroyed) {
            applicationTx = false;
            return;
        }
        try {
            if (!logical.isUsable()) {
                throw new ResourceException(RaLog.msg(RaLog.RESET_FAILED, "connection is unusable; cannot reset it for reuse"));
            }
            resetAcrossFailover(bits, pendingReset);
        } catch (SQLException e) {
            RaLog.log(Level.FINE, RaLog.RESET_FAILED, "resetting connection state failed", e);
            errorFired.set(true); // never hand it out again: matching and validation see it as invalid
            throw new ResourceException(RaLog.msg(RaLog.RESET_FAILED, "resetting connection state failed: " + e.getMessage()), e);
        } finally {
            changed = 0;
            applicationTx = false;
        }
    }

    /**
     * A reset that meets a successful failover is done again on the new connection (it holds no
     * transaction): a connection that moved is healthy and must not be destroyed (design decision 2).
     */
    private void resetAcrossFailover(int bits, boolean pendingReset) throws SQLException {
        try {
            resetChangedState(bits, pendingReset);
        } catch (SQLException e) {
            if (!isFailoverSuccess(e)) {
                throw e;
            }
            RaLog.log(Level.FINE, RaLog.FAILOVER_KEPT, "reset met a failover to " + logical.currentHost() + "; repeating it");
            resetChangedState(bits, pendingReset);
        }
        autoCommitResetPending = false;
    }

    private void resetChangedState(int bits, boolean pendingReset) throws SQLException {
        if (pendingReset && (bits & AUTO_COMMIT) == 0) {
            logical.setAutoCommit(true); // left over from a container transaction's end
        }
        if ((bits & AUTO_COMMIT) != 0) {
            if (!logical.getAutoCommit()) {
                logical.rollback();
            }
            logical.setAutoCommit(originalAutoCommit);
        }
        if ((bits & READ_ONLY) != 0) {
            logical.setReadOnly(originalReadOnly);
        }
        if ((bits & ISOLATION) != 0) {
            logical.setTransactionIsolation(originalIsolation);
        }
        if ((bits & CATALOG) != 0) {
            logical.setCatalog(originalCatalog);
        }
        if ((bits & SCHEMA) != 0) {
            logical.setSchema(originalSchema);
        }
        if ((bits & HOLDABILITY) != 0) {
            logical.setHoldability(originalHoldability);
        }
        if ((bits & NETWORK_TIMEOUT) != 0) {
            logical.setNetworkTimeout(Runnable::run, originalNetworkTimeout);
        }
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (ConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        try {
            logical.close();
        } catch (SQLException | RuntimeException e) {
            // The server is discarding it anyway; a broken link commonly fails to close cleanly.
            RaLog.log(Level.FINE, RaLog.DESTROY_FAILED, "closing the logical connection failed", e);
        }
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    private void fire(int type, Object handle, Exception e) {
        if (listeners.isEmpty()) {
            return;
        }
        ConnectionEvent event = e == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, e);
        if (handle != null) {
            event.setConnectionHandle(handle);
        }
        for (ConnectionEventListener l : listeners) {
            switch (type) {
                case ConnectionEvent.CONNECTION_CLOSED -> l.connectionClosed(event);
                case ConnectionEvent.CONNECTION_ERROR_OCCURRED -> l.connectionErrorOccurred(event);
                case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> l.localTransactionStarted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED -> l.localTransactionCommitted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK -> l.localTransactionRolledback(event);
                default -> throw new IllegalArgumentException("event " + type);
            }
        }
    }

    // ---- the rest of the SPI -------------------------------------------------------------------

    @Override
    public LocalTransaction getLocalTransaction() {
        return localTransaction;
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new AuroraManagedConnectionMetaData(this);
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "AuroraManagedConnection@" + Integer.toHexString(System.identityHashCode(this))
                + "[" + (destroyed ? "destroyed" : logical.currentHost()) + (settings.readOnly() ? ", reader" : ", writer") + "]";
    }
}
