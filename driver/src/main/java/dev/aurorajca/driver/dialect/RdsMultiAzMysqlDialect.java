package dev.aurorajca.driver.dialect;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * RDS Multi-AZ DB clusters: instances from {@code mysql.rds_topology}; the writer is the source
 * named by {@code SHOW REPLICA STATUS} on a reader (MySQL 8 {@code Source_Server_Id}, MariaDB
 * and older MySQL {@code Master_Server_Id}); no replica row means this instance is the writer.
 */
public final class RdsMultiAzMysqlDialect implements Dialect {

    /** One row of {@code mysql.rds_topology}. */
    public record Row(String id, String endpoint, int port) { }

    static boolean matches(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                     + "WHERE table_schema = 'mysql' AND table_name = 'rds_topology'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return false;
            }
        }
        return Dialect.queryLong(c, "SELECT COUNT(*) FROM mysql.rds_topology") > 0;
    }

    @Override
    public DialectCode code() { return DialectCode.RDS_MULTI_AZ_MYSQL; }

    @Override
    public boolean hasTopology() { return true; }

    @Override
    public InstanceState identify(Connection c) throws SQLException {
        return Dialect.identify(c, "SELECT @@server_id, @@read_only");
    }

    @Override
    public boolean isReadOnly(Connection c) throws SQLException {
        return Dialect.queryLong(c, "SELECT @@read_only") == 1;
    }

    @Override
    public Topology queryTopology(Connection c, AuroraSettings settings) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, endpoint, port FROM mysql.rds_topology")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3)));
            }
        }
        String writerId;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
            writerId = rs.next() ? rs.getString(writerIdColumn(rs.getMetaData())) : null;
        }
        if (writerId == null) {
            writerId = Long.toString(Dialect.queryLong(c, "SELECT @@server_id"));
        }
        return toTopology(rows, writerId, System.nanoTime());
    }

    /** {@code Source_Server_Id} where the server has it (MySQL 8), else {@code Master_Server_Id}. */
    public static String writerIdColumn(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
        }
        return writerIdColumn(names);
    }

    public static String writerIdColumn(List<String> columnNames) throws SQLException {
        for (String n : columnNames) {
            if (n.equalsIgnoreCase("Source_Server_Id")) {
                return n;
            }
        }
        for (String n : columnNames) {
            if (n.equalsIgnoreCase("Master_Server_Id")) {
                return n;
            }
        }
        throw new SQLException("SHOW REPLICA STATUS has neither Source_Server_Id nor Master_Server_Id: " + columnNames, "HY000");
    }

    /** Rows plus the writer's id; null when the writer is not among the rows (ask again). */
    public static Topology toTopology(List<Row> rows, String writerId, long nowNanos) {
        List<HostSpec> hosts = new ArrayList<>();
        boolean writerSeen = false;
        for (Row r : Dialect.usableRows(rows, Row::endpoint, Row::port, Row::id)) {
            boolean w = r.id().equals(writerId);
            writerSeen |= w;
            hosts.add(Dialect.instance(r.id(), r.endpoint(), r.port(), w));
        }
        return writerSeen ? new Topology(hosts, nowNanos) : null;
    }
}
