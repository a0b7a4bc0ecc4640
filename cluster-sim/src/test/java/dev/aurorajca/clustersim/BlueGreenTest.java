package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimBlueGreen.Phase;
import dev.aurorajca.clustersim.SimBlueGreen.PhaseChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One blue/green deployment (2 + 2 nodes) for the whole class, in order: the AVAILABLE metadata
 * and replication, a failover of blue, a rollback, then a switchover (which the deployment cannot undo).
 */
@Tag("cluster")
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 2, aurora = true, blueGreen = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenTest {

  /** What the AWS JDBC wrapper 4.3.0 reads (as SELECT *) and aurora-jca's bg plugin reads. */
  static final String STATUS_QUERY = "SELECT version, endpoint, port, role, status FROM mysql.rds_topology ORDER BY id";
  private static final String TAIL = ".czsimclusterx.us-east-1.rds.amazonaws.com";

  private final SimBlueGreen bg;
  private final SimCluster blue;
  private final SimCluster green;

  BlueGreenTest(SimBlueGreen bg, SimCluster blue) {
    this.bg = bg;
    this.blue = blue;
    this.green = bg.green();
  }

  /** The application user through a node's instance proxy (the Aurora rewrite applies), by address. */
  private Connection app(SimCluster c, SimNode n) throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://" + n.address() + ":" + c.endpointPort() + "/" + c.database()
        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000", c.user(), c.password());
  }

  private static List<String> rows(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(STATUS_QUERY)) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4) + " " + rs.getString(5));
      }
    }
    return out;
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "no row from " + sql);
      return rs.getString(rs.getMetaData().getColumnCount());
    }
  }

  /** The rows every instance of both clusters shows, read as root; asserts they are the same everywhere. */
  private List<String> rowsEverywhere() throws SQLException {
    List<String> first = null;
    for (SimCluster c : List.of(blue, green)) {
      for (SimNode n : c.nodes()) {
        try (Connection conn = DriverManager.getConnection(c.rootJdbcUrl(n))) {
          List<String> r = rows(conn);
          if (first == null) {
            first = r;
          }
          assertEquals(first, r, "rows on " + n);
        }
      }
    }
    return first;
  }

  private List<String> expectedRows(String status, String blueName, String blueSuffix, String greenName, String greenSuffix) {
    int port = blue.endpointPort();
    List<String> out = new ArrayList<>();
    out.add("1.0 " + blueName + ".cluster-czsimclusterx.us-east-1.rds.amazonaws.com " + port + " BLUE_GREEN_DEPLOYMENT_SOURCE " + status);
    for (int i = 1; i <= 2; i++) {
      out.add("1.0 instance-" + i + blueSuffix + TAIL + " " + port + " BLUE_GREEN_DEPLOYMENT_SOURCE " + status);
    }
    out.add("1.0 " + greenName + ".cluster-czsimclusterx.us-east-1.rds.amazonaws.com " + port + " BLUE_GREEN_DEPLOYMENT_TARGET " + status);
    for (int i = 1; i <= 2; i++) {
      out.add("1.0 instance-" + i + greenSuffix + TAIL + " " + port + " BLUE_GREEN_DEPLOYMENT_TARGET " + status);
    }
    return out;
  }

  private static void insert(Connection c, int id) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bg (id INT PRIMARY KEY)");
      s.execute("INSERT INTO bg VALUES (" + id + ")");
    }
  }

  /** Waits until node {@code n} of {@code c} has row {@code id} of table bg. */
  private void awaitRow(SimCluster c, SimNode n, int id) {
    TestUtil.await(Duration.ofSeconds(30), () -> {
      try (Connection conn = DriverManager.getConnection(c.rootJdbcUrl(n));
           Statement s = conn.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bg WHERE id = " + id)) {
        return rs.next() && rs.getInt(1) == 1;
      } catch (SQLException e) {
        return false;
      }
    });
  }

  private static int errorCode(SqlAction action) {
    return TestUtil.assertThrowsSql(action::run).getErrorCode();
  }

  interface SqlAction {
    void run() throws SQLException;
  }

  @Test
  @Order(1)
  @DisplayName("AVAILABLE: blue/green rows on every instance of both clusters, also through the Aurora proxies; green is read-only and replicates blue")
  void createdDeployment() throws SQLException {
    assertEquals(Phase.CREATED, bg.phase());
    assertEquals(expectedRows("AVAILABLE", "sim", "", "sim-green-bgsim1", "-green-bgsim1"), rowsEverywhere());
    for (SimCluster c : List.of(blue, green)) {
      for (SimNode n : c.nodes()) {
        try (Connection conn = app(c, n)) {
          assertEquals(6, rows(conn).size(), "rows through the proxy of " + n);
          assertEquals("", one(conn, "SHOW VARIABLES LIKE 'report_host'")); // not taken for Multi-AZ
          assertEquals("3.08.0", one(conn, "SHOW VARIABLES LIKE 'aurora_version'"));
          // green's writer is its cluster's writer although read_only=1
          assertEquals(n.isWriter() ? "0" : "1", one(conn, "SELECT @@innodb_read_only"), n.toString());
          assertEquals(n.instanceId(), one(conn, "SELECT @@aurora_server_id"));
        }
      }
    }
    assertEquals("instance-1-green-bgsim1", green.writer().instanceId());
    try (Connection conn = app(green, green.writer())) {
      assertEquals(1290, errorCode(() -> insert(conn, 0)), "green is read-only");
    }
    try (Connection conn = app(blue, blue.writer())) {
      insert(conn, 1);
    }
    for (SimNode n : green.nodes()) {
      awaitRow(green, n, 1);
    }
    String json = Cli.status(blue);
    assertTrue(json.contains("\"blueGreen\":{\"phase\":\"CREATED\",\"status\":\"AVAILABLE\""), json);
    assertTrue(json.contains("\"green\":{\"nodes\":[{\"id\":1,\"host\":\"instance-1-green-bgsim1" + TAIL + "\""), json);
    assertTrue(json.contains("\"blue\":{\"nodes\":[{\"id\":1,\"host\":\"instance-1" + TAIL + "\""), json);
    assertEquals(Optional.of("127.0.1.11"), bg.resolve("instance-1-green-bgsim1" + TAIL));
    assertEquals(Optional.of("127.0.0.11"), bg.resolve("instance-1" + TAIL));
  }

  @Test
  @Order(2)
  @DisplayName("a failover of blue before the switchover: green replicates from blue's new writer")
  void greenFollowsBlueFailover() throws SQLException {
    FailoverResult f = blue.failover();
    try (Connection conn = app(blue, blue.writer())) {
      insert(conn, 10);
    }
    awaitRow(green, green.writer(), 10);
    blue.restart(f.oldWriterId()); // back as a replica of the new writer
    assertEquals(2, blue.readers().size() + 1);
    try (Connection conn = app(green, green.writer())) {
      assertEquals(1290, errorCode(() -> insert(conn, 11)), "green stays read-only");
    }
  }

  @Test
  @Order(3)
  @DisplayName("rollback: INITIATED, IN_PROGRESS (blue read-only), back to AVAILABLE on blue; nothing renamed, green still replicates")
  void rollback() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    SimBlueGreen.Result r;
    try (SimBlueGreen.Subscription s = bg.onPhase(p -> {
      try (Connection root = DriverManager.getConnection(blue.rootJdbcUrl(blue.writer()))) {
        seen.add(p.phase() + " " + rowsEverywhere().get(0).split(" ")[4] + " blueReadOnly=" + one(root, "SELECT @@read_only"));
      } catch (SQLException | AssertionError e) {
        seen.add(p.phase() + " " + e);
      }
    })) {
      r = bg.switchover(SimBlueGreen.options().phaseMs(100).rollback(true));
    }
    assertTrue(r.rolledBack());
    assertEquals(List.of(
        "PREPARATION SWITCHOVER_INITIATED blueReadOnly=0",
        "IN_PROGRESS SWITCHOVER_IN_PROGRESS blueReadOnly=1",
        "CREATED AVAILABLE blueReadOnly=0"), seen);
    assertTrue(r.phases().get(2).rollback());
    assertEquals(Phase.CREATED, bg.phase());
    assertFalse(bg.isSwitchedOver());
    assertEquals(expectedRows("AVAILABLE", "sim", "", "sim-green-bgsim1", "-green-bgsim1"), rowsEverywhere());
    try (Connection conn = app(blue, blue.writer())) {
      insert(conn, 2); // blue takes writes again
    }
    awaitRow(green, green.writer(), 2);
    assertEquals(Optional.of("127.0.0.11"), bg.resolve("instance-1" + TAIL));
  }

  @Test
  @Order(4)
  @DisplayName("switchover: phases and rows in order on both clusters, blue read-only, renames, names move after the DNS lag, status JSON")
  void switchover() throws Exception {
    long lagMs = 1500;
    List<String> checks = Collections.synchronizedList(new ArrayList<>());
    SimBlueGreen.Subscription subscription = bg.onPhase(p -> {
      try {
        if (p.phase() == Phase.IN_PROGRESS) {
          try (Connection conn = app(blue, blue.writer())) {
            checks.add("blue write in IN_PROGRESS: " + errorCode(() -> insert(conn, 99)));
          }
        } else if (p.phase() == Phase.POST) {
          // renamed, but the DNS still answers as before
          checks.add("POST: green writer is " + green.writer().instanceId() + ", blue writer is instance-" + blue.writer().id()
              + (blue.writer().instanceId().equals("instance-" + blue.writer().id() + "-old1") ? "-old1" : "?")
              + ", instance-1 resolves to " + bg.resolve("instance-1" + TAIL).orElse("nothing")
              + ", instance-1-old1 to " + bg.resolve("instance-1-old1" + TAIL).orElse("nothing")
              + ", green name to " + bg.resolve("instance-1-green-bgsim1" + TAIL).orElse("nothing"));
          try (Connection conn = app(green, green.writer())) {
            checks.add("POST: green server id " + one(conn, "SELECT @@aurora_server_id"));
            insert(conn, 3); // green takes writes
          }
        }
      } catch (SQLException e) {
        checks.add(p.phase() + " " + e);
      }
    });
    CompletableFuture<SimBlueGreen.Result> done = bg.switchoverAsync(SimBlueGreen.options().phaseMs(200).dnsLagMs(lagMs));
    assertTrue(bg.awaitPhase(Phase.COMPLETED, Duration.ofSeconds(60)), "no COMPLETED; phase " + bg.phase());
    SimBlueGreen.Result r = done.get(30, TimeUnit.SECONDS);
    subscription.close();
    assertFalse(r.rolledBack());
    List<Phase> phases = new ArrayList<>();
    for (PhaseChange c : r.phases()) {
      phases.add(c.phase());
    }
    assertEquals(List.of(Phase.PREPARATION, Phase.IN_PROGRESS, Phase.POST, Phase.COMPLETED), phases);
    assertEquals(List.of(
        "blue write in IN_PROGRESS: 1290",
        "POST: green writer is instance-1, blue writer is instance-2-old1, instance-1 resolves to 127.0.0.11, "
            + "instance-1-old1 to 127.0.0.11, green name to 127.0.1.11",
        "POST: green server id instance-1"), checks);
    Duration dnsAfterPost = Duration.between(r.phases().get(2).at(), r.dnsMovedAt());
    assertTrue(dnsAfterPost.toMillis() >= lagMs, "names moved " + dnsAfterPost + " after POST");

    // Completed: production names on green, -old1 on blue, green's old names gone.
    assertTrue(bg.isSwitchedOver());
    assertEquals(expectedRows("SWITCHOVER_COMPLETED", "sim-old1", "-old1", "sim", ""), rowsEverywhere());
    Map<String, String> expectedDns = new TreeMap<>();
    for (int i = 1; i <= 2; i++) {
      expectedDns.put("instance-" + i + TAIL, "127.0.1." + (10 + i));
      expectedDns.put("instance-" + i + "-old1" + TAIL, "127.0.0." + (10 + i));
    }
    expectedDns.put("sim.cluster-czsimclusterx.us-east-1.rds.amazonaws.com", "127.0.1.2");
    expectedDns.put("sim.cluster-ro-czsimclusterx.us-east-1.rds.amazonaws.com", "127.0.1.3");
    expectedDns.put("sim-old1.cluster-czsimclusterx.us-east-1.rds.amazonaws.com", "127.0.0.2");
    expectedDns.put("sim-old1.cluster-ro-czsimclusterx.us-east-1.rds.amazonaws.com", "127.0.0.3");
    assertEquals(expectedDns, new TreeMap<>(bg.blue().hosts().entries()));
    assertEquals("instance-1", green.writer().instanceId());
    assertEquals("sim.cluster-czsimclusterx.us-east-1.rds.amazonaws.com", green.clusterEndpoint().orElseThrow());
    assertEquals("sim-old1.cluster-ro-czsimclusterx.us-east-1.rds.amazonaws.com", blue.readerEndpoint().orElseThrow());

    // Data: what blue had before the switch is on green; green writes; the old blue stays read-only.
    try (Connection conn = app(green, green.writer())) {
      assertEquals("3", one(conn, "SELECT COUNT(*) FROM bg WHERE id IN (1, 2, 3)"));
      insert(conn, 4);
      assertEquals("0", one(conn, "SELECT @@innodb_read_only"));
    }
    awaitRow(green, green.readers().get(0), 4);
    try (Connection conn = app(blue, blue.writer())) {
      assertEquals(1290, errorCode(() -> insert(conn, 5)));
      assertEquals("0", one(conn, "SELECT @@innodb_read_only")); // still its cluster's writer
      assertEquals("instance-" + blue.writer().id() + "-old1", one(conn, "SELECT @@aurora_server_id"));
    }

    // A JVM resolving through the hosts file reaches green by blue's old names, the old blue by -old1.
    int port = blue.endpointPort();
    ChildJvm.Result probe = ChildJvm.run(List.of("-Djdk.net.hosts.file=" + bg.hostsFile()), HostsFileProbe.class,
        blue.database(), blue.user(), blue.password(), "instance-1" + TAIL + ":" + port,
        "sim.cluster-czsimclusterx.us-east-1.rds.amazonaws.com:" + port, "instance-2-old1" + TAIL + ":" + port);
    assertEquals(0, probe.exit(), probe.output());
    assertEquals(List.of("instance-1" + TAIL + "=101,0", "sim.cluster-czsimclusterx.us-east-1.rds.amazonaws.com=101,0",
        "instance-2-old1" + TAIL + "=2,1"), probe.output().lines().toList());

    String json = Cli.status(blue);
    assertTrue(json.contains("\"blueGreen\":{\"phase\":\"COMPLETED\",\"status\":\"SWITCHOVER_COMPLETED\""), json);
    assertTrue(json.contains("\"switchedOver\":true"), json);
    assertTrue(json.contains("\"green\":{\"nodes\":[{\"id\":1,\"host\":\"instance-1" + TAIL + "\""), json);
    assertTrue(json.contains("\"clusterEndpoint\":{\"host\":\"sim-old1.cluster-"), json);
  }
}
