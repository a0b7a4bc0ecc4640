package dev.aurorajca.driver.iam;

import static dev.aurorajca.driver.ClusterTestSupport.driverThreads;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.iam.IamTestSupport.STATIC_CREDENTIALS;
import static dev.aurorajca.driver.iam.IamTestSupport.fixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The iam plugin against a real 3-node MariaDB cluster.
 *
 * <p>How the server is made to accept tokens: on every node, without binary logging so that it
 * is not replicated, the test creates {@code iam_app} whose password is the token that static
 * credentials and a fixed clock produce for <em>that node's</em> host and port. The nodes share a
 * host (127.0.0.1) and differ by port, so each node has its own password, and a node accepts only
 * a token signed for itself. Per-node users rather than {@code iamHost}/{@code iamDefaultPort}
 * (one token for all): that proves the plugin signs each physical connection, failover and probe
 * connections included, for the instance it really opens.
 *
 * <p>What it proves and what it does not: the accounts use {@code mysql_native_password}, so
 * Connector/J sends a scramble of the token, not the token in clear, and TLS is off (the simulated
 * cluster has no certificates; the test sets {@code sslMode=DISABLED}, which the plugin would
 * otherwise set to {@code REQUIRED}). It proves the right token reaches the login of every
 * connection the driver opens. The cleartext exchange Aurora asks for ({@code mysql_clear_password}
 * over TLS) is Connector/J's built-in behaviour and is not exercised here.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("iam against a real 3-node cluster")
@TestMethodOrder(MethodOrderer.MethodName.class) // the failover test runs between the others: nodes it restarted must still take tokens
@org.junit.jupiter.api.Tag("cluster")
class IamClusterTest {

    private static final String USER = "iam_app";
    private static final String REGION = "us-east-1";

    private DriverRuntime runtime;

    private static String tokenFor(SimNode node) {
        return new SdkTokenGenerator(STATIC_CREDENTIALS, fixedClock()).generate(new TokenKey(REGION, node.host(), node.port(), USER));
    }

    /** Before each test: a failover's restart may have rebuilt a node, and CREATE OR REPLACE is cheap. */
    private static void iamUsers(SimCluster cluster) throws SQLException {
        String account = "'" + USER + "'@'%'";
        for (SimNode node : cluster.nodes()) {
            String token = tokenFor(node);
            assertTrue(token.indexOf('\'') < 0 && token.indexOf('\\') < 0, "the token needs no SQL escaping");
            try (Connection c = cluster.adminConnection(node.id()); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin=0");
                st.execute("CREATE OR REPLACE USER " + account + " IDENTIFIED VIA mysql_native_password USING PASSWORD('" + token + "')");
                st.execute("GRANT ALL ON `" + cluster.database() + "`.* TO " + account);
                st.execute("GRANT SELECT ON mysql.* TO " + account);
                st.execute("GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO " + account);
            }
        }
    }

    @BeforeEach
    void start(SimCluster cluster) throws SQLException {
        cluster.healAll();
        iamUsers(cluster);
        runtime = new DriverRuntime("iam-test");
    }

    @AfterEach
    void stop() {
        runtime.close();
        assertTrue(driverThreads().stream().noneMatch(n -> n.contains(runtime.name())), "threads left: " + driverThreads());
    }

    /** failover,iam with no password; the runtime's iam plugin signs with static credentials and the fixed clock. */
    private AuroraSettings iamSettings(SimCluster cluster) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("user", USER);
        p.put("plugins", "failover,iam");
        p.put("iamRegion", REGION);
        p.put("sslMode", "DISABLED");
        p.put("clusterId", "iam-sim-" + cluster.dir().getFileName());
        p.put("connectTimeout", "2000");
        p.put("failoverTimeoutMs", "20000");
        AuroraSettings s = AuroraSettings.of(cluster.writer().host(), cluster.writer().port(), cluster.database(), p);
        IamAuthPlugin plugin = runtime.pipeline(s).find(IamAuthPlugin.class);
        assertNotNull(plugin, "iam is in the pipeline");
        plugin.useGenerator(new SdkTokenGenerator(STATIC_CREDENTIALS, fixedClock()));
        return s;
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @DisplayName("each node accepts only the token signed for its own host and port")
    void tokensAreBoundToTheNode(SimCluster cluster) throws SQLException {
        SimNode a = cluster.nodes().get(0);
        SimNode b = cluster.nodes().get(1);
        assertNotEquals(tokenFor(a), tokenFor(b));
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("sslMode", "DISABLED");
        props.setProperty("password", tokenFor(a));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(a), props)) {
            assertEquals(USER + "@%", currentUser(c));
        }
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(cluster.jdbcUrl(b), props).close());
        assertEquals(1045, refused.getErrorCode(), refused::toString);
    }

    @Test
    @DisplayName("the plugin logs in to every node with no password configured")
    void everyNodeThroughThePipeline(SimCluster cluster) throws SQLException {
        AuroraSettings s = iamSettings(cluster);
        assertEquals(null, s.password());
        for (SimNode node : cluster.nodes()) {
            ConnectRequest req = ConnectRequest.of(HostSpec.endpoint(node.host(), node.port()), ConnectRequest.Purpose.PROBE, s);
            try (Connection c = runtime.pipeline(s).connect(req)) {
                assertEquals(USER + "@%", currentUser(c));
                assertEquals(node.id(), serverId(c));
            }
        }
    }

    @Test
    @DisplayName("plugins=failover,iam: log in with a token, fail over, and the moved and new connections log in with tokens too")
    void failoverLogsInWithTokens(SimCluster cluster) throws SQLException {
        AuroraSettings s = iamSettings(cluster);
        try (AuroraConnection c = runtime.connect(s)) {
            assertEquals(USER + "@%", currentUser(c));
            assertEquals(cluster.writer().id(), serverId(c));

            FailoverResult f = cluster.failover();

            SQLException e = assertThrows(SQLException.class, () -> serverId(c));
            assertTrue(e instanceof FailoverSuccessSQLException, () -> "expected 08S02, got " + e);
            assertEquals(f.newWriterId(), serverId(c), "the same Connection, moved to the new writer");
            assertEquals(USER + "@%", currentUser(c), "its new physical connection logged in with the new writer's token");

            try (AuroraConnection fresh = runtime.connect(s)) {
                assertEquals(f.newWriterId(), serverId(fresh));
                assertEquals(USER + "@%", currentUser(fresh));
            }
        }
    }
}
