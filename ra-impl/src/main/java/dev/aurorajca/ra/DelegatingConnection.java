package dev.aurorajca.ra;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;

/**
 * The part of {@link Connection} that carries no behaviour of the adapter: each method hands the
 * call to {@link #target()} and any {@link SQLException} to {@link #fail}, in one line, through
 * {@link #call} / {@link #run}. {@link ConnectionHandle} extends it and writes only the methods
 * that do something (state the pool resets, statements it wraps, close, unwrap).
 *
 * <p>Why a base class with lambdas and not a dynamic proxy or generated code: the handle must be a
 * named public class ({@code connection-impl-class} in {@code ra.xml}; servers and applications
 * see its type), which rules out a proxy for the handle itself; and the JIT inlines these
 * non-capturing or short-lived lambdas, so a call costs what the hand-written try/catch cost
 * ({@code benchmarks/}: {@code AdapterHandleBenchmark}, with a dynamic-proxy handle measured
 * beside it). Generation at build time would need a build step for about 30 one-line methods.
 */
abstract class DelegatingConnection implements Connection {

    /** One JDBC call on the target connection. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call(Connection c) throws SQLException;
    }

    /** One JDBC call on the target connection that returns nothing. */
    @FunctionalInterface
    interface SqlRun {
        void run(Connection c) throws SQLException;
    }

    /** Where calls go: the logical connection while open, a closed null object afterwards. */
    abstract Connection target();

    /** The exception funnel: every failure of a call passes here, and only failures. */
    abstract SQLException fail(SQLException e);

    final <T> T call(SqlCall<T> f) throws SQLException {
        try {
            return f.call(target());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    final void run(SqlRun f) throws SQLException {
        try {
            f.run(target());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override public String nativeSQL(String sql) throws SQLException { return call(c -> c.nativeSQL(sql)); }
    @Override public boolean getAutoCommit() throws SQLException { return call(Connection::getAutoCommit); }
    @Override public boolean isReadOnly() throws SQLException { return call(Connection::isReadOnly); }
    @Override public String getCatalog() throws SQLException { return call(Connection::getCatalog); }
    @Override public int getTransactionIsolation() throws SQLException { return call(Connection::getTransactionIsolation); }
    @Override public SQLWarning getWarnings() throws SQLException { return call(Connection::getWarnings); }
    @Override public void clearWarnings() throws SQLException { run(Connection::clearWarnings); }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { return call(Connection::getTypeMap); }
    @Override public void setTypeMap(Map<String, Class<?>> map) throws SQLException { run(c -> c.setTypeMap(map)); }
    @Override public int getHoldability() throws SQLException { return call(Connection::getHoldability); }
    @Override public Savepoint setSavepoint() throws SQLException { return call(Connection::setSavepoint); }
    @Override public Savepoint setSavepoint(String name) throws SQLException { return call(c -> c.setSavepoint(name)); }
    @Override public void rollback(Savepoint savepoint) throws SQLException { run(c -> c.rollback(savepoint)); }
    @Override public void releaseSavepoint(Savepoint savepoint) throws SQLException { run(c -> c.releaseSavepoint(savepoint)); }
    @Override public Clob createClob() throws SQLException { return call(Connection::createClob); }
    @Override public Blob createBlob() throws SQLException { return call(Connection::createBlob); }
    @Override public NClob createNClob() throws SQLException { return call(Connection::createNClob); }
    @Override public SQLXML createSQLXML() throws SQLException { return call(Connection::createSQLXML); }
    @Override public String getClientInfo(String name) throws SQLException { return call(c -> c.getClientInfo(name)); }
    @Override public Properties getClientInfo() throws SQLException { return call(Connection::getClientInfo); }
    @Override public String getSchema() throws SQLException { return call(Connection::getSchema); }
    @Override public int getNetworkTimeout() throws SQLException { return call(Connection::getNetworkTimeout); }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return call(c -> c.createArrayOf(typeName, elements));
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return call(c -> c.createStruct(typeName, attributes));
    }

    // setClientInfo may throw only SQLClientInfoException: the funnel sees it, the caller gets it unchanged.

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            target().setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            target().setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            fail(e);
            throw e;
        }
    }
}
