package dev.aurorajca.driver.dialect;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.config.HostNames;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

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

    /**
     * The rows whose instance can be reached at a valid host name and port. A host name read from
     * the cluster goes into a Connector/J URL, so one that could add URL parameters (or is no host
     * name at all) is left out with a warning instead of being connected to; the instance is then
     * treated as absent from the topology.
     */
    static <R> List<R> usableRows(List<R> rows, Function<R, String> host, ToIntFunction<R> port, Function<R, String> id) {
        List<R> usable = null;
        for (int i = 0; i < rows.size(); i++) {
            R r = rows.get(i);
            String h = host.apply(r);
            int p = port.applyAsInt(r);
            boolean ok = HostNames.isValid(h) && p >= 1 && p <= 65535;
            if (!ok) {
                Logger.getLogger(Dialect.class.getName()).warning("aurora-jca: topology row of instance '" + HostNames.shown(id.apply(r))
                        + "' ignored: host '" + HostNames.shown(h) + "', port " + p + " is not a usable address (allowed: "
                        + HostNames.ALLOWED + "; port 1-65535)");
            }
            if (!ok && usable == null) {
                usable = new ArrayList<>(rows.subList(0, i));
            } else if (ok && usable != null) {
                usable.add(r);
            }
        }
        return usable == null ? rows : usable;
    }

    /** The host an instance id maps to when the topology gives ids only. */
    static HostSpec instance(String id, String host, int port, boolean writer) {
        return new HostSpec(host, port, id, writer ? HostSpec.Role.WRITER : HostSpec.Role.READER);
    }
}
