package dev.aurorajca.driver.dialect;

import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.config.HostPattern;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amazon Aurora MySQL: topology from {@code information_schema.replica_host_status}. */
public final class AuroraMysqlDialect implements Dialect {

    static final String TOPOLOGY_SQL = "SELECT SERVER_ID, CASE WHEN SESSION_ID = 'MASTER_SESSION_ID' THEN TRUE ELSE FALSE END, "
            + "CPU, REPLICA_LAG_IN_MILLISECONDS, LAST_UPDATE_TIMESTAMP FROM information_schema.replica_host_status "
            + "WHERE time_to_sec(timediff(now(), LAST_UPDATE_TIMESTAMP)) <= 300 OR SESSION_ID = 'MASTER_SESSION_ID'";

    /** {@code name.cluster-[ro-|custom-]id.region.rds.amazonaws.com[.cn]} and instance endpoints. */
    private static final Pattern RDS_HOST = Pattern.compile(
            "^[^.]+\\.(?:cluster-(?:ro-|custom-)?)?([a-z0-9]+)\\.([a-z0-9-]+)\\.rds\\.(amazonaws\\.com(?:\\.cn)?|sc2s\\.sgov\\.gov|c2s\\.ic\\.gov)$");

    /** One row of the topology query. */
    public record Row(String serverId, boolean writer, Timestamp lastUpdate) { }

    static boolean matches(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW VARIABLES LIKE 'aurora_version'")) {
            return rs.next();
        }
    }

    @Override
    public DialectCode code() { return DialectCode.AURORA_MYSQL; }

    @Override
    public boolean hasTopology() { return true; }

    @Override
    public InstanceState identify(Connection c) throws SQLException {
        return Dialect.identify(c, "SELECT @@aurora_server_id, @@innodb_read_only");
    }

    @Override
    public boolean isReadOnly(Connection c) throws SQLException {
        return Dialect.queryLong(c, "SELECT @@innodb_read_only") == 1;
    }

    @Override
    public Topology queryTopology(Connection c, AuroraSettings settings) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TOPOLOGY_SQL)) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(5)));
            }
        }
        return toTopology(rows, instancePattern(settings), System.nanoTime());
    }

    /**
     * Turns rows into a topology. No writer: null (ask again). More than one writer (a failover
     * in progress): the most recently updated one wins, the others become readers.
     */
    public static Topology toTopology(List<Row> rows, HostPattern pattern, long nowNanos) {
        Row writer = null;
        rows = Dialect.usableRows(rows, r -> r.serverId() == null ? null : pattern.hostFor(r.serverId()), r -> pattern.port(), Row::serverId);
        for (Row r : rows) {
            if (r.writer() && (writer == null || later(r.lastUpdate(), writer.lastUpdate()))) {
                writer = r;
            }
        }
        if (writer == null) {
            return null;
        }
        List<HostSpec> hosts = new ArrayList<>();
        for (Row r : rows) {
            hosts.add(Dialect.instance(r.serverId(), pattern.hostFor(r.serverId()), pattern.port(), r == writer));
        }
        return new Topology(hosts, nowNanos);
    }

    private static boolean later(Timestamp a, Timestamp b) {
        return b == null || (a != null && a.after(b));
    }

    /** The configured pattern, or one derived from an RDS-shaped endpoint. */
    public static HostPattern instancePattern(AuroraSettings s) throws InvalidSettingException {
        HostPattern p = s.instanceHostPattern();
        if (p != null) {
            return p.port() > 0 ? p : new HostPattern(p.template(), s.port());
        }
        Matcher m = RDS_HOST.matcher(s.host());
        if (!m.matches()) {
            throw new InvalidSettingException(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN.key(),
                    "required when the URL host (" + s.host() + ") is not an RDS endpoint (an IP, a CNAME or a proxy): "
                            + "set it to e.g. ?.abc123.us-east-1.rds.amazonaws.com");
        }
        return new HostPattern("?." + m.group(1) + "." + m.group(2) + ".rds." + m.group(3), s.port());
    }
}
