package dev.aurorajca.driver.dialect;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;

/** A single MySQL (or MariaDB) server: no topology, the URL host is everything. */
public final class MysqlDialect implements Dialect {

    @Override
    public DialectCode code() { return DialectCode.MYSQL; }

    @Override
    public boolean hasTopology() { return false; }

    @Override
    public InstanceState identify(Connection c) throws SQLException {
        return Dialect.identify(c, "SELECT NULL, @@read_only");
    }

    @Override
    public boolean isReadOnly(Connection c) throws SQLException {
        return Dialect.queryLong(c, "SELECT @@read_only") == 1;
    }

    @Override
    public Topology queryTopology(Connection c, AuroraSettings settings) {
        return null;
    }
}
