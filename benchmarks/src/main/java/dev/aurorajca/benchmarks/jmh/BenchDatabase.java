package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server a JMH fork talks to: the one named by {@code bench.db.host/port/name/user/password}
 * (set by {@code JmhRounds} so that every fork of a round uses the same server), or, without
 * them, a cluster-sim cluster of its own (proxies off, so no relay skews the numbers).
 */
final class BenchDatabase implements AutoCloseable {

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;
    private final SimCluster own;

    private BenchDatabase(String host, int port, String database, String user, String password, SimCluster own) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.own = own;
    }

    static BenchDatabase resolve(int nodesIfOwn) throws IOException {
        String host = System.getProperty("bench.db.host");
        if (host != null) {
            return new BenchDatabase(host, Integer.parseInt(System.getProperty("bench.db.port")),
                    System.getProperty("bench.db.name", "app"), System.getProperty("bench.db.user", "app"),
                    System.getProperty("bench.db.password", "app-password"), null);
        }
        SimCluster c = SimCluster.builder().nodes(nodesIfOwn).proxies(false).start();
        SimNode w = c.writer();
        return new BenchDatabase(w.host(), w.port(), c.database(), c.user(), c.password(), c);
    }

    /** Plain mysql-connector-j, the baseline peer. */
    Connection connectorJ() throws SQLException {
        Properties p = new Properties();
        p.putAll(Cli.CONNECTOR_J);
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new com.mysql.cj.jdbc.NonRegisteringDriver().connect("jdbc:mysql://" + host + ":" + port + "/" + database, p);
    }

    /**
     * The AWS Advanced JDBC Wrapper 4.3.0 over the same Connector/J with the same properties and
     * {@code wrapperPlugins=plugins} (a one-node server: the wrapper's failover finds no other instance,
     * as aurora-jca's does not; the per-call path is what is measured).
     */
    Connection awsWrapper(String plugins) throws SQLException {
        Properties p = new Properties();
        p.putAll(Cli.CONNECTOR_J);
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("wrapperPlugins", plugins);
        return new software.amazon.jdbc.Driver().connect("jdbc:aws-wrapper:mysql://" + host + ":" + port + "/" + database, p);
    }

    /** Properties for aurora-jca with the same Connector/J settings and credentials, plus {@code extra}. */
    Map<String, String> auroraProperties(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Cli.CONNECTOR_J);
        p.put("user", user);
        p.put("password", password);
        p.putAll(extra);
        return p;
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
