package dev.aurorajca.itp.server;

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
 * A container-managed EJB as an application writes one: the writer factory injected with
 * {@code @Resource(lookup=…)} (Payara resolves it at deployment), transactions demarcated by the
 * container.
 */
@Stateless
public class TxBean {

    public static final String TABLE = "tx_itp";

    @Resource(lookup = "jdbc/aurora/writer")
    private DataSource writer;

    @Resource(lookup = "jdbc/aurora/reader")
    private DataSource reader;

    public DataSource writer() {
        return writer;
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTable() throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY)");
        }
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

    /** {@code @@server_id} through the injected reader factory (the reader injection works too). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int readerServerId() throws SQLException {
        return Jdbc.serverId(reader);
    }
}
