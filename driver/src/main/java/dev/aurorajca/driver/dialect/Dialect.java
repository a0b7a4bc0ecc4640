package dev.aurorajca.driver.dialect;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;

/** Owns every SQL statement the driver sends about the cluster itself. */
public interface Dialect {

    DialectCode code();

    /** False for plain MySQL: the URL's host is the only instance. */
    boolean hasTopology();

    /** Whether the instance behind {@code c} refuses writes (a reader or a demoted writer). */
    boolean isReadOnly(Connection c) throws SQLException;

    /** Which instance {@code c} reached (its topology id, or null where there is none) and whether it is read-only. */
    record InstanceState(String instanceId, boolean readOnly) { }

    /**
     * One round trip that tells which instance a connection through an endpoint (a cluster
     * endpoint, a proxy) really reached, and whether it accepts writes.
     */
    InstanceState identify(Connection c) throws SQLException;

    /** Runs {@code sql} returning (id, read_only) as one row. */
    static InstanceState identify(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return new InstanceState(null, false);
            }
            return new InstanceState(rs.getString(1), rs.getLong(2) == 1);
        }
    }

    /**
     * The cluster as seen from {@code c}; null when the answer is unusable (no writer, for
     * instance) and the caller should ask again.
     */
    Topology queryTopology(Connection c, AuroraSettings settings) throws SQLException;

    static Dialect of(DialectCode code) {
        switch (code) {
            case AURORA_MYSQL: return new AuroraMysqlDialect();
            case RDS_MULTI_AZ_MYSQL: return new RdsMultiAzMysqlDialect();
            default: return new MysqlDialect();
        }
    }

    /** Works out which dialect the instance behind {@code c} speaks. */
    static Dialect detect(Connection c) throws SQLException {
        if (AuroraMysqlDialect.matches(c)) {
            return new AuroraMysqlDialect();
        }
        if (RdsMultiAzMysqlDialect.matches(c)) {
            return new RdsMultiAzMysqlDialect();
        }
        return new MysqlDialect();
    }

    /** Helper: the first column of a single-row query as a long, or -1 if there is no row. */
    static long queryLong(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** The host an instance id maps to when the topology gives ids only. */
    static HostSpec instance(String id, String host, int port, boolean writer) {
        return new HostSpec(host, port, id, writer ? HostSpec.Role.WRITER : HostSpec.Role.READER);
    }
}
