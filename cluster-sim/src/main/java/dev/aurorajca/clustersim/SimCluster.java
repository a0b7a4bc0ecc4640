package dev.aurorajca.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A local Aurora-like cluster: N real {@code mariadbd} processes with GTID and semi-synchronous
 * replication (one writer, the rest read-only replicas), a fault-injecting TCP proxy in front of
 * each, and {@code mysql.rds_topology} listing the proxies.
 *
 * <p>Every operation returns once the cluster is in its new state. Operations are serialised;
 * the accessors may be called from any thread. {@link #close()} (or the JVM shutdown hook it
 * registers) stops every process it started, by PID.
 *
 * <pre>{@code
 * try (SimCluster cluster = SimCluster.start()) {
 *   try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password())) {
 *     ...
 *   }
 *   FailoverResult r = cluster.failover();
 * }
 * }</pre>
 */
public final class SimCluster implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SimCluster.class.getName());
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
  /**
   * A rebuilt node replays the writer's whole binlog: a soak's minutes of history are tens of
   * thousands of transactions (a 5-minute soak: ~57,000), which took longer than {@link #CATCH_UP_TIMEOUT}.
   */
  private static final Duration REBUILD_CATCH_UP_TIMEOUT = Duration.ofMinutes(5);
  /** First address of the RDS-shaped instance proxies: node N binds 127.0.0.(10+N). */
  private static final int RDS_ADDRESS_BASE = 10;
  static final String RDS_CLUSTER_ADDRESS = "127.0.0.2";
  static final String RDS_READER_ADDRESS = "127.0.0.3";
  /** Last byte of the cluster and reader endpoints' addresses, 127.0.X.2 and 127.0.X.3. */
  private static final int CLUSTER_HOST = 2;
  private static final int READER_HOST = 3;

  private final Builder config;
  private final MariaDb mariaDb;
  private final Path dir;
  private final boolean ownsDir;
  private final List<SimNode> nodes = new ArrayList<>();
  private final List<FaultProxy> proxies = new ArrayList<>();
  private final AtomicInteger readerCursor = new AtomicInteger();
  private final Thread shutdownHook;
  private final OrphanReaper reaper;
  private volatile int writerId = 1;
  private volatile boolean closed;
  private int endpointPort = -1;
  private Path hostsFile;
  private HostsFile hosts;
  private volatile String clusterEndpoint;
  private volatile String readerEndpoint;
  private String clusterAddress;
  private String readerAddress;
  /** While true, the instance proxies close every new connection at once (a blue/green switchover). */
  private volatile boolean refusing;
  /** Blue/green: the deployment this (blue) cluster is the source of; null otherwise. */
  private volatile SimBlueGreen blueGreen;
  /** Blue/green: the rds_topology rows ("(...), (...)") written on every node; null: none. */
  private volatile String blueGreenRows;
  /** RDS-shaped mode: custom endpoint name -> its host name (see Builder#customEndpoint). */
  private final Map<String, String> customEndpoints = new java.util.LinkedHashMap<>();
  /** Aurora mode: how long the endpoints' "DNS" keeps the pre-failover answer. */
  private final long endpointLagNanos;
  /** Until this (System.nanoTime), the endpoints resolve as they did before the last promotion. */
  private volatile long laggedUntilNanos;
  private volatile int laggedWriterId;
  private volatile List<Integer> laggedReaderIds = List.of();
  /** Aurora mode: when each node that is down went down (for its replica_host_status row). */
  private final Map<Integer, Long> downSinceNanos = new ConcurrentHashMap<>();

  public static Builder builder() {
    return new Builder();
  }

  /** Three nodes with every default: proxies on, semi-sync on, database {@code app}. */
  public static SimCluster start() throws IOException {
    return builder().start();
  }

  private SimCluster(Builder config) throws IOException {
    this.config = config;
    this.mariaDb = MariaDb.locate();
    if (config.dataDir != null) {
      this.dir = Files.createDirectories(config.dataDir).toAbsolutePath();
      this.ownsDir = false;
    } else {
      this.dir = Files.createTempDirectory("cluster-sim-");
      this.ownsDir = true;
    }
    this.reaper = new OrphanReaper(dir);
    this.endpointLagNanos = TimeUnit.MILLISECONDS.toNanos(config.endpointLagMs());
    this.shutdownHook = new Thread(this::stopEverything, "cluster-sim-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  // ---------------------------------------------------------------- start

  private void boot() throws IOException {
    long t0 = System.nanoTime();
    Path template = mariaDb.template();
    int n = config.nodes;
    if (config.rdsNames || config.aurora) {
      bindRdsProxies(n);
    } else {
      for (int id = 1; id <= n; id++) {
        int serverPort = MariaDb.freePort();
        Path nodeDir = dir.resolve("node-" + id);
        if (config.proxies) {
          InetSocketAddress server = new InetSocketAddress("127.0.0.1", serverPort);
          FaultProxy proxy = new FaultProxy("cluster-sim-proxy-" + id, new InetSocketAddress("127.0.0.1", 0),
              () -> server);
          proxies.add(proxy);
          nodes.add(new SimNode(this, id, nodeDir, serverPort, "127.0.0.1", "127.0.0.1", proxy.port()));
        } else {
          nodes.add(new SimNode(this, id, nodeDir, serverPort, "127.0.0.1", "127.0.0.1", serverPort));
        }
      }
    }
    for (SimNode node : nodes) {
      MariaDb.deleteTree(node.dir());
      Files.createDirectories(node.dir());
      MariaDb.copyTree(template, node.dir().resolve("data"));
    }
    reaper.record(nodes); // before the first server starts: a kill from here on leaves no orphan unknown
    for (SimNode node : nodes) {
      launch(node, node.id() != writerId);
    }
    for (SimNode node : nodes) {
      awaitReady(node);
    }
    for (SimNode node : nodes) {
      createUsers(node);
    }
    SimNode writer = writer();
    for (SimNode node : nodes) {
      if (node != writer) {
        replicateFrom(node, writer);
      }
    }
    if (config.semiSync && n > 1) {
      // Before the first replicated write: a semi-sync commit without replicas stalls until the timeout.
      awaitSemiSyncClients(writer, n - 1);
    }
    writeTopology();
    refreshAuroraStatus(null);
    for (SimNode node : nodes) {
      if (node != writer) {
        awaitCaughtUp(node, writer);
      }
    }
    LOG.info(() -> String.format("cluster-sim: %d nodes up in %d ms in %s", n,
        (System.nanoTime() - t0) / 1_000_000, dir));
  }

  private void bindRdsProxies(int n) throws IOException {
    if (!config.proxies) {
      throw new IllegalArgumentException("rdsNames(true) needs proxies(true): the names are the proxies' addresses");
    }
    String suffix = "." + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    String net = "127.0." + config.addressOctet + ".";
    IOException last = null;
    int attempts = config.fixedEndpointPort > 0 ? 1 : 20;
    for (int attempt = 0; attempt < attempts && endpointPort < 0; attempt++) {
      int port = config.fixedEndpointPort > 0 ? config.fixedEndpointPort : MariaDb.freePort();
      List<FaultProxy> bound = new ArrayList<>();
      try {
        for (int id = 1; id <= n; id++) {
          int serverPort = MariaDb.freePort();
          InetSocketAddress server = new InetSocketAddress("127.0.0.1", serverPort);
          String ip = net + (RDS_ADDRESS_BASE + id);
          String instanceId = "instance-" + id + config.instanceSuffix;
          SimNode node = new SimNode(this, id, dir.resolve("node-" + id), serverPort, instanceId + suffix, ip, port);
          FaultProxy proxy = new FaultProxy(config.proxyPrefix + id, new InetSocketAddress(ip, port),
              () -> refusing ? null : server,
              config.aurora ? () -> new AuroraRewriter(node.instanceId(), config.blueGreen) : null);
          bound.add(proxy);
          nodes.add(node);
        }
        bound.add(new FaultProxy(config.proxyPrefix + "cluster", new InetSocketAddress(net + CLUSTER_HOST, port),
            this::writerTarget));
        bound.add(new FaultProxy(config.proxyPrefix + "cluster-ro", new InetSocketAddress(net + READER_HOST, port),
            this::readerTarget));
        proxies.addAll(bound);
        endpointPort = port;
      } catch (IOException e) {
        // The port was free on 127.0.0.1 but taken on one of the other addresses: try another.
        last = e;
        bound.forEach(FaultProxy::close);
        nodes.clear();
      }
    }
    if (endpointPort < 0) {
      throw new IOException("could not bind the RDS-shaped proxies on one shared port"
          + (config.fixedEndpointPort > 0 ? " (" + config.fixedEndpointPort + " on " + net + "*)" : ""), last);
    }
    clusterAddress = net + CLUSTER_HOST;
    readerAddress = net + READER_HOST;
    clusterEndpoint = config.clusterName + ".cluster-" + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    readerEndpoint = config.clusterName + ".cluster-ro-" + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    hosts = config.sharedHosts != null ? config.sharedHosts
        : new HostsFile(config.hostsFile != null ? config.hostsFile : dir.resolve("hosts"));
    hostsFile = hosts.path();
    for (SimNode node : nodes) {
      hosts.put(node.host(), node.address());
    }
    hosts.put(clusterEndpoint, clusterAddress);
    hosts.put(readerEndpoint, readerAddress);
    for (Map.Entry<String, Integer> e : config.customEndpoints.entrySet()) {
      if (e.getValue() < 1 || e.getValue() > nodes.size()) {
        throw new IllegalArgumentException("custom endpoint " + e.getKey() + ": node " + e.getValue() + " does not exist (1.." + nodes.size() + ")");
      }
      String name = e.getKey() + ".cluster-custom-" + config.clusterId + "." + config.region + ".rds.amazonaws.com";
      customEndpoints.put(e.getKey(), name);
      hosts.put(name, nodes.get(e.getValue() - 1).address());
    }
    hosts.write();
  }

  /**
   * The cluster (writer) endpoint relays to the writer's instance proxy, like a DNS CNAME would;
   * in Aurora mode to the old writer's for the endpoint lag after a promotion.
   */
  private InetSocketAddress writerTarget() {
    SimNode w = nodes.get((lagging() ? laggedWriterId : writerId) - 1);
    return w.isRunning() ? new InetSocketAddress(w.address(), w.port()) : null;
  }

  private boolean lagging() {
    return laggedUntilNanos != 0 && System.nanoTime() - laggedUntilNanos < 0;
  }

  /**
   * The reader endpoint spreads connections over running readers; the writer if none is left.
   * During the endpoint lag, over the running nodes that were readers before the promotion.
   */
  private InetSocketAddress readerTarget() {
    List<SimNode> readers = readers();
    if (lagging()) {
      readers = new ArrayList<>();
      for (int id : laggedReaderIds) {
        if (nodes.get(id - 1).isRunning()) {
          readers.add(nodes.get(id - 1));
        }
      }
    }
    if (readers.isEmpty()) {
      return writerTarget();
    }
    SimNode r = readers.get(Math.floorMod(readerCursor.getAndIncrement(), readers.size()));
    return new InetSocketAddress(r.address(), r.port());
  }

  /**
   * Under the cluster's lock, like {@link #stopEverything()}: a close() or shutdown hook that runs
   * while {@link #boot()} is starting servers either sees this process or stops this launch.
   */
  private synchronized void launch(SimNode node, boolean readOnly) throws IOException {
    checkOpen();
    node.hung(false);
    downSinceNanos.remove(node.id());
    node.process(mariaDb.start(node.dir(), serverId(node), node.serverPort(), node.host(), node.port(), readOnly,
        config.semiSync));
    reaper.record(nodes);
  }

  /** The node's {@code @@server_id}: its id, plus 100 in a blue/green deployment's green cluster. */
  int serverId(SimNode node) {
    return config.serverIdBase + node.id();
  }

  private void awaitReady(SimNode node) throws IOException {
    boolean up = MariaDb.await(START_TIMEOUT, () -> {
      if (!node.isRunning()) {
        return true; // died: reported below
      }
      if (!MariaDb.accepts("127.0.0.1", node.serverPort())) {
        return false;
      }
      try (Connection c = admin(node)) {
        return true;
      } catch (SQLException e) {
        return false;
      }
    });
    if (!up || !node.isRunning()) {
      throw new IOException("mariadbd for node " + node.id() + " did not start; see " + node.dir().resolve("error.log")
          + ":\n" + tail(node.dir().resolve("error.log")));
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Users and the schema exist on every node without GTIDs of their own (sql_log_bin=0). */
  private void createUsers(SimNode node) throws IOException {
    String user = "'" + config.user.replace("'", "''") + "'@'%'";
    sql(node,
        "SET SESSION sql_log_bin=0",
        "CREATE DATABASE IF NOT EXISTS `" + config.database + "`",
        "CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY '" + config.password.replace("'", "''") + "'",
        "GRANT ALL ON `" + config.database + "`.* TO " + user,
        "GRANT SELECT ON mysql.* TO " + user,
        "GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO " + user);
    if (config.aurora) {
      sql(node,
          "SET SESSION sql_log_bin=0",
          "CREATE TABLE IF NOT EXISTS " + AURORA_STATUS_TABLE + " (SERVER_ID VARCHAR(64) PRIMARY KEY, "
              + "SESSION_ID VARCHAR(64) NOT NULL, CPU DOUBLE NOT NULL, REPLICA_LAG_IN_MILLISECONDS DOUBLE NOT NULL, "
              + "DOWN_SINCE DATETIME(6) NULL) ENGINE=InnoDB",
          // LAST_UPDATE_TIMESTAMP is now() for a live instance (Aurora refreshes it every few
          // hundred ms) and frozen at the crash for one that is down.
          "CREATE OR REPLACE SQL SECURITY INVOKER VIEW " + AuroraRewriter.STATUS_VIEW + " AS SELECT SERVER_ID, SESSION_ID, "
              + "0 AS IOPS, 0 AS READ_IOS, 0 AS PENDING_READ_IOS, CPU, "
              + "COALESCE(DOWN_SINCE, NOW(6)) AS LAST_UPDATE_TIMESTAMP, "
              + "REPLICA_LAG_IN_MILLISECONDS * 1000 AS MASTER_SLAVE_LATENCY_IN_MICROSECONDS, REPLICA_LAG_IN_MILLISECONDS, "
              + "IF(DOWN_SINCE IS NULL, 1, 0) AS IS_CURRENT FROM " + AURORA_STATUS_TABLE);
    }
    if (config.blueGreen) {
      // Aurora MySQL 3.07+ keeps blue/green metadata in mysql.rds_topology; the sim's table (the
      // Multi-AZ shape, id/endpoint/port) gains the columns it has there.
      sql(node,
          "SET SESSION sql_log_bin=0",
          "ALTER TABLE mysql.rds_topology ADD COLUMN IF NOT EXISTS role VARCHAR(64) NULL, "
              + "ADD COLUMN IF NOT EXISTS status VARCHAR(64) NULL, ADD COLUMN IF NOT EXISTS version VARCHAR(16) NULL");
    }
  }

  /**
   * Blue/green: replaces the rows of {@code mysql.rds_topology} on every running node of this
   * cluster (without binary log: the metadata comes from RDS, not from replication).
   * {@code rows} is a VALUES list for {@code (id, endpoint, port, role, status, version)}.
   */
  void writeBlueGreenRows(String rows) {
    blueGreenRows = rows;
    for (SimNode n : nodes) {
      writeBlueGreenRows(n);
    }
  }

  private void writeBlueGreenRows(SimNode n) {
    String rows = blueGreenRows;
    if (rows == null || !n.isRunning() || n.isHung()) {
      return;
    }
    try (Connection c = admin(n); Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_log_bin=0");
      c.setAutoCommit(false); // readers never see the table empty
      s.executeUpdate("DELETE FROM mysql.rds_topology");
      s.executeUpdate("INSERT INTO mysql.rds_topology (id, endpoint, port, role, status, version) VALUES " + rows);
      c.commit();
    } catch (SQLException e) {
      LOG.warning(() -> "cluster-sim: could not write mysql.rds_topology on node " + n.id() + ": " + e.getMessage());
    }
  }

  /**
   * Aurora mode: the table behind {@code information_schema.replica_host_status} on every node
   * (columns {@code SERVER_ID, SESSION_ID, CPU, REPLICA_LAG_IN_MILLISECONDS, DOWN_SINCE}), written
   * without binary log. The sim rewrites it after each of its operations; a test that promotes a
   * node by hand, behind the sim's back, updates it the same way.
   */
  public static final String AURORA_STATUS_TABLE = "mysql.aurora_sim_instance";

  /**
   * Aurora mode: writes every instance's row of {@code replica_host_status} on every running,
   * responsive node (without binary log: it is not replicated, as Aurora's comes from storage,
   * not from the writer). {@code first}, if given, is written first (the promoted writer).
   */
  private void refreshAuroraStatus(SimNode first) {
    if (!config.aurora) {
      return;
    }
    StringBuilder rows = new StringBuilder();
    long now = System.nanoTime();
    for (SimNode n : nodes) {
      rows.append(rows.length() == 0 ? "" : ", ").append("('").append(n.instanceId()).append("', '")
          .append(n.id() == writerId ? "MASTER_SESSION_ID" : new java.util.UUID(0x5157, n.id()).toString())
          .append("', ").append(n.id() == writerId ? "4.5" : "2.5").append(", ")
          .append(n.id() == writerId ? "0" : "12.5").append(", ");
      Long down = downSinceNanos.get(n.id());
      if (down == null && n.isRunning()) {
        rows.append("NULL)");
      } else {
        long micros = TimeUnit.NANOSECONDS.toMicros(now - (down == null ? now : down));
        rows.append("NOW(6) - INTERVAL ").append(micros).append(" MICROSECOND)");
      }
    }
    List<SimNode> order = new ArrayList<>(nodes);
    if (first != null) {
      order.remove(first);
      order.add(0, first);
    }
    for (SimNode n : order) {
      if (!n.isRunning() || n.isHung()) {
        continue;
      }
      writeBlueGreenRows(n); // a restarted or rebuilt node gets the blue/green rows back too
      try (Connection c = admin(n); Statement s = c.createStatement()) {
        s.execute("SET SESSION sql_log_bin=0");
        c.setAutoCommit(false); // readers of the view never see it empty
        s.executeUpdate("DELETE FROM " + AURORA_STATUS_TABLE);
        s.executeUpdate("INSERT INTO " + AURORA_STATUS_TABLE + " VALUES " + rows);
        c.commit();
      } catch (SQLException e) {
        LOG.warning(() -> "cluster-sim: could not write replica_host_status on node " + n.id() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Rewrites mysql.rds_topology on the writer; it reaches the readers by replication. Aurora has
   * no such table content (the AWS wrapper would take the cluster for Multi-AZ): left empty there.
   */
  private void writeTopology() throws IOException {
    if (config.aurora) {
      return;
    }
    try (Connection c = admin(writer()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("DELETE FROM mysql.rds_topology");
      for (SimNode node : nodes) {
        s.executeUpdate("INSERT INTO mysql.rds_topology (id, endpoint, port) VALUES (" + node.id() + ", '"
            + node.host() + "', " + node.port() + ")");
      }
      c.commit();
    } catch (SQLException e) {
      throw new IOException("could not write mysql.rds_topology on node " + writerId, e);
    }
  }

  private void replicateFrom(SimNode replica, SimNode source) throws IOException {
    sql(replica,
        "STOP SLAVE",
        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + source.serverPort()
            + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
        "START SLAVE");
  }

  /** Waits until {@code replica} applied everything {@code source} has in its binlog now. */
  private void awaitCaughtUp(SimNode replica, SimNode source) throws IOException {
    awaitCaughtUp(replica, source, CATCH_UP_TIMEOUT);
  }

  private void awaitCaughtUp(SimNode replica, SimNode source, Duration timeout) throws IOException {
    String pos = queryString(source, "SELECT @@gtid_binlog_pos");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = admin(replica); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + pos + "', 0.5)")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            // Reaching the sequence number is not enough: a diverged node can have the same or a
            // higher one from another server, which the writer's binlog does not contain.
            String mine = queryString(replica, "SELECT @@gtid_binlog_pos");
            String theirs = queryString(source, "SELECT @@gtid_binlog_pos");
            if (diverged(mine, theirs)) {
              throw new ReplicationBroken("node " + replica.id() + " has " + mine + ", node " + source.id() + " has "
                  + theirs);
            }
            return;
          }
        }
        try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
          if (rs.next()) {
            int io = rs.getInt("Last_IO_Errno");
            int sqlErr = rs.getInt("Last_SQL_Errno");
            if (io != 0 && io != 2003 || sqlErr != 0) {
              throw new ReplicationBroken("node " + replica.id() + " cannot replicate from node " + source.id() + ": "
                  + rs.getString("Last_IO_Error") + " " + rs.getString("Last_SQL_Error"));
            }
          }
        }
      } catch (SQLException e) {
        throw new IOException("waiting for node " + replica.id() + " to catch up", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("node " + replica.id() + " did not catch up with " + pos + " within " + timeout);
      }
    }
  }

  private static final class ReplicationBroken extends IOException {
    ReplicationBroken(String message) {
      super(message);
    }
  }

  private void awaitSemiSyncClients(SimNode writer, int clients) throws IOException {
    boolean ok = MariaDb.await(Duration.ofSeconds(10), () -> {
      try {
        return Integer.parseInt(queryString(writer,
            "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='RPL_SEMI_SYNC_MASTER_CLIENTS'"))
            >= clients;
      } catch (IOException | NumberFormatException e) {
        return false;
      }
    });
    if (!ok) {
      throw new IOException("semi-synchronous replicas did not connect to node " + writer.id());
    }
  }

  // ---------------------------------------------------------------- accessors

  /** All nodes in id order, running or not. */
  public List<SimNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  /** The node whose {@code @@server_id} is {@code id} (1..N). */
  public SimNode node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException("no node " + id + "; nodes are 1.." + nodes.size());
    }
    return nodes.get(id - 1);
  }

  /** The current writer (it may be down after {@link #kill(int)}). */
  public SimNode writer() {
    return nodes.get(writerId - 1);
  }

  int writerId() {
    return writerId;
  }

  /** Readers that are running, in id order. */
  public List<SimNode> readers() {
    List<SimNode> out = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n.id() != writerId && n.isRunning()) {
        out.add(n);
      }
    }
    return out;
  }

  public String database() {
    return config.database;
  }

  /** The application user: all privileges on {@link #database()}, SELECT on {@code mysql.*}, replication monitoring. */
  public String user() {
    return config.user;
  }

  public String password() {
    return config.password;
  }

  /** {@code jdbc:mysql://host:port/database} through the node's proxy. */
  public String jdbcUrl(SimNode node) {
    return "jdbc:mysql://" + node.host() + ":" + node.port() + "/" + config.database;
  }

  /** Root, straight to the server port on 127.0.0.1 (no proxy, no password). */
  public String rootJdbcUrl(SimNode node) {
    return "jdbc:mysql://127.0.0.1:" + node.serverPort() + "/" + config.database + "?user=root&sslMode=DISABLED";
  }

  /** A root connection straight to node {@code id}'s server port, bypassing the proxy. */
  public Connection adminConnection(int id) throws SQLException {
    return DriverManager.getConnection(rootJdbcUrl(node(id)) + "&connectTimeout=5000");
  }

  /** The directory holding every node's data and logs (and the hosts file in RDS-shaped mode). */
  public Path dir() {
    return dir;
  }

  /** RDS-shaped mode: a hosts file for {@code -Djdk.net.hosts.file} that resolves every name. */
  public Optional<Path> hostsFile() {
    return Optional.ofNullable(hostsFile);
  }

  /** RDS-shaped mode: the writer endpoint's host name (port {@link #endpointPort()}). */
  public Optional<String> clusterEndpoint() {
    return Optional.ofNullable(clusterEndpoint);
  }

  /** RDS-shaped mode: the reader endpoint's host name (port {@link #endpointPort()}). */
  public Optional<String> readerEndpoint() {
    return Optional.ofNullable(readerEndpoint);
  }

  /**
   * RDS-shaped mode: the host name of a custom endpoint declared with
   * {@link Builder#customEndpoint(String, int)}, {@code <name>.cluster-custom-<cluster-id>.<region>.rds.amazonaws.com}
   * (port {@link #endpointPort()}); empty for a name that was not declared.
   */
  public Optional<String> customEndpoint(String name) {
    return Optional.ofNullable(customEndpoints.get(name));
  }

  /** Aurora mode ({@link Builder#aurora(boolean)}): instances show Aurora MySQL's surface. */
  public boolean isAurora() {
    return config.aurora;
  }

  /** How long the cluster and reader endpoints keep their pre-promotion answer; 0 = they follow at once. */
  public Duration endpointLag() {
    return Duration.ofNanos(endpointLagNanos);
  }

  /** RDS-shaped modes: {@code ?.<cluster-id>.<region>.rds.amazonaws.com}, the instance names' pattern. */
  public Optional<String> instanceHostPattern() {
    return clusterEndpoint == null ? Optional.empty()
        : Optional.of("?." + config.clusterId + "." + config.region + ".rds.amazonaws.com");
  }

  /**
   * The blue/green deployment this cluster belongs to (as blue or green), if it was started with
   * {@link Builder#blueGreen(boolean)}.
   */
  public Optional<SimBlueGreen> blueGreen() {
    return Optional.ofNullable(blueGreen);
  }

  void blueGreen(SimBlueGreen deployment) {
    this.blueGreen = deployment;
  }

  HostsFile hosts() {
    return hosts;
  }

  /** The literal addresses behind the cluster and reader endpoint names (RDS-shaped modes). */
  String clusterAddress() {
    return clusterAddress;
  }

  String readerAddress() {
    return readerAddress;
  }

  /**
   * Blue/green switchover: while on, every instance proxy (and so both endpoints) closes new
   * connections at once; turning it on also resets every open connection.
   */
  void refuseConnections(boolean on) {
    refusing = on;
    if (on) {
      for (FaultProxy p : proxies) {
        p.cut();
      }
    }
  }

  /**
   * Blue/green switchover: the cluster and its instances take new names ({@code clusterName} for
   * the endpoints, {@code instance-N<instanceSuffix>} for the instances, which is also what
   * {@code @@aurora_server_id} and {@code replica_host_status} report from now on). The hosts
   * file is not touched: the deployment moves the names there, with its DNS lag.
   */
  synchronized void rename(String clusterName, String instanceSuffix) {
    checkOpen();
    String tail = "." + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    for (SimNode n : nodes) {
      n.host("instance-" + n.id() + instanceSuffix + tail);
    }
    clusterEndpoint = clusterName + ".cluster-" + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    readerEndpoint = clusterName + ".cluster-ro-" + config.clusterId + "." + config.region + ".rds.amazonaws.com";
    refreshAuroraStatus(writer());
  }

  /** Runs statements as root on {@code node}, straight to its server port. */
  void sqlOn(SimNode node, String... statements) throws IOException {
    sql(node, statements);
  }

  String queryOn(SimNode node, String query) throws IOException {
    return queryString(node, query);
  }

  /** Makes {@code replica} (of this cluster) replicate from {@code source} (of any cluster). */
  void replicate(SimNode replica, SimNode source) throws IOException {
    replicateFrom(replica, source);
  }

  /** Waits until {@code replica} applied everything {@code source} (of any cluster) has now. */
  void catchUp(SimNode replica, SimNode source) throws IOException {
    awaitCaughtUp(replica, source);
  }

  /** RDS-shaped mode: the port every name listens on; -1 otherwise. */
  public int endpointPort() {
    return endpointPort;
  }

  // ---------------------------------------------------------------- operations

  /** Crashes the writer and promotes the most advanced replica at once. */
  public FailoverResult failover() {
    return failover(Duration.ZERO);
  }

  /**
   * Crashes the writer ({@code kill -9}), promotes the most advanced running replica
   * {@code promotionDelay} after the crash, re-points the other replicas and rewrites
   * {@code mysql.rds_topology}. Returns when the new writer answers {@code read_only=0}, the other
   * replicas replicate from it and have the new topology. The old writer stays down until
   * {@link #restart(int)}.
   */
  public synchronized FailoverResult failover(Duration promotionDelay) {
    checkOpen();
    SimNode old = writer();
    List<SimNode> candidates = new ArrayList<>();
    for (SimNode r : readers()) {
      if (!r.isHung()) {
        candidates.add(r);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("no running replica to promote");
    }
    try {
      Instant crashedAt = Instant.now();
      signalKill(old);
      // Every replica first applies what it received, then the one that received most wins.
      SimNode best = null;
      long bestSeq = -1;
      for (SimNode r : candidates) {
        long seq = drainRelayLog(r);
        if (seq > bestSeq) {
          best = r;
          bestSeq = seq;
        }
      }
      Instant due = crashedAt.plus(promotionDelay);
      long waitMillis = Duration.between(Instant.now(), due).toMillis();
      if (waitMillis > 0) {
        Thread.sleep(waitMillis); // imitates the time Aurora takes to promote; not a wait for a condition
      }
      sql(best, "STOP SLAVE", "RESET SLAVE ALL", semiSyncMaster(true), "SET GLOBAL read_only=0");
      if (!"0".equals(queryString(best, "SELECT @@read_only"))) {
        throw new IOException("node " + best.id() + " still read-only after promotion");
      }
      Instant promotedAt = Instant.now();
      if (endpointLagNanos > 0) {
        // The endpoints' DNS still answers as before for the lag (set before the writer changes,
        // so no connection sees the new answer early).
        List<Integer> before = new ArrayList<>();
        for (SimNode n : nodes) {
          if (n != old) {
            before.add(n.id());
          }
        }
        laggedWriterId = old.id();
        laggedReaderIds = List.copyOf(before);
        laggedUntilNanos = System.nanoTime() + endpointLagNanos;
      }
      writerId = best.id();
      refreshAuroraStatus(best);
      for (SimNode r : candidates) {
        if (r != best) {
          replicateFrom(r, best);
        }
      }
      if (config.semiSync && candidates.size() > 1) {
        awaitSemiSyncClients(best, candidates.size() - 1);
      }
      writeTopology();
      for (SimNode r : candidates) {
        if (r != best) {
          awaitCaughtUp(r, best);
        }
      }
      awaitDown(old);
      SimBlueGreen bg = blueGreen;
      if (bg != null) {
        bg.writerChanged(this); // green follows blue's new writer; a promoted green writer stays read-only
      }
      FailoverResult result = new FailoverResult(old.id(), best.id(), crashedAt, promotedAt);
      LOG.info(() -> "cluster-sim: failover from node " + old.id() + " to node " + result.newWriterId() + " in "
          + result.writerDowntime().toMillis() + " ms");
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("failover failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during failover", e);
    }
  }

  /** Applies the relay log and returns the replica's GTID sequence (sum over domains). */
  private long drainRelayLog(SimNode replica) throws IOException {
    try (Connection c = admin(replica); Statement s = c.createStatement()) {
      String received = null;
      try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
        if (rs.next()) {
          received = rs.getString("Gtid_IO_Pos");
        }
      }
      if (received != null && !received.isEmpty()) {
        try (ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + received + "', 10)")) {
          rs.next();
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
        rs.next();
        return seq(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IOException("node " + replica.id() + " did not answer during failover", e);
    }
  }

  /**
   * Only the writer waits for semi-sync acknowledgements: a replica with the master side on would
   * stall each applied transaction (log_slave_updates) for the whole timeout, having no replicas.
   */
  private String semiSyncMaster(boolean on) {
    return "SET GLOBAL rpl_semi_sync_master_enabled=" + (on && config.semiSync ? 1 : 0);
  }

  /**
   * True when {@code replicaPos} holds a GTID that {@code writerPos} (read later) cannot contain:
   * a domain the writer never had, a higher sequence number, or the same one from another server.
   */
  static boolean diverged(String replicaPos, String writerPos) {
    Map<String, String[]> writer = new HashMap<>();
    if (writerPos != null && !writerPos.isBlank()) {
      for (String gtid : writerPos.split(",")) {
        String[] p = gtid.trim().split("-");
        writer.put(p[0], p);
      }
    }
    if (replicaPos == null || replicaPos.isBlank()) {
      return false;
    }
    for (String gtid : replicaPos.split(",")) {
      String[] r = gtid.trim().split("-");
      String[] w = writer.get(r[0]);
      if (w == null) {
        return true;
      }
      long rs = Long.parseLong(r[2]);
      long ws = Long.parseLong(w[2]);
      if (rs > ws || rs == ws && !r[1].equals(w[1])) {
        return true;
      }
    }
    return false;
  }

  /** Sum of the sequence numbers of a GTID position like {@code 0-1-42,1-3-7}. */
  static long seq(String gtidPos) {
    long sum = 0;
    if (gtidPos == null || gtidPos.isBlank()) {
      return 0;
    }
    for (String gtid : gtidPos.split(",")) {
      String[] parts = gtid.trim().split("-");
      sum += Long.parseLong(parts[2]);
    }
    return sum;
  }

  /** {@code kill -9} of node {@code id}; returns once its port is closed. A hung node is killed too. */
  public synchronized void kill(int id) {
    checkOpen();
    SimNode node = node(id);
    signalKill(node);
    awaitDown(node);
    refreshAuroraStatus(null);
  }

  private void signalKill(SimNode node) {
    Process p = node.process();
    if (p != null && p.isAlive()) {
      downSinceNanos.putIfAbsent(node.id(), System.nanoTime());
    }
    if (p != null) {
      p.destroyForcibly(); // SIGKILL on Unix, works on a SIGSTOPped process too
    }
    node.hung(false);
  }

  private void awaitDown(SimNode node) {
    Process p = node.process();
    if (p != null) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    MariaDb.await(Duration.ofSeconds(10), () -> !MariaDb.accepts("127.0.0.1", node.serverPort()));
  }

  /**
   * Starts node {@code id} again (killing it first if it runs). The current writer comes back as
   * the writer (returning once its replicas reconnected); any other node comes back read-only, replicating from the current writer, and this
   * returns once it caught up. If its data diverged from the writer's (a crashed writer can have
   * binlog events no replica got), it is rebuilt from scratch and fetches everything by replication.
   */
  public synchronized void restart(int id) {
    checkOpen();
    SimNode node = node(id);
    try {
      if (node.isRunning()) {
        signalKill(node);
        awaitDown(node);
      }
      boolean isWriter = id == writerId;
      launch(node, !isWriter);
      awaitReady(node);
      refreshAuroraStatus(null);
      if (isWriter) {
        // Its replicas reconnect by themselves (MASTER_CONNECT_RETRY=1); until they do, a commit
        // would wait the whole semi-sync timeout.
        long replicas = nodes.stream().filter(n -> n != node && n.isRunning() && !n.isHung()).count();
        if (config.semiSync && replicas > 0) {
          awaitSemiSyncClients(node, (int) replicas);
        }
        return;
      }
      rejoin(node);
    } catch (IOException e) {
      throw new UncheckedIOException("restart of node " + id + " failed", e);
    }
  }

  /**
   * Makes a running non-writer replicate from the current writer and waits until it caught up;
   * rebuilds it if its data diverged. Its binlog holds everything it applied (log_slave_updates),
   * also as an ex-writer, so its binlog position is where replication resumes.
   */
  private void rejoin(SimNode node) throws IOException {
    SimNode writer = writer();
    sql(node, "STOP SLAVE", "RESET SLAVE ALL", semiSyncMaster(false), "SET GLOBAL read_only=1",
        "SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos");
    replicateFrom(node, writer);
    if (writer.isRunning() && !writer.isHung()) {
      try {
        awaitCaughtUp(node, writer);
      } catch (ReplicationBroken e) {
        LOG.info(() -> "cluster-sim: node " + node.id() + " diverged from the writer (" + e.getMessage()
            + "); rebuilding it");
        rebuild(node, writer);
      }
    }
  }

  /** Replicates from a node other than the current writer (it was hung during a failover). */
  private boolean replicatesFromElsewhere(SimNode node) throws IOException {
    try (Connection c = admin(node); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
      return !rs.next() || rs.getInt("Master_Port") != writer().serverPort();
    } catch (SQLException e) {
      throw new IOException("SHOW SLAVE STATUS on node " + node.id() + " failed", e);
    }
  }

  private void rebuild(SimNode node, SimNode writer) throws IOException {
    signalKill(node);
    awaitDown(node);
    MariaDb.deleteTree(node.dir().resolve("data"));
    MariaDb.copyTree(mariaDb.template(), node.dir().resolve("data"));
    launch(node, true);
    awaitReady(node);
    createUsers(node);
    // The replay needs no flush per transaction (the node is not a writer and nothing waits for it);
    // with flushes a soak's history replayed at ~1 ms per transaction on two shared cores.
    sql(node, "SET GLOBAL innodb_flush_log_at_trx_commit=2", "SET GLOBAL sync_binlog=0");
    try {
      sql(node, "SET GLOBAL gtid_slave_pos=''");
      replicateFrom(node, writer);
      awaitCaughtUp(node, writer, REBUILD_CATCH_UP_TIMEOUT);
    } finally {
      sql(node, "SET GLOBAL innodb_flush_log_at_trx_commit=1", "SET GLOBAL sync_binlog=1");
    }
    refreshAuroraStatus(null); // the fresh copy has neither replica_host_status nor blue/green rows
  }

  /** SIGSTOP: the process keeps its sockets open and answers nothing. */
  public synchronized void hang(int id) {
    checkOpen();
    SimNode node = node(id);
    requireRunning(node);
    signal(node, "-STOP");
    node.hung(true);
    MariaDb.await(Duration.ofSeconds(5), () -> "T".equals(procState(node.pid())) || "t".equals(procState(node.pid())));
  }

  /**
   * SIGCONT after {@link #hang(int)}. A replica that missed a failover while frozen is re-pointed
   * at the new writer and caught up before this returns.
   */
  public synchronized void resume(int id) {
    checkOpen();
    SimNode node = node(id);
    requireRunning(node);
    signal(node, "-CONT");
    node.hung(false);
    MariaDb.await(Duration.ofSeconds(5), () -> {
      String s = procState(node.pid());
      return s == null || !("T".equals(s) || "t".equals(s));
    });
    if (id != writerId) {
      try {
        if (replicatesFromElsewhere(node)) {
          rejoin(node); // a failover happened while it was frozen
        }
      } catch (IOException e) {
        throw new UncheckedIOException("node " + id + " could not rejoin the writer after resume", e);
      }
    }
    refreshAuroraStatus(null); // it missed what changed while it was frozen
  }

  private static String procState(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void signal(SimNode node, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(node.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill " + signal + " " + node.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The proxy resets every current connection of node {@code id}; new connections still work. */
  public void cut(int id) {
    proxy(id).cut();
  }

  /** The proxy keeps node {@code id}'s connections, existing and new, open and drops every byte. */
  public void blackhole(int id) {
    proxy(id).blackhole(true);
  }

  /** The proxy delays every chunk of bytes to and from node {@code id} by {@code millis}. */
  public void latency(int id, long millis) {
    proxy(id).latency(millis);
  }

  /** Removes black hole and latency from node {@code id}'s proxy. */
  public void heal(int id) {
    proxy(id).heal();
  }

  /**
   * Back to a healthy cluster without restarting it: resumes hung nodes, heals every proxy and
   * restarts nodes that are down (as replicas of the current writer). The writer stays where it is.
   */
  public synchronized void healAll() {
    checkOpen();
    for (SimNode n : nodes) {
      if (n.isHung() && n.isRunning()) {
        resume(n.id());
      }
    }
    for (FaultProxy p : proxies) {
      p.heal();
    }
    if (!writer().isRunning()) {
      restart(writerId);
    }
    for (SimNode n : nodes) {
      if (!n.isRunning()) {
        restart(n.id());
      }
    }
  }

  private FaultProxy proxy(int id) {
    checkOpen();
    node(id);
    if (!config.proxies) {
      throw new IllegalStateException("proxies are off (Builder.proxies(false))");
    }
    return proxies.get(id - 1);
  }

  private static void requireRunning(SimNode node) {
    if (!node.isRunning()) {
      throw new IllegalStateException("node " + node.id() + " is not running");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cluster is closed");
    }
  }

  /** Stops every {@code mariadbd} this cluster started (by PID) and every proxy. Idempotent. */
  @Override
  public void close() {
    stopEverything();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running or ran
    }
  }

  private synchronized void stopEverything() {
    if (closed) {
      return;
    }
    closed = true;
    for (SimNode n : nodes) {
      signalKill(n);
    }
    for (SimNode n : nodes) {
      Process p = n.process();
      if (p != null) {
        try {
          p.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    for (FaultProxy p : proxies) {
      p.close();
    }
    reaper.forget();
    SimBlueGreen bg = blueGreen;
    if (bg != null && bg.blue() == this) {
      bg.green().close(); // the blue cluster owns its deployment
    }
    if (ownsDir) {
      try {
        MariaDb.deleteTree(dir);
      } catch (UncheckedIOException e) {
        LOG.warning(() -> "cluster-sim: could not delete " + dir + ": " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- SQL helpers

  private Connection admin(SimNode node) throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.serverPort()
        + "/?user=root&sslMode=DISABLED&connectTimeout=2000&socketTimeout=30000&allowPublicKeyRetrieval=true");
  }

  private void sql(SimNode node, String... statements) throws IOException {
    try (Connection c = admin(node); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IOException("SQL on node " + node.id() + " failed: " + e.getMessage(), e);
    }
  }

  private String queryString(SimNode node, String query) throws IOException {
    try (Connection c = admin(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IOException("query on node " + node.id() + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- builder

  /** Options for {@link SimCluster}; {@link #start()} validates them and starts the cluster. */
  public static final class Builder {
    private int nodes = 3;
    private Path dataDir;
    private boolean proxies = true;
    private boolean rdsNames;
    private String clusterName = "sim";
    private String clusterId = "czsimclusterx";
    private String region = "us-east-1";
    private boolean semiSync = true;
    private String database = "app";
    private String user = "app";
    private String password = "app-password";
    private Path hostsFile;
    private boolean aurora;
    private long endpointLagMs = -1;
    private final Map<String, Integer> customEndpoints = new java.util.LinkedHashMap<>();
    private boolean blueGreen;
    // Set by SimBlueGreen for the two clusters of a deployment (not public).
    int addressOctet;
    int serverIdBase;
    String instanceSuffix = "";
    String proxyPrefix = "cluster-sim-proxy-";
    int fixedEndpointPort = -1;
    HostsFile sharedHosts;

    private Builder() {
    }

    /** Number of nodes, 1..200: node 1 starts as the writer. Default 3. */
    public Builder nodes(int nodes) {
      if (nodes < 1 || nodes > 200) {
        throw new IllegalArgumentException("nodes must be 1..200, got " + nodes);
      }
      this.nodes = nodes;
      return this;
    }

    /** Where node data and logs go (kept after close). Default: a temporary directory, deleted on close. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** A fault-injecting proxy in front of each node. Default true. */
    public Builder proxies(boolean proxies) {
      this.proxies = proxies;
      return this;
    }

    /** RDS-shaped names and addresses (see the README). Default false. */
    public Builder rdsNames(boolean rdsNames) {
      this.rdsNames = rdsNames;
      return this;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = requireName(clusterName, "clusterName");
      return this;
    }

    /** The {@code <cluster-id>} part of RDS-shaped names. Default {@code czsimclusterx}. */
    public Builder clusterId(String clusterId) {
      this.clusterId = requireName(clusterId, "clusterId");
      return this;
    }

    public Builder region(String region) {
      this.region = requireName(region, "region");
      return this;
    }

    /** Semi-synchronous replication (AFTER_SYNC) so acknowledged commits survive a writer crash. Default true. */
    public Builder semiSync(boolean semiSync) {
      this.semiSync = semiSync;
      return this;
    }

    public Builder database(String database) {
      this.database = requireName(database, "database");
      return this;
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Aurora MySQL 3's surface on every instance ({@code aurora_version}, {@code @@aurora_server_id},
     * {@code @@innodb_read_only}, {@code information_schema.replica_host_status}) with RDS-shaped
     * names (implies {@link #rdsNames(boolean)}) and endpoints whose DNS lags a promotion by
     * {@link #endpointLagMs(long)}. See the README for what is emulated. Default false.
     */
    public Builder aurora(boolean aurora) {
      this.aurora = aurora;
      return this;
    }

    /**
     * After a promotion, the cluster endpoint keeps relaying to the old writer's instance and the
     * reader endpoint to the old readers for this long, like a DNS record with a TTL. Default
     * 5000 in Aurora mode, 0 (follow at once) otherwise; 0 = no lag.
     */
    public Builder endpointLagMs(long endpointLagMs) {
      if (endpointLagMs < 0 || endpointLagMs > 600_000) {
        throw new IllegalArgumentException("endpointLagMs must be 0..600000, got " + endpointLagMs);
      }
      this.endpointLagMs = endpointLagMs;
      return this;
    }

    /**
     * A blue/green deployment (needs {@link #aurora(boolean)}): {@link #start()} returns the blue
     * cluster, and {@link SimCluster#blueGreen()} the deployment with its green cluster (same node
     * count, Aurora mode, replicating from blue's writer) and {@link SimBlueGreen#switchover}. See
     * the README's "Blue/green deployment". Default false.
     */
    public Builder blueGreen(boolean blueGreen) {
      this.blueGreen = blueGreen;
      return this;
    }

    boolean isBlueGreen() {
      return blueGreen;
    }

    void clearCustomEndpoints() {
      customEndpoints.clear();
    }

    long endpointLagMs() {
      return endpointLagMs >= 0 ? endpointLagMs : aurora ? 5000 : 0;
    }

    /** RDS-shaped mode: where to write the hosts file. Default {@code <dataDir>/hosts}. */
    public Builder hostsFile(Path hostsFile) {
      this.hostsFile = hostsFile;
      return this;
    }

    /**
     * RDS-shaped mode: write this cluster's names into {@code other}'s hosts file (the same file and
     * object, rewritten whole with both clusters' names), instead of a file of its own; overrides
     * {@link #hostsFile}. For a JVM that resolves through one file (e.g. an application server
     * started with {@code -Djdk.net.hosts.file}) and must reach two clusters: give this one another
     * {@link #clusterName} and {@link #clusterId}, or the names clash. A blue/green deployment
     * shares it with green too. Names stay in the file after this cluster closes.
     */
    public Builder sharedHostsFile(SimCluster other) {
      HostsFile h = other.hosts();
      if (h == null) {
        throw new IllegalArgumentException("sharedHostsFile: the other cluster has no hosts file (it does not run with RDS-shaped names)");
      }
      this.sharedHosts = h;
      return this;
    }

    /**
     * RDS-shaped mode: a custom endpoint name in the hosts file,
     * {@code <name>.cluster-custom-<cluster-id>.<region>.rds.amazonaws.com}, resolving to node
     * {@code nodeId}'s instance proxy (a real custom endpoint's DNS answers with one of its members;
     * here always this one, so make it a member). Its members as RDS describes them are not kept
     * here: define them in {@link dev.aurorajca.clustersim.aws.RdsApiStub}.
     */
    public Builder customEndpoint(String name, int nodeId) {
      customEndpoints.put(requireName(name, "custom endpoint name").toLowerCase(java.util.Locale.ROOT), nodeId);
      return this;
    }

    /** The cluster keeps its own copy: changing this builder later does not touch it. */
    Builder copy() {
      Builder b = new Builder();
      b.nodes = nodes;
      b.dataDir = dataDir;
      b.proxies = proxies;
      b.rdsNames = rdsNames;
      b.clusterName = clusterName;
      b.clusterId = clusterId;
      b.region = region;
      b.semiSync = semiSync;
      b.database = database;
      b.user = user;
      b.password = password;
      b.hostsFile = hostsFile;
      b.aurora = aurora;
      b.endpointLagMs = endpointLagMs;
      b.customEndpoints.putAll(customEndpoints);
      b.blueGreen = blueGreen;
      b.addressOctet = addressOctet;
      b.serverIdBase = serverIdBase;
      b.instanceSuffix = instanceSuffix;
      b.proxyPrefix = proxyPrefix;
      b.fixedEndpointPort = fixedEndpointPort;
      b.sharedHosts = sharedHosts;
      return b;
    }

    private static String requireName(String value, String what) {
      if (value == null || !value.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(what + " must match [A-Za-z0-9_-]+, got " + value);
      }
      return value;
    }

    /** Starts the cluster; returns when every replica caught up with the writer. */
    public SimCluster start() throws IOException {
      if (blueGreen) {
        if (!aurora) {
          throw new IllegalArgumentException("blueGreen(true) needs aurora(true): a blue/green deployment is Aurora-shaped");
        }
        return SimBlueGreen.start(copy()).blue();
      }
      return startOne();
    }

    /** One cluster, also one of a blue/green deployment's two. */
    SimCluster startOne() throws IOException {
      SimCluster cluster = new SimCluster(copy());
      try {
        cluster.boot();
        return cluster;
      } catch (IOException | RuntimeException e) {
        cluster.close();
        throw e;
      }
    }
  }
}
