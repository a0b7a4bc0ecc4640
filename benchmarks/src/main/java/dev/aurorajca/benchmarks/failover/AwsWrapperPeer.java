package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.clustersim.SimCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import software.amazon.jdbc.dialect.MultiAzClusterMysqlDialect;

/**
 * The AWS Advanced JDBC Wrapper 4.3.0 with {@code wrapperPlugins=failover2}, on the RDS-shaped
 * cluster. Its Multi-AZ dialect reads the writer id from MySQL 8's {@code Source_Server_Id};
 * MariaDB calls the column {@code Master_Server_Id}, so a one-method subclass is registered as
 * the (JVM-wide) custom dialect. On cluster-sim's Aurora mode the wrapper runs unmodified: its
 * stock {@code aurora-mysql} dialect, {@code initialConnection,failover2} (plus {@code efm2} where
 * {@code extra} says so), no custom dialect.
 */
final class AwsWrapperPeer implements Peer {

    /** Multi-AZ MySQL as the wrapper knows it, with MariaDB's name for the writer-id column. */
    static final class MariaDbMultiAzDialect extends MultiAzClusterMysqlDialect {
        @Override
        public String getWriterIdColumnName() {
            return "Master_Server_Id";
        }
    }

    private final software.amazon.jdbc.Driver driver;
    private final String name;
    private final Map<String, String> extra;
    private final boolean aurora;

    AwsWrapperPeer(boolean aurora) {
        this("aws-advanced-jdbc-wrapper-4.3.0", Map.of(), aurora);
    }

    /** {@code extra} is applied last (e.g. {@code wrapperPlugins=failover2,efm2} and detection settings). */
    AwsWrapperPeer(String name, Map<String, String> extra, boolean aurora) {
        if (aurora) {
            software.amazon.jdbc.Driver.resetCustomDialect();
        } else {
            software.amazon.jdbc.Driver.setCustomDialect(new MariaDbMultiAzDialect());
        }
        driver = new software.amazon.jdbc.Driver();
        this.name = name;
        this.aurora = aurora;
        this.extra = extra;
    }

    private String plugins() {
        return extra.getOrDefault("wrapperPlugins", aurora ? "initialConnection,failover2" : "failover2");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String configuration() {
        return "wrapperPlugins=" + plugins()
                + (aurora ? ", wrapperDialect=aurora-mysql (stock, unmodified), other defaults"
                        : ", custom dialect MultiAzClusterMysqlDialect with writer id column Master_Server_Id, other defaults")
                + (extra.isEmpty() ? "" : ", " + extra);
    }

    @Override
    public Connection connect(SimCluster cluster) throws SQLException {
        Properties p = new Properties();
        p.putAll(Cli.CONNECTOR_J);
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        p.setProperty("wrapperPlugins", plugins());
        if (aurora) {
            p.setProperty("wrapperDialect", "aurora-mysql");
        }
        p.setProperty("clusterId", "bench-aws");
        p.setProperty("failoverTimeoutMs", "30000");
        p.putAll(extra);
        p.setProperty("wrapperPlugins", plugins());
        String url = "jdbc:aws-wrapper:mysql://" + cluster.clusterEndpoint().orElseThrow() + ":" + cluster.endpointPort() + "/" + cluster.database();
        Connection c = driver.connect(url, p);
        if (c == null) {
            throw new SQLException("the AWS wrapper refused " + url);
        }
        return c;
    }

    @Override
    public void close() {
        software.amazon.jdbc.Driver.releaseResources();
    }
}
