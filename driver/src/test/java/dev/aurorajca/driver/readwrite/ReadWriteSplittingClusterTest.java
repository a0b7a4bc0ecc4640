package dev.aurorajca.driver.readwrite;

import static dev.aurorajca.driver.ClusterTestSupport.count;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("read/write splitting and read-only connections on a writer and two readers")
@org.junit.jupiter.api.Tag("cluster")
class ReadWriteSplittingClusterTest {

    private DriverRuntime runtime;

    @BeforeEach
    void healthy(SimCluster cluster) {
        cluster.healAll();
        runtime = new DriverRuntime("rw");
    }

    @AfterEach
    void close(SimCluster cluster) {
        everyConnectionGaveBackItsCount(cluster);
        runtime.close();
    }

    private AuroraConnection connect(SimCluster cluster, String... kv) throws SQLException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return runtime.connect(settings(cluster, cluster.writer(), m));
    }

    @Test
    @DisplayName("readOnly=true connections never land on the writer while a reader is up")
    void readOnlyNeverOnWriter(SimCluster cluster) throws SQLException {
        for (int i = 0; i < 30; i++) {
            try (AuroraConnection c = connect(cluster, "readOnly", "true")) {
                assertNotEquals(cluster.writer().id(), serverId(c));
            }
        }
    }

    @Test
    @DisplayName("setReadOnly(true)/(false) switch to a reader and back, reusing both connections")
    void switchAndSwitchBack(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = connect(cluster, "plugins", "read_write_splitting,failover")) {
            long writerConn = count(c, "SELECT CONNECTION_ID()");
            assertEquals(cluster.writer().id(), serverId(c));
            java.sql.PreparedStatement onWriter = c.prepareStatement("SELECT @@server_id");
            assertTrue(!c.isReadOnly());
            c.setReadOnly(true);
            assertTrue(c.isReadOnly());
            assertEquals("HY010", assertThrows(SQLException.class, onWriter::executeQuery).getSQLState(),
                    "a writer statement must not run while the connection is on a reader");
            long reader = serverId(c);
            assertNotEquals(cluster.writer().id(), reader);
            long readerConn = count(c, "SELECT CONNECTION_ID()");
            c.setReadOnly(false);
            assertEquals(cluster.writer().id(), serverId(c));
            assertEquals(writerConn, count(c, "SELECT CONNECTION_ID()"), "the writer connection was kept");
            try (var rs = onWriter.executeQuery()) {
                assertTrue(rs.next(), "back on the same writer connection, its prepared statement works again");
                assertEquals(cluster.writer().id(), rs.getLong(1));
            }
            onWriter.close();
            c.setReadOnly(true);
            assertEquals(reader, serverId(c));
            assertEquals(readerConn, count(c, "SELECT CONNECTION_ID()"), "the reader connection was reused");
            assertTrue(c.isReadOnly());
        }
    }

    @Test
    @DisplayName("switching inside an open transaction is refused")
    void noSwitchInTransaction(SimCluster cluster) throws SQLException {
        try (Statement admin = cluster.adminConnection(cluster.writer().id()).createStatement()) {
            admin.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".rw (id INT PRIMARY KEY)");
        }
        try (AuroraConnection c = connect(cluster, "plugins", "read_write_splitting,failover")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO rw VALUES (" + System.nanoTime() % 1_000_000 + ")");
            }
            SQLException e = assertThrows(SQLException.class, () -> c.setReadOnly(true));
            assertEquals("25000", e.getSQLState());
            assertTrue(e.getMessage().contains("transaction is open"), e.getMessage());
            assertEquals(cluster.writer().id(), serverId(c));
            c.rollback();
            c.setReadOnly(true);
            assertNotEquals(cluster.writer().id(), serverId(c));
        }
    }

    @Test
    @DisplayName("random spreads 300 read-only connects over both readers (each 35-65 %)")
    void randomSpreads(SimCluster cluster) throws SQLException {
        Map<Long, Integer> hits = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            try (AuroraConnection c = connect(cluster, "readOnly", "true", "readerHostSelectorStrategy", "random")) {
                hits.merge(serverId(c), 1, Integer::sum);
            }
        }
        assertEquals(2, hits.size(), "both readers used: " + hits);
        for (int n : hits.values()) {
            assertTrue(n >= 105 && n <= 195, "uneven spread " + hits);
        }
    }

    @Test
    @DisplayName("round_robin alternates the two readers exactly, even when another configuration opened the cluster first")
    void roundRobinAlternates(SimCluster cluster) throws SQLException {
        try (AuroraConnection writerFirst = connect(cluster)) {
            serverId(writerFirst); // the cluster's shared state now exists, created with the default (random) strategy
        }
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (AuroraConnection c = connect(cluster, "readOnly", "true", "readerHostSelectorStrategy", "round_robin")) {
                order.add(serverId(c));
            }
        }
        for (int i = 2; i < order.size(); i++) {
            assertEquals(order.get(i - 2), order.get(i), "cycle " + order);
            assertNotEquals(order.get(i - 1), order.get(i), "cycle " + order);
        }
    }

    @Test
    @DisplayName("least_connections balances held connections and rebalances as they close")
    void leastConnectionsBalances(SimCluster cluster) throws SQLException {
        List<AuroraConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                held.add(connect(cluster, "readOnly", "true", "readerHostSelectorStrategy", "least_connections"));
            }
            Map<Long, List<AuroraConnection>> byReader = new HashMap<>();
            for (AuroraConnection c : held) {
                byReader.computeIfAbsent(serverId(c), k -> new ArrayList<>()).add(c);
            }
            assertEquals(2, byReader.size());
            byReader.values().forEach(l -> assertEquals(5, l.size(), "5 and 5"));
            long drained = byReader.keySet().iterator().next();
            for (AuroraConnection c : byReader.get(drained).subList(0, 4)) {
                c.close();
            }
            for (int i = 0; i < 4; i++) {
                AuroraConnection c = connect(cluster, "readOnly", "true", "readerHostSelectorStrategy", "least_connections");
                held.add(c);
                assertEquals(drained, serverId(c), "new connections go to the reader that lost connections");
            }
        } finally {
            for (AuroraConnection c : held) {
                c.close();
            }
        }
    }

    @Test
    @DisplayName("every reader down: read-only connections fall back to the writer")
    void fallbackToWriter(SimCluster cluster) throws SQLException {
        try (AuroraConnection first = connect(cluster, "readOnly", "true")) {
            serverId(first); // topology known
        }
        for (SimNode r : cluster.readers()) {
            cluster.kill(r.id());
        }
        try (AuroraConnection c = connect(cluster, "readOnly", "true")) {
            assertEquals(cluster.writer().id(), serverId(c));
        }
    }

    @Test
    @DisplayName("a reader killed mid-use: the next statement gets 08S02 and runs on another reader")
    void readerKilledMidUse(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = connect(cluster, "plugins", "read_write_splitting,failover")) {
            c.setReadOnly(true);
            long reader = serverId(c);
            cluster.kill((int) reader);
            assertEquals("08S02", assertThrows(SQLException.class, () -> serverId(c)).getSQLState());
            long now = serverId(c);
            assertNotEquals(reader, now);
            assertNotEquals(cluster.writer().id(), now);
            c.setReadOnly(false);
            assertEquals(cluster.writer().id(), serverId(c));
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
