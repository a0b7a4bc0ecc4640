package dev.aurorajca.example.bank;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database instance that served a piece of work: {@code @@server_id} (cluster-sim numbers
 * its nodes 1..N; on Aurora it is a number per instance), host name, port and whether it was
 * read-only.
 */
public record ServedBy(long serverId, String hostname, int port, boolean readOnly) {

    static final String SQL = "SELECT @@server_id, @@hostname, @@port, @@read_only";

    /** Asked through {@code em}, inside the caller's transaction, so it is the same connection. */
    static ServedBy of(EntityManager em) {
        Object[] row = (Object[]) em.createNativeQuery(SQL).getSingleResult();
        return new ServedBy(((Number) row[0]).longValue(), String.valueOf(row[1]), ((Number) row[2]).intValue(),
                ((Number) row[3]).intValue() != 0);
    }

    public static ServedBy of(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
            rs.next();
            return new ServedBy(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4));
        }
    }
}
