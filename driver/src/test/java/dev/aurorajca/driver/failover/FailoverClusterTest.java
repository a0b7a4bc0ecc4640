package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.await;
import static dev.aurorajca.driver.ClusterTestSupport.count;
import static dev.aurorajca.driver.ClusterTestSupport.driverThreads;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.AuroraDriver;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverFailedSQLException;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import dev.aurorajca.driver.config.DialectCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("failover against a real 3-node cluster")
@org.junit.jupiter.api.Tag("cluster")
class FailoverClusterTest {

    private DriverRuntime runtime;

    @BeforeAll
    static void schema(SimCluster cluster) throws SQLException {
        try (Connection c = cluster.adminConnection(cluster.writer().id()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".t (id INT PRIMARY KEY, v VARCHAR(20))");
        }
    }

    @BeforeEach
    void healthy(SimCluster cluster) {
        cluster.healAll();
        runtime = new DriverRuntime("test");
    }

    @AfterEach
    void closeRuntime(SimCluster cluster) {
        everyConnectionGaveBackItsCount(cluster);
        runtime.close();
        assertTrue(driverThreads().stream().noneMatch(n -> n.contains(runtime.name())), "threads left: " + driverThreads());
    }

    private AuroraConnection writerConnection(SimCluster cluster, Map<String, String> extra) throws SQLException {
        return runtime.connect(settings(cluster, cluster.writer(), extra));
    }

    /** The dialect the driver must detect on this class's cluster (the Aurora subclass overrides it). */
    DialectCode expectedDialect() {
        return DialectCode.RDS_MULTI_AZ_MYSQL;
    }

