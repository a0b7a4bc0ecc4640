package dev.aurorajca.itsupport.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Small JDBC helpers shared by the in-server tests and the EJB. */
public final class Jdbc {

    private Jdbc() {
    }

    public static int serverId(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return serverId(c);
        }
    }

    public static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public static void insertRow(DataSource ds, String table, long id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public static long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static boolean exists(Connection c, String table, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

}
