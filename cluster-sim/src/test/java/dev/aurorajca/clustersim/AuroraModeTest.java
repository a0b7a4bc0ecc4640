package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Aurora mode as a plain Connector/J client sees it, through the instance and endpoint proxies'
 * literal addresses (the names are covered by {@link RdsNamesTest}).
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3, aurora = true, endpointLagMs = 3000)
@org.junit.jupiter.api.Tag("cluster")
class AuroraModeTest {

  /** The topology statement aurora-jca and the AWS JDBC wrapper 4.3.0 both send, unchanged. */
  static final String TOPOLOGY = "SELECT SERVER_ID, CASE WHEN SESSION_ID = 'MASTER_SESSION_ID' THEN TRUE ELSE FALSE END, "
      + "CPU, REPLICA_LAG_IN_MILLISECONDS, LAST_UPDATE_TIMESTAMP FROM information_schema.replica_host_status "
      + "WHERE time_to_sec(timediff(now(), LAST_UPDATE_TIMESTAMP)) <= 300 OR SESSION_ID = 'MASTER_SESSION_ID' ";

  private final SimCluster cluster;

  AuroraModeTest(SimCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void healthy() {
    cluster.healAll();
  }

  private Connection connect(String address) throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://" + address + ":" + cluster.endpointPort() + "/" + cluster.database()
        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=3000", cluster.user(), cluster.password());
  }

