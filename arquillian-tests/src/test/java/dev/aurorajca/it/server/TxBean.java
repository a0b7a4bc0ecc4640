package dev.aurorajca.it.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import dev.aurorajca.itsupport.server.Jdbc;

/**
 * A container-managed EJB as an application writes one: both factories injected with
 * {@code @Resource(lookup=…)}, transactions demarcated by the container.
 */
@Stateless
public class TxBean {

    @Resource(lookup = "java:/aurora/writer")
    private DataSource writer;

    @Resource(lookup = "java:/aurora/reader")
    private DataSource reader;

    public DataSource writer() {
        return writer;
    }

    public DataSource reader() {
        return reader;
    }

    /** {@code @@server_id} of a connection from the injected writer factory. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int writerServerId() throws SQLException {
        return Jdbc.serverId(writer);
    }

    /** {@code @@server_id} of a connection from the injected reader factory. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int readerServerId() throws SQLException {
        return Jdbc.serverId(reader);
    }

    /** Inserts a row in a container-managed transaction, which commits. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void insert(String table, long id) throws SQLException {
        Jdbc.insertRow(writer, table, id);
    }

    /** Inserts a row, then throws a system exception: the container rolls the transaction back. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void insertThenFail(String table, long id) throws SQLException {
        Jdbc.insertRow(writer, table, id);
        throw new IllegalStateException("rolling back on purpose after inserting " + id);
    }

    /**
     * Two handles inside one container-managed transaction: their MySQL {@code CONNECTION_ID()}s
     * and whether the second handle sees the first one's uncommitted row.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public long[] twoHandles(String table, long id) throws SQLException {
        try (Connection a = writer.getConnection(); Connection b = writer.getConnection()) {
            long idA = Jdbc.connectionId(a);
            long idB = Jdbc.connectionId(b);
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return new long[] {idA, idB, Jdbc.exists(b, table, id) ? 1 : 0};
        }
    }

    /** Whether the row exists, read through a fresh autocommit connection (outside any transaction). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean committed(String table, long id) throws SQLException {
        try (Connection c = writer.getConnection()) {
            return Jdbc.exists(c, table, id);
        }
    }

    /** Creates a test table through the writer factory (idempotent). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTable(String table) throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT PRIMARY KEY, v VARCHAR(64))");
        }
    }
}
