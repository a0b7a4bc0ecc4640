package dev.aurorajca.ra;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.PrintWriter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.naming.Reference;
import javax.sql.DataSource;

/**
 * The connection factory the server binds in JNDI ({@code javax.sql.DataSource}). Every
 * {@code getConnection} goes through the server's connection manager (pool, transaction
 * enlistment). A failure reaches the application as an {@link SQLException} carrying the
 * adapter's message (which names a rejected config property and value) and the SQLState of the
 * underlying cause.
 */
public final class AuroraDataSource implements DataSource, Serializable, Referenceable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSE_DEPTH = 32;

    private final AuroraManagedConnectionFactory factory;
    private final ConnectionManager connectionManager;
    private Reference reference;
    private transient PrintWriter logWriter;
    private int loginTimeout;

    AuroraDataSource(AuroraManagedConnectionFactory factory, ConnectionManager connectionManager) {
        this.factory = factory;
        this.connectionManager = connectionManager;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return allocate(null);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return allocate(new AuroraConnectionRequestInfo(user, password));
    }

    private Connection allocate(AuroraConnectionRequestInfo info) throws SQLException {
        try {
            return (Connection) connectionManager.allocateConnection(factory, info);
        } catch (ResourceException e) {
            throw toSQLException(e);
        }
    }

    /**
     * Servers wrap the adapter's exception in their own ("unable to get managed connection"):
     * surface our message and the first SQLState found in the chain, keeping the whole chain as cause.
     */
    static SQLException toSQLException(ResourceException e) {
        SQLException sql = null;
        String ours = null;
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH && (sql == null || ours == null); depth++, t = t.getCause()) {
            if (sql == null && t instanceof SQLException s) {
                sql = s;
            }
            String m = t.getMessage();
            if (ours == null && m != null && m.startsWith("AJCA")) {
                ours = m;
            }
        }
        String state = sql != null ? sql.getSQLState() : e.getErrorCode();
        return new SQLException(ours != null ? ours : e.getMessage(), state, sql != null ? sql.getErrorCode() : 0, e);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Kept for the DataSource contract; connect time is governed by the ConnectTimeout config property. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() {
        return RaLog.LOG;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "AuroraDataSource[" + factory + "]";
    }
}
