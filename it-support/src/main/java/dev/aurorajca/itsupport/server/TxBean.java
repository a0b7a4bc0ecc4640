package dev.aurorajca.itsupport.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * A container-managed EJB as an application writes one: both factories injected with
 * {@code @Resource}, transactions demarcated by the container. The resource refs
 * {@code aurora/writer} and {@code aurora/reader} are mapped to the server's JNDI names by the test
 * WAR's {@code web.xml} ({@code lookup-name}), so this class names no server-specific JNDI name.
 */
@Stateless
public class TxBean {

    public static final String TABLE = "tx_it";

    @Resource(name = "aurora/writer")
    private DataSource writer;

    @Resource(name = "aurora/reader")
    private DataSource reader;

    public DataSource writer() {
        return writer;
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTable() throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY, v VARCHAR(64))");
        }
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
    public void insert(long id) throws SQLException {
        Jdbc.insertRow(writer, TABLE, id);
    }

    /** Inserts a row, then throws a system exception: the container rolls the transaction back. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void insertThenFail(long id) throws SQLException {
        Jdbc.insertRow(writer, TABLE, id);
        throw new IllegalStateException("rolling back on purpose after inserting " + id);
    }

    /**
     * Two handles inside one container-managed transaction: their {@code CONNECTION_ID()}s and
     * whether the second sees the first one's uncommitted row (1/0).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public long[] twoHandles(long id) throws SQLException {
        try (Connection a = writer.getConnection(); Connection b = writer.getConnection()) {
            long idA = Jdbc.connectionId(a);
            long idB = Jdbc.connectionId(b);
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO " + TABLE + " (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return new long[] {idA, idB, Jdbc.exists(b, TABLE, id) ? 1 : 0};
        }
    }

    /** Whether the row is committed, read through a fresh autocommit connection outside any transaction. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean committed(long id) throws SQLException {
        try (Connection c = writer.getConnection()) {
            return Jdbc.exists(c, TABLE, id);
        }
    }
}
