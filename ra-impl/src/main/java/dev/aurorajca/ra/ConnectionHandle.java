package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.ra.ClosedConnection.HandleClosedException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * <p>Design: the delegate is swapped for {@link ClosedConnection#INSTANCE} on close, so the open
 * path tests no flag; every {@code SQLException} goes through {@link #fail}, the one place where
 * the error-event policy runs, and only on the failure path. Methods that change client state
 * the pool must undo go through the managed connection, which records a bit per change.
 */
public final class ConnectionHandle implements Connection {

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

    /** The exception funnel: classifies only here, only on failure. */
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
        try {
            m.applicationSetAutoCommit(autoCommit, this);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        AuroraManagedConnection m = managed("commit");
        try {
            m.applicationCommit(this);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        AuroraManagedConnection m = managed("rollback");
        try {
            m.applicationRollback(this);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        AuroraManagedConnection m = managed("setReadOnly");
        try {
            m.beforeSetReadOnly(readOnly);
            delegate.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        AuroraManagedConnection m = managed("setCatalog");
        try {
            m.beforeChange(AuroraManagedConnection.CATALOG);
            delegate.setCatalog(catalog);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        AuroraManagedConnection m = managed("setTransactionIsolation");
        try {
            m.beforeChange(AuroraManagedConnection.ISOLATION);
            delegate.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        AuroraManagedConnection m = managed("setHoldability");
        try {
            m.beforeChange(AuroraManagedConnection.HOLDABILITY);
            delegate.setHoldability(holdability);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        AuroraManagedConnection m = managed("setSchema");
        try {
            m.beforeChange(AuroraManagedConnection.SCHEMA);
            delegate.setSchema(schema);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        AuroraManagedConnection m = managed("setNetworkTimeout");
        try {
            m.beforeChange(AuroraManagedConnection.NETWORK_TIMEOUT);
            delegate.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- objects whose getConnection() must return this handle --------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(Statement.class, delegate.createStatement(), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(Statement.class, delegate.createStatement(resultSetType, resultSetConcurrency), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(Statement.class, delegate.createStatement(type, concurrency, holdability), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class, delegate.prepareStatement(sql), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class, delegate.prepareStatement(sql, type, concurrency), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class,
                    delegate.prepareStatement(sql, type, concurrency, holdability), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class, delegate.prepareStatement(sql, autoGeneratedKeys), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class, delegate.prepareStatement(sql, columnIndexes), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(PreparedStatement.class, delegate.prepareStatement(sql, columnNames), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(CallableStatement.class, delegate.prepareCall(sql), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(CallableStatement.class, delegate.prepareCall(sql, type, concurrency), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        try {
            return track(JdbcChildProxy.wrap(CallableStatement.class, delegate.prepareCall(sql, type, concurrency, holdability), this, null, null));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            return JdbcChildProxy.wrap(DatabaseMetaData.class, delegate.getMetaData(), this, null, null);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- plain delegation ----------------------------------------------------------------------

    @Override
    public String nativeSQL(String sql) throws SQLException {
        try {
            return delegate.nativeSQL(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        try {
            return delegate.getAutoCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return delegate.isReadOnly();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        try {
            return delegate.getCatalog();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        try {
            return delegate.getTransactionIsolation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        try {
            return delegate.getTypeMap();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        try {
            delegate.setTypeMap(map);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        try {
            return delegate.getHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        try {
            return delegate.setSavepoint();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        try {
            return delegate.setSavepoint(name);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        try {
            delegate.rollback(savepoint);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        try {
            delegate.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        try {
            return delegate.createClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        try {
            return delegate.createBlob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        try {
            return delegate.createNClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        try {
            return delegate.createSQLXML();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            delegate.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            delegate.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        try {
            return delegate.getClientInfo(name);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        try {
            return delegate.getClientInfo();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        try {
            return delegate.createArrayOf(typeName, elements);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        try {
            return delegate.createStruct(typeName, attributes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        try {
            return delegate.getSchema();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        try {
            return delegate.getNetworkTimeout();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * Unwraps to this handle, or to the logical driver connection ({@code AuroraConnection},
     * e.g. for {@code currentHost()}); closing what {@code unwrap} returned is not allowed.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String toString() {
        AuroraManagedConnection m = managed;
        return "ConnectionHandle@" + Integer.toHexString(System.identityHashCode(this)) + (m == null ? "[closed]" : "[" + m + "]");
    }
}
