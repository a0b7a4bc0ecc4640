package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.ra.ClosedConnection.HandleClosedException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Level;

/**
 * The {@link Connection} an application gets from an aurora-jca {@code DataSource}: a thin
 * handle on one {@link AuroraManagedConnection}. Closing it returns the managed connection to
 * the server's pool; it never closes the logical driver connection.
 *
 * <p>What a caller may rely on: after {@link #close()} (or after the server cleaned up the
 * managed connection) every method throws {@code SQLException} with SQLState {@code 08003},
 * except {@code close}, {@code isClosed} and {@code isValid}; statements, result sets and
 * metadata obtained here return this handle from {@code getConnection()}; statements left open
 * are closed with the handle; failover outcomes ({@code 08S02}, {@code 08007}) reach the caller
 * unchanged and the connection stays usable.
 *
 * <p>Design: only methods with behaviour are written here; {@link DelegatingConnection} forwards
 * the rest in one line each. The delegate is swapped for {@link ClosedConnection#INSTANCE} on
 * close, so the open path tests no flag; every {@code SQLException} goes through {@link #fail},
 * the one place where the error-event policy runs, and only on the failure path. Methods that
 * change client state the pool must undo go through the managed connection, which records a bit
 * per change.
 */
public final class ConnectionHandle extends DelegatingConnection {

    /** The logical connection while open, {@link ClosedConnection#INSTANCE} after close. */
    private volatile AuroraConnection delegate;
    /** Null once closed or invalidated. */
    private volatile AuroraManagedConnection managed;
    /** Statements the application created through this handle and has not closed (guarded by this). */
    private final List<Statement> openStatements = new ArrayList<>(4);

    ConnectionHandle(AuroraManagedConnection managed, AuroraConnection logical) {
        this.managed = managed;
        this.delegate = logical;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @Override
    Connection target() {
        return delegate;
    }

    /** The exception funnel: classifies only here, only on failure. */
    @Override
    SQLException fail(SQLException e) {
        if (e instanceof HandleClosedException) {
            return e;
        }
        AuroraManagedConnection m = managed;
        return m == null ? e : m.connectionError(e);
    }

    private AuroraManagedConnection managed(String what) throws SQLException {
        AuroraManagedConnection m = managed;
        if (m == null) {
            throw new HandleClosedException(what);
        }
        return m;
    }

    AuroraManagedConnection managedConnection() {
        return managed;
    }

    /** Moves this handle to another managed connection ({@code associateConnection}). */
    synchronized void associate(AuroraManagedConnection m, AuroraConnection logical) {
        this.managed = m;
        this.delegate = logical;
    }

    /** Called by the managed connection on cleanup/destroy: closes without an event. */
    synchronized void invalidate() {
        closeStatements();
        delegate = ClosedConnection.INSTANCE;
        managed = null;
    }

    private <T extends Statement> T track(T statement) {
        synchronized (this) {
            openStatements.add(statement);
        }
        return statement;
    }

    synchronized void untrack(Statement statement) {
        // Statements are usually closed newest first: search from the end.
        for (int i = openStatements.size() - 1; i >= 0; i--) {
            if (openStatements.get(i) == statement) {
                openStatements.remove(i);
                return;
            }
        }
    }

    private void closeStatements() {
        if (openStatements.isEmpty()) {
            return;
        }
        Statement[] all = openStatements.toArray(new Statement[0]);
        openStatements.clear();
        for (Statement s : all) {
            try {
                s.close();
            } catch (SQLException | RuntimeException e) {
                RaLog.log(Level.FINE, RaLog.HANDLE_CLOSED, "closing a statement left open failed", e);
            }
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        AuroraManagedConnection m;
        synchronized (this) {
            m = managed;
            if (m == null) {
                return; // idempotent, as JDBC requires
            }
            closeStatements();
            delegate = ClosedConnection.INSTANCE;
            managed = null;
        }
        m.handleClosed(this);
    }

    @Override
    public boolean isClosed() throws SQLException {
        return managed == null || delegate.isClosed();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        AuroraManagedConnection m = managed;
        if (m != null) {
            m.abortedByApplication(this);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return delegate.isValid(timeout);
    }

    // ---- state the pool resets: through the managed connection, which records what changed ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        AuroraManagedConnection m = managed("setAutoCommit");
        run(c -> m.applicationSetAutoCommit(autoCommit, this));
    }

    @Override
    public void commit() throws SQLException {
        AuroraManagedConnection m = managed("commit");
        run(c -> m.applicationCommit(this));
    }

    @Override
    public void rollback() throws SQLException {
        AuroraManagedConnection m = managed("rollback");
        run(c -> m.applicationRollback(this));
    }

    /** Records the value before the application's first change of {@code bit}, then makes the change. */
    private void change(String what, int bit, SqlRun change) throws SQLException {
        AuroraManagedConnection m = managed(what);
        run(c -> {
            m.beforeChange(bit);
            change.run(c);
        });
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        AuroraManagedConnection m = managed("setReadOnly");
        run(c -> {
            m.beforeSetReadOnly(readOnly);
            c.setReadOnly(readOnly);
        });
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        change("setCatalog", AuroraManagedConnection.CATALOG, c -> c.setCatalog(catalog));
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        change("setTransactionIsolation", AuroraManagedConnection.ISOLATION, c -> c.setTransactionIsolation(level));
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        change("setHoldability", AuroraManagedConnection.HOLDABILITY, c -> c.setHoldability(holdability));
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        change("setSchema", AuroraManagedConnection.SCHEMA, c -> c.setSchema(schema));
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        change("setNetworkTimeout", AuroraManagedConnection.NETWORK_TIMEOUT, c -> c.setNetworkTimeout(executor, milliseconds));
    }

    // ---- objects whose getConnection() must return this handle --------------------------------

    /** Wraps what {@code create} returns so it leads back to this handle, and tracks it until closed. */
    private <T extends Statement> T statement(Class<T> type, SqlCall<T> create) throws SQLException {
        return track(JdbcChildProxy.wrap(type, call(create), this, null, null));
    }

    @Override
    public Statement createStatement() throws SQLException {
        return statement(Statement.class, Connection::createStatement);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return statement(Statement.class, c -> c.createStatement(type, concurrency));
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return statement(Statement.class, c -> c.createStatement(type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql, type, concurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql, type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return statement(PreparedStatement.class, c -> c.prepareStatement(sql, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return statement(CallableStatement.class, c -> c.prepareCall(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return statement(CallableStatement.class, c -> c.prepareCall(sql, type, concurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        return statement(CallableStatement.class, c -> c.prepareCall(sql, type, concurrency, holdability));
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return JdbcChildProxy.wrap(DatabaseMetaData.class, call(Connection::getMetaData), this, null, null);
    }

    /**
     * Unwraps to this handle, or to the logical driver connection ({@code AuroraConnection},
     * e.g. for {@code currentHost()}); closing what {@code unwrap} returned is not allowed.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : call(c -> c.unwrap(iface));
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || call(c -> c.isWrapperFor(iface));
    }

    @Override
    public String toString() {
        AuroraManagedConnection m = managed;
        return "ConnectionHandle@" + Integer.toHexString(System.identityHashCode(this)) + (m == null ? "[closed]" : "[" + m + "]");
    }
}
