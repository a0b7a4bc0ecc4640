package dev.aurorajca.clustersim;

import static dev.aurorajca.clustersim.ReplicationAndFailoverTest.app;
import static dev.aurorajca.clustersim.ReplicationAndFailoverTest.queryInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimClusterExtension.class)
@DisplayName("faults: hang, cut, blackhole, latency, kill")
@org.junit.jupiter.api.Tag("cluster")
class FaultInjectionTest {

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-test-client");
    t.setDaemon(true);
    return t;
  });

  private final SimCluster cluster;

  FaultInjectionTest(SimCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void healthy() {
    cluster.healAll();
  }

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @Test
  @DisplayName("hang blocks a query; resume lets it finish")
  void hangAndResume() throws Exception {
    SimNode reader = cluster.readers().get(0);
    try (Connection c = app(cluster, reader, "&socketTimeout=30000"); Statement s = c.createStatement()) {
      cluster.hang(reader.id());
      assertTrue(reader.isHung());
      CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> queryInt(s, "SELECT @@server_id"), POOL);
      // A hung server answers nothing: the query is still waiting after half a second.
      assertThrows(TimeoutException.class, () -> query.get(500, TimeUnit.MILLISECONDS));
      cluster.resume(reader.id());
      assertEquals(reader.id(), query.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  @DisplayName("cut resets open connections (08S01); new connections still work")
  void cutGives08S01() throws Exception {
    SimNode writer = cluster.writer();
    try (Connection c = app(cluster, writer, ""); Statement s = c.createStatement()) {
      assertEquals(writer.id(), queryInt(s, "SELECT @@server_id"));
      cluster.cut(writer.id());
      SQLException e = TestUtil.assertThrowsSql(() -> s.executeQuery("SELECT 1").close());
      assertEquals("08S01", e.getSQLState(), e.toString());
    }
    try (Connection c = app(cluster, writer, ""); Statement s = c.createStatement()) {
      assertEquals(writer.id(), queryInt(s, "SELECT @@server_id"));
    }
  }

  @Test
  @DisplayName("blackhole makes a query wait until its socket timeout; heal restores new connections")
  void blackholeWaitsForSocketTimeout() throws Exception {
    SimNode reader = cluster.readers().get(0);
    try (Connection c = app(cluster, reader, "&socketTimeout=1500"); Statement s = c.createStatement()) {
      assertEquals(reader.id(), queryInt(s, "SELECT @@server_id"));
      cluster.blackhole(reader.id());
      long t0 = System.nanoTime();
      SQLException e = TestUtil.assertThrowsSql(() -> s.executeQuery("SELECT 1").close());
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals("08S01", e.getSQLState(), e.toString());
      assertTrue(waited >= 1400 && waited < 5000, "waited " + waited + " ms");
    }
    // a new connection is accepted but never greeted: it times out too
    SQLException e = TestUtil.assertThrowsSql(() -> app(cluster, reader, "&connectTimeout=1000&socketTimeout=1000").close());
    assertEquals("08S01", e.getSQLState(), e.toString());
    cluster.heal(reader.id());
    try (Connection c = app(cluster, reader, ""); Statement s = c.createStatement()) {
      assertEquals(reader.id(), queryInt(s, "SELECT @@server_id"));
    }
  }

  @Test
  @DisplayName("inside a black hole even a server crash is invisible: the client waits for its timeout")
  void blackholeHidesACrash() throws Exception {
    SimNode reader = cluster.readers().get(0);
    try (Connection c = app(cluster, reader, "&socketTimeout=1000"); Statement s = c.createStatement()) {
      cluster.blackhole(reader.id());
      cluster.kill(reader.id());
      long t0 = System.nanoTime();
      SQLException e = TestUtil.assertThrowsSql(() -> s.executeQuery("SELECT 1").close());
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(waited >= 900, "no reset seen, the read timed out: " + waited + " ms, " + e);
    }
  }

  @Test
  @DisplayName("latency delays every round trip; heal removes it")
  void latencyDelaysRoundTrips() throws Exception {
    SimNode reader = cluster.readers().get(0);
    try (Connection c = app(cluster, reader, ""); Statement s = c.createStatement()) {
      cluster.latency(reader.id(), 150);
      long t0 = System.nanoTime();
      queryInt(s, "SELECT 1");
      long slow = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(slow >= 300, "a round trip crosses the proxy twice: " + slow + " ms");
      cluster.heal(reader.id());
      t0 = System.nanoTime();
      queryInt(s, "SELECT 1");
      long fast = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(fast < 100, fast + " ms after heal");
    }
  }

  @Test
  @DisplayName("kill closes proxied connections at once; restart brings the node back as a caught-up replica")
  void killThenRestart() throws Exception {
    SimNode reader = cluster.readers().get(1);
    try (Connection c = app(cluster, reader, "&socketTimeout=30000"); Statement s = c.createStatement()) {
      assertEquals(reader.id(), queryInt(s, "SELECT @@server_id"));
      cluster.kill(reader.id());
      assertFalse(reader.isRunning());
      assertFalse(cluster.readers().contains(reader));
      long t0 = System.nanoTime();
      SQLException e = TestUtil.assertThrowsSql(() -> s.executeQuery("SELECT 1").close());
      assertEquals("08S01", e.getSQLState());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the break is seen at once");
    }
    // a dead backend: the proxy closes new clients at once instead of leaving them hanging
    long t0 = System.nanoTime();
    SQLException refused = TestUtil.assertThrowsSql(() -> app(cluster, reader, "&socketTimeout=30000").close());
    assertEquals("08S01", refused.getSQLState());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));

    try (Connection w = app(cluster, cluster.writer(), ""); Statement s = w.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS while_down (id INT PRIMARY KEY)");
      s.execute("REPLACE INTO while_down VALUES (7)");
    }
    cluster.restart(reader.id());
    assertTrue(reader.isRunning());
    try (Connection c = app(cluster, reader, ""); Statement s = c.createStatement()) {
      assertEquals(1, queryInt(s, "SELECT COUNT(*) FROM while_down WHERE id = 7"));
      assertEquals(1, queryInt(s, "SELECT @@read_only"));
    }
  }

  @Test
  @DisplayName("restart rebuilds a replica whose data diverged from the writer's")
  void divergedReplicaIsRebuilt() throws Exception {
    SimNode reader = cluster.readers().get(0);
    try (Connection w = app(cluster, cluster.writer(), ""); Statement s = w.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS diverge (id INT PRIMARY KEY)");
    }
    try (Connection c = cluster.adminConnection(reader.id()); Statement s = c.createStatement()) {
      TestUtil.await(Duration.ofSeconds(5), () -> queryInt(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name='diverge'") == 1);
      // root ignores read_only: this writes a GTID the writer never had
      s.execute("INSERT INTO diverge VALUES (-99)");
    }
    try (Connection w = app(cluster, cluster.writer(), ""); Statement s = w.createStatement()) {
      s.execute("INSERT INTO diverge VALUES (1)");
    }
    cluster.restart(reader.id());
    try (Connection c = cluster.adminConnection(reader.id()); Statement s = c.createStatement()) {
      assertEquals(0, queryInt(s, "SELECT COUNT(*) FROM diverge WHERE id = -99"), "rebuilt from the writer");
      assertEquals(1, queryInt(s, "SELECT COUNT(*) FROM diverge WHERE id = 1"));
      assertEquals(1, queryInt(s, "SELECT @@read_only"));
      // the replay ran without a flush per transaction; a node that may be promoted is durable again
      assertEquals(1, queryInt(s, "SELECT @@innodb_flush_log_at_trx_commit"));
      assertEquals(1, queryInt(s, "SELECT @@sync_binlog"));
    }
  }

  @Test
  @DisplayName("the proxy carries a few hundred concurrent connections")
  void manyConnections() throws Exception {
    SimNode writer = cluster.writer();
    Connection[] open = new Connection[200];
    try {
      for (int i = 0; i < open.length; i++) {
        open[i] = app(cluster, writer, "");
      }
      for (Connection c : open) {
        try (Statement s = c.createStatement()) {
          assertEquals(writer.id(), queryInt(s, "SELECT @@server_id"));
        }
      }
    } finally {
      for (Connection c : open) {
        if (c != null) {
          c.close();
        }
      }
    }
    TestUtil.await(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("cluster-sim-proxy-")).count() == cluster.nodes().size());
  }
}