  private static String[] row(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "no row from " + sql);
      String[] out = new String[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getString(i + 1);
      }
      assertFalse(rs.next(), "more than one row from " + sql);
      return out;
    }
  }

  /** SERVER_ID → is writer, from the topology statement. */
  private static Map<String, Boolean> topology(Connection c) throws SQLException {
    Map<String, Boolean> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TOPOLOGY)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getBoolean(2));
        assertTrue(rs.getTimestamp(5).toInstant().isAfter(java.time.Instant.now().minusSeconds(300)));
      }
    }
    return out;
  }

  @Test
  @DisplayName("every instance shows aurora_version, its own @@aurora_server_id, @@innodb_read_only and replica_host_status")
  void everyInstanceShowsTheAuroraSurface() throws SQLException {
    for (SimNode n : cluster.nodes()) {
      try (Connection c = connect(n.address())) {
        String[] version = row(c, "SHOW VARIABLES LIKE 'aurora_version'");
        assertEquals("aurora_version", version[0]);
        assertEquals(AuroraRewriter.AURORA_VERSION, version[1]);
        String[] id = row(c, "SELECT @@aurora_server_id, @@innodb_read_only");
        assertEquals(n.instanceId(), id[0]);
        assertEquals(n.isWriter() ? "0" : "1", id[1], n.toString());
        assertEquals(Map.of("instance-1", true, "instance-2", false, "instance-3", false), topology(c));
        // The AWS wrapper's "am I the writer" statement: a row on the writer only.
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SERVER_ID FROM "
            + "information_schema.replica_host_status WHERE SESSION_ID = 'MASTER_SESSION_ID' AND SERVER_ID = @@aurora_server_id")) {
          assertEquals(n.isWriter(), rs.next(), n.toString());
        }
        if (!n.isWriter()) {
          try (Statement s = c.createStatement()) {
            SQLException e = TestUtil.assertThrowsSql(() -> s.executeUpdate("CREATE TABLE IF NOT EXISTS aurora_t (i INT)"));
            assertTrue(e.getErrorCode() == 1290 || e.getErrorCode() == 1836, e.getErrorCode() + " " + e.getMessage());
          }
        }
      }
    }
  }

  @Test
  @DisplayName("after a promotion the endpoints answer as before for the lag, then follow; replica_host_status at once")
  void endpointsLagAPromotion() throws SQLException {
    SimNode old = cluster.writer();
    FailoverResult r = cluster.failover();
    long promoted = System.nanoTime();
    String newId = cluster.node(r.newWriterId()).instanceId();
    try (Connection c = connect(cluster.node(r.newWriterId()).address())) {
      Map<String, Boolean> t = topology(c);
      assertEquals(Boolean.TRUE, t.get(newId), t.toString());
      assertEquals(Boolean.FALSE, t.get(old.instanceId()), t.toString());
      assertEquals("0", row(c, "SELECT @@innodb_read_only")[0]);
    }
    // During the lag: the cluster endpoint still goes to the old writer (down: refused) ...
    TestUtil.assertThrowsSql(() -> connect(SimCluster.RDS_CLUSTER_ADDRESS).close());
    // ... and, back as a reader, to it read-only.
    cluster.restart(old.id());
    assertTrue(System.nanoTime() - promoted < Duration.ofMillis(3000).toNanos(),
        "restart took longer than the lag; the test cannot see the lag");
    try (Connection c = connect(SimCluster.RDS_CLUSTER_ADDRESS)) {
      assertEquals(old.instanceId(), row(c, "SELECT @@aurora_server_id")[0]);
      assertEquals("1", row(c, "SELECT @@innodb_read_only")[0]);
    }
    // The reader endpoint still spreads over the old readers, the new writer among them.
    boolean sawNewWriter = false;
    for (int i = 0; i < 4; i++) {
      try (Connection c = connect(SimCluster.RDS_READER_ADDRESS)) {
        String id = row(c, "SELECT @@aurora_server_id")[0];
        assertNotEquals(old.instanceId(), id);
        sawNewWriter |= id.equals(newId);
      }
    }
    assertTrue(sawNewWriter, "the lagging reader endpoint never answered with the promoted instance");
    // After the lag both follow.
    TestUtil.await(Duration.ofSeconds(10), () -> {
      try (Connection c = connect(SimCluster.RDS_CLUSTER_ADDRESS)) {
        return newId.equals(row(c, "SELECT @@aurora_server_id")[0]);
      } catch (SQLException e) {
        return false;
      }
    });
    for (int i = 0; i < 4; i++) {
      try (Connection c = connect(SimCluster.RDS_READER_ADDRESS)) {
        assertNotEquals(newId, row(c, "SELECT @@aurora_server_id")[0]);
      }
    }
  }

  @Test
  @DisplayName("the statement rewrite leaves everything else byte for byte and follows Aurora's names only")
  void rewriteRules() {
    assertEquals("SELECT 1", AuroraRewriter.rewrite("SELECT 1", "instance-2"));
    assertEquals("SELECT 'instance-2', @@global.read_only",
        AuroraRewriter.rewrite("SELECT @@aurora_server_id, @@innodb_read_only", "instance-2"));
    assertEquals("select 'instance-2' from mysql.replica_host_status",
        AuroraRewriter.rewrite("select @@GLOBAL.Aurora_Server_Id from INFORMATION_SCHEMA.replica_host_status", "instance-2"));
    assertEquals("SELECT 'aurora_version' AS Variable_name, '" + AuroraRewriter.AURORA_VERSION + "' AS Value",
        AuroraRewriter.rewrite("show variables like 'aurora_version'", "instance-1"));
    // Aurora's report_host is empty: the AWS wrapper does not take a blue/green deployment for Multi-AZ
    assertEquals("SELECT 'report_host' AS Variable_name, '' AS Value",
        AuroraRewriter.rewrite("SHOW VARIABLES LIKE 'report_host'", "instance-1"));
    // blue/green: the role from replica_host_status, not from read_only
    assertEquals("SELECT (SELECT IF(COUNT(*) > 0, 0, 1) FROM mysql.aurora_sim_instance WHERE SERVER_ID = 'instance-1-old1' "
            + "AND SESSION_ID = 'MASTER_SESSION_ID')",
        AuroraRewriter.rewrite("SELECT @@innodb_read_only", "instance-1-old1", true));
  }
}
