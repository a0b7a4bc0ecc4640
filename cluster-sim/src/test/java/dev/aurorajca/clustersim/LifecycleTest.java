package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("start, close and the CLI leave no process behind")
@org.junit.jupiter.api.Tag("cluster")
class LifecycleTest {

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  @DisplayName("close() stops every mariadbd by PID, including a hung one, and is idempotent")
  void closeStopsEverything() throws Exception {
    long t0 = System.nanoTime();
    SimCluster cluster = SimCluster.start();
    System.out.printf("[measure] SimCluster.start() with 3 nodes: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    List<Long> pids = new ArrayList<>();
    cluster.nodes().forEach(n -> pids.add(n.pid()));
    Path dir = cluster.dir();
    cluster.hang(2);
    cluster.close();
    cluster.close();
    for (long pid : pids) {
      TestUtil.await(Duration.ofSeconds(5), () -> !alive(pid));
    }
    assertFalse(Files.exists(dir), "temporary data directory deleted");
    TestUtil.await(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("cluster-sim-proxy-") && t.isAlive()));
  }

  @Test
  @DisplayName("CLI: up prints the JSON, a client connects through it, failover works, down leaves no process")
  void cliUpFailoverDown(@TempDir Path dir) throws Exception {
    try {
      long t0 = System.nanoTime();
      ChildJvm.Result up = cli("up", "--dir", dir.toString(), "--nodes", "3");
      System.out.printf("[measure] CLI up with 3 nodes (two JVM launches included): %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      assertEquals(0, up.exit(), up.output());
      String json = up.output().trim();
      assertTrue(json.startsWith("{\"nodes\":[{\"id\":1,\"host\":\"127.0.0.1\""), json);
      List<Long> pids = new ArrayList<>();
      Matcher m = Pattern.compile("\"pid\":(\\d+)").matcher(json);
      while (m.find()) {
        pids.add(Long.parseLong(m.group(1)));
      }
      assertEquals(3, pids.size(), json);
      long daemon = Long.parseLong(Files.readString(dir.resolve("daemon.pid")).trim());
      Matcher writer = Pattern.compile("\"writer\":\\{\"id\":(\\d+),\"host\":\"([^\"]+)\",\"port\":(\\d+)}").matcher(json);
      assertTrue(writer.find(), json);
      String url = "jdbc:mysql://" + writer.group(2) + ":" + writer.group(3) + "/app?sslMode=DISABLED";
      try (Connection c = DriverManager.getConnection(url, "app", "app-password"); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
        rs.next();
        assertEquals(Integer.parseInt(writer.group(1)), rs.getInt(1));
        assertEquals(0, rs.getInt(2));
      }

      ChildJvm.Result failover = cli("failover", "--dir", dir.toString());
      assertEquals(0, failover.exit(), failover.output());
      assertTrue(failover.output().contains("\"newWriterId\":"), failover.output());
      ChildJvm.Result restart = cli("restart", "1", "--dir", dir.toString());
      assertEquals(0, restart.exit(), restart.output());
      Matcher m2 = Pattern.compile("\"pid\":(\\d+)").matcher(restart.output());
      while (m2.find()) {
        pids.add(Long.parseLong(m2.group(1)));
      }
      ChildJvm.Result status = cli("status", "--dir", dir.toString());
      assertTrue(status.output().contains("\"role\":\"writer\""), status.output());

      ChildJvm.Result down = cli("down", "--dir", dir.toString());
      assertEquals(0, down.exit(), down.output());
      TestUtil.await(Duration.ofSeconds(10), () -> !alive(daemon));
      for (long pid : pids) {
        TestUtil.await(Duration.ofSeconds(10), () -> !alive(pid));
      }
    } finally {
      cli("down", "--dir", dir.toString()); // also when an assertion failed: the daemon is detached
    }
  }

  @Test
  @DisplayName("servers of a JVM killed with SIGKILL (no shutdown hook) are stopped by the next cluster")
  void orphansOfAKilledJvmAreReaped() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ChildJvm.classPath(), AbandonedCluster.class.getName()).redirectErrorStream(true).start();
    List<Long> pids = new ArrayList<>();
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("ready")) {
        if (line.startsWith("pid ")) {
          pids.add(Long.parseLong(line.substring(4)));
        }
      }
      assertEquals(2, pids.size(), "child cluster started");
      child.destroyForcibly();
      child.waitFor();
    }
    assertTrue(pids.stream().allMatch(LifecycleTest::alive), "orphans survive their JVM");
    SimCluster.builder().nodes(1).start().close();
    for (long pid : pids) {
      TestUtil.await(Duration.ofSeconds(10), () -> !alive(pid));
    }
  }

  @Test
  @DisplayName("without proxies clients go straight to the servers; a single node cannot fail over")
  void noProxiesSingleNode() throws Exception {
    try (SimCluster cluster = SimCluster.builder().nodes(1).proxies(false).semiSync(false).database("other")
        .user("u1").password("p1").start()) {
      SimNode only = cluster.writer();
      assertEquals(only.serverPort(), only.port());
      assertEquals("jdbc:mysql://127.0.0.1:" + only.serverPort() + "/other", cluster.jdbcUrl(only));
      try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(only) + "?sslMode=DISABLED", "u1", "p1");
           Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only, DATABASE()")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
        assertEquals("other", rs.getString(2));
      }
      assertTrue(cluster.readers().isEmpty());
      org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, cluster::failover);
      org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> cluster.cut(1));
    }
  }

  private static ChildJvm.Result cli(String... args) throws Exception {
    return ChildJvm.run(List.of(), Cli.class, args);
  }
}
