package dev.aurorajca.driver.bg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The blue/green plugin's statements. They live here rather than in a dialect because only this
 * plugin sends them, and only to Aurora MySQL: the deployment's rows in {@code mysql.rds_topology}
 * (Aurora MySQL 3.07+) and, while the plan is collected, the side's instances and writer.
 */
final class BgMetadata {

    private static final Logger LOG = Logger.getLogger(BgMetadata.class.getName());

    static final String STATUS_SQL = "SELECT version, endpoint, port, role, status FROM mysql.rds_topology";
    static final String INSTANCES_SQL = "SELECT SERVER_ID, CASE WHEN SESSION_ID = 'MASTER_SESSION_ID' THEN 1 ELSE 0 END "
            + "FROM information_schema.replica_host_status";

    /** One instance of a side: its id and whether it is that side's writer. */
    record Instance(String id, boolean writer) { }

    /** What one poll of one side read. {@code instances} is empty when it was not asked for. */
    record Read(List<BgRow> rows, List<Instance> instances) {
        Read {
            rows = List.copyOf(rows);
            instances = List.copyOf(instances);
        }
    }

    private BgMetadata() { }

    /**
     * The deployment rows the instance behind {@code c} holds. No table, or a table without the
     * blue/green columns (a Multi-AZ cluster's topology table), is "no deployment": an empty list.
     */
    static List<BgRow> readRows(Connection c) throws SQLException {
        List<BgRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(STATUS_SQL)) {
            while (rs.next()) {
                String endpoint = rs.getString(2);
                BgRole role = BgRole.of(rs.getString(4));
                String status = rs.getString(5);
                BgPhase phase = BgPhase.ofStatus(status);
                if (endpoint == null || endpoint.isBlank() || role == null) {
                    continue;
                }
                if (phase == null) {
                    LOG.fine(() -> "aurora-jca bg: unknown blue/green status '" + status + "' for " + endpoint + "; row ignored");
                    continue;
                }
                rows.add(new BgRow(rs.getString(1), endpoint, rs.getInt(3), role, phase));
            }
        } catch (SQLException e) {
            if (isMissingTableOrColumn(e)) {
                return List.of();
            }
            throw e;
        }
        return rows;
    }

    /** The side's instances from Aurora's replica status (ids and the writer). */
    static List<Instance> readInstances(Connection c) throws SQLException {
        List<Instance> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(INSTANCES_SQL)) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (id != null && !id.isBlank()) {
                    out.add(new Instance(id.trim().toLowerCase(java.util.Locale.ROOT), rs.getLong(2) == 1));
                }
            }
        } catch (SQLException e) {
            if (isMissingTableOrColumn(e)) {
                return List.of();
            }
            throw e;
        }
        return out;
    }

    /** MySQL 1146 (no such table), 1054 (no such column), or SQLState class 42. */
    static boolean isMissingTableOrColumn(SQLException e) {
        String state = e.getSQLState();
        return e.getErrorCode() == 1146 || e.getErrorCode() == 1054 || (state != null && state.startsWith("42"));
    }
}