    @Test
    @DisplayName("the dialect is detected from the server, and the topology lists every instance with the right writer")
    void dialectDetected(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of())) {
            serverId(c);
            var context = runtime.cluster(settings(cluster, cluster.writer(), Map.of()));
            assertEquals(expectedDialect(), context.dialect().code());
            var topology = context.topology();
            assertEquals(cluster.nodes().size(), topology.hosts().size(), topology.toString());
            assertEquals(cluster.writer().host(), topology.writer().host());
        }
    }

    @Test
    @DisplayName("idle connection + writer crash: 08S02, then the same Connection works on the new writer with its session state")
    void idleConnectionMovesToNewWriter(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of())) {
            assertEquals(cluster.writer().id(), serverId(c));
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setCatalog("mysql");
            c.setAutoCommit(false);
            c.commit();

            FailoverResult f = cluster.failover();

            SQLException e = assertThrows(SQLException.class, () -> serverId(c));
            assertEquals("08S02", e.getSQLState(), () -> "expected 08S02, got " + e);
            assertTrue(e instanceof FailoverSuccessSQLException);
            assertEquals(f.newWriterId(), serverId(c), "same Connection, now on the new writer");
            assertFalse(c.getAutoCommit());
            assertEquals(0, count(c, "SELECT @@autocommit"), "autocommit off on the server too");
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertEquals("mysql", c.getCatalog());
            assertEquals("mysql", stringQuery(c, "SELECT DATABASE()"));
            assertTrue(c.isUsable());
        }
    }

    @Test
    @DisplayName("crash inside an open transaction: 08007 and none of its rows exist on the new writer")
    void crashInTransaction(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM t WHERE id BETWEEN 1000 AND 1999");
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO t VALUES (1001, 'a')");
                st.executeUpdate("INSERT INTO t VALUES (1002, 'b')");
            }
            assertTrue(c.isInTransaction());
            FailoverResult f = cluster.failover();

            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO t VALUES (1003, 'c')");
                }
            });
            assertEquals("08007", e.getSQLState(), () -> "expected 08007, got " + e);
            assertTrue(e instanceof TransactionStateUnknownSQLException);
            assertEquals(f.newWriterId(), serverId(c));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM t WHERE id BETWEEN 1000 AND 1999"));
            c.rollback();
        }
    }

    @Test
    @DisplayName("a statement prepared before the failover fails clearly after it; a new one works")
    void stalePreparedStatement(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of())) {
            PreparedStatement ps = c.prepareStatement("SELECT @@server_id");
            ps.executeQuery().close();
            cluster.failover();
            assertThrows(FailoverSuccessSQLException.class, () -> serverId(c));
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("HY010", e.getSQLState());
            assertTrue(e.getMessage().contains("failed over"), e.getMessage());
            assertTrue(ps.isClosed());
            ps.close();
            try (PreparedStatement again = c.prepareStatement("SELECT 1")) {
                again.executeQuery().close();
            }
        }
    }

    @Test
    @DisplayName("reader-mode connection whose reader dies moves to another reader")
    void readerDiesMovesToAnotherReader(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of("readOnly", "true"))) {
            long reader = serverId(c);
            assertNotEquals(cluster.writer().id(), reader, "readOnly=true must land on a reader");
            cluster.kill((int) reader);
            SQLException e = assertThrows(SQLException.class, () -> serverId(c));
            assertEquals("08S02", e.getSQLState(), () -> "got " + e);
            long now = serverId(c);
            assertNotEquals(reader, now);
            assertNotEquals(cluster.writer().id(), now, "another reader is up, so it must be used");
        }
    }

    @Test
    @DisplayName("after a failover, a read-only connection left on the promoted reader is reported invalid; one on a reader stays valid")
    void readOnlyConnectionOnPromotedReaderIsInvalid(SimCluster cluster) throws SQLException {
        try (AuroraConnection w = writerConnection(cluster, Map.of());
             AuroraConnection r1 = writerConnection(cluster, Map.of("readOnly", "true", "readerHostSelectorStrategy", "round_robin"));
             AuroraConnection r2 = writerConnection(cluster, Map.of("readOnly", "true", "readerHostSelectorStrategy", "round_robin"))) {
            assertNotEquals(serverId(r1), serverId(r2), "one read-only connection on each reader");
            FailoverResult f = cluster.failover();
            assertThrows(FailoverSuccessSQLException.class, () -> serverId(w)); // the driver learns the new writer
            AuroraConnection onPromoted = serverId(r1) == f.newWriterId() ? r1 : r2;
            AuroraConnection onReader = onPromoted == r1 ? r2 : r1;
            assertFalse(onPromoted.validate(2), "read-only connection now on the writer while a reader is up");
            assertTrue(onReader.validate(2));
        }
    }

    @Test
    @DisplayName("no writer appears: 08001 within failoverTimeoutMs plus a small margin")
    void noWriterFailsWithinTimeout(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster, Map.of("failoverTimeoutMs", "2000"))) {
            serverId(c);
            cluster.kill(cluster.writer().id());
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> serverId(c));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals("08001", e.getSQLState(), () -> "got " + e);
            assertTrue(e instanceof FailoverFailedSQLException);
            assertTrue(ms >= 1900 && ms < 3500, "took " + ms + " ms; expected 2000 ms + margin");
            assertFalse(c.isUsable());
            assertEquals("08003", assertThrows(SQLException.class, () -> serverId(c)).getSQLState());
        }
    }

    @Test
    @DisplayName("close() returns at once while another thread's failover waits for a writer")
    void closeDuringFailoverReturnsAtOnce(SimCluster cluster) throws Exception {
        AuroraConnection c = writerConnection(cluster, Map.of("failoverTimeoutMs", "3000"));
        serverId(c);
        SimNode writer = cluster.writer();
        cluster.kill(writer.id()); // and no promotion: failover keeps looking
        var failing = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                serverId(c);
                return "no error";
            } catch (SQLException e) {
                return e.getSQLState();
            }
        });
        String hp = writer.host() + ":" + writer.port();
        await("the failover gave up the dead writer's connection", Duration.ofSeconds(5), () -> runtime.openConnectionCount(hp) == 0);
        long start = System.nanoTime();
        c.close();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 1000, "close() took " + ms + " ms during a failover");
        assertTrue(c.isClosed());
        String state = failing.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(state.startsWith("08"), "the failing call ends with a connection error, got " + state);
    }

    @Test
    @DisplayName("a new connection through an instance that became a reader lands on the writer")
    void connectThroughReaderGoesToWriter(SimCluster cluster) throws SQLException {
        SimNode reader = cluster.readers().get(0);
        try (AuroraConnection c = runtime.connect(settings(cluster, reader, Map.of()))) {
            assertEquals(cluster.writer().id(), serverId(c));
        }
    }

    @Test
    @DisplayName("enableConnectFailover: the URL's instance is down but the topology is known, so a new connection goes to the writer")
    void connectFailoverThroughKnownTopology(SimCluster cluster) throws SQLException {
        SimNode reader = cluster.readers().get(0);
        try (AuroraConnection first = runtime.connect(settings(cluster, reader, Map.of()))) {
            serverId(first); // the runtime now knows the cluster's topology
        }
        cluster.kill(reader.id());
        try (AuroraConnection c = runtime.connect(settings(cluster, reader, Map.of()))) {
            assertEquals(cluster.writer().id(), serverId(c));
        }
        SQLException e = assertThrows(SQLException.class,
                () -> runtime.connect(settings(cluster, reader, Map.of("enableConnectFailover", "false"))));
        assertTrue(e.getSQLState().startsWith("08"), "without connect failover the dead URL host fails the connect: " + e);
    }

    @Test
    @DisplayName("the java.sql.Driver entry point works and releaseResources() leaves no aurora-jca thread")
    void driverManagerAndReleaseResources(SimCluster cluster) throws SQLException {
        SimNode w = cluster.writer();
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        String url = "jdbc:aurora:mysql://" + w.host() + ":" + w.port() + "/" + cluster.database() + "?plugins=failover&clusterId=dm";
        try (Connection c = DriverManager.getConnection(url, p)) {
            assertEquals(w.id(), serverId(c));
            assertTrue(c.unwrap(AuroraConnection.class).isUsable());
        }
        assertFalse(driverThreads().isEmpty(), "the topology monitor runs while the default runtime is open");
        AuroraDriver.releaseResources();
        await("no aurora-jca thread", Duration.ofSeconds(5), () -> driverThreads().stream().noneMatch(n -> n.contains("default")));
        AuroraDriver.releaseResources(); // idempotent
    }

    private static String stringQuery(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every test closes what it opens, so least_connections' per-host counts must all be back at 0. */
    private void everyConnectionGaveBackItsCount(SimCluster cluster) {
        for (SimNode n : cluster.nodes()) {
            String hp = n.host() + ":" + n.port();
            org.junit.jupiter.api.Assertions.assertEquals(0, runtime.openConnectionCount(hp), "open-connection count of " + hp);
        }
    }
}
