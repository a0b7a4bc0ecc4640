package dev.aurorajca.itsupport.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import dev.aurorajca.clustersim.SimCluster;

/** The table a {@code WriteLoad} inserts into, reached directly on cluster-sim's current writer (client JVM). */
public final class LoadTable {

    private LoadTable() {
    }

    /** Creates {@code table} (id, thread, created) if needed and empties it. */
    public static void recreate(SimCluster cluster, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT PRIMARY KEY, thread INT,"
                    + " created TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))");
            s.execute("TRUNCATE TABLE " + table);
        }
    }

    /** Every id in {@code table} on the cluster's current writer. */
    public static Set<Long> ids(SimCluster cluster, String table) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        return present;
    }
}
