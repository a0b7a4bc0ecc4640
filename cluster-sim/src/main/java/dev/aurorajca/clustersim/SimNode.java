package dev.aurorajca.clustersim;

import java.nio.file.Path;

/**
 * One instance of a {@link SimCluster}: a {@code mariadbd} process and the proxy in front of it.
 *
 * <p>A live view: {@link #pid()}, {@link #isWriter()} and {@link #isRunning()} change as the
 * cluster fails over and nodes are killed and restarted. {@link #host()} and {@link #port()} are
 * what a client connects to (the proxy, unless proxies are off).
 */
public final class SimNode {

  private final SimCluster cluster;
  private final int id;
  private final Path dir;
  private final int serverPort;
  private volatile String host;
  private final String address;
  private final int port;

  /** The running process, or {@code null} when the node is down. Guarded by the cluster. */
  private volatile Process process;
  private volatile long pid = -1;
  private volatile boolean hung;

  SimNode(SimCluster cluster, int id, Path dir, int serverPort, String host, String address, int port) {
    this.cluster = cluster;
    this.id = id;
    this.dir = dir;
    this.serverPort = serverPort;
    this.host = host;
    this.address = address;
    this.port = port;
  }

  /**
   * 1..N: the node's {@code @@server_id} and its id in {@code mysql.rds_topology} (a blue/green
   * deployment's green cluster: {@code @@server_id} is 100 + id, replication skips a server's own id).
   */
  public int id() {
    return id;
  }

  /**
   * Host name a client connects to: {@code 127.0.0.1}, or in RDS-shaped mode
   * {@code instance-N.<cluster-id>.<region>.rds.amazonaws.com} (resolvable through
   * {@link SimCluster#hostsFile()}). A blue/green switchover renames it (blue: {@code instance-N-old1…};
   * green: {@code instance-N-green-bgsim1…} becomes {@code instance-N…}).
   */
  public String host() {
    return host;
  }

  /**
   * RDS-shaped modes: the instance identifier, {@code instance-N} (the first label of
   * {@link #host()}; Aurora mode's {@code @@aurora_server_id}); null otherwise.
   */
  public String instanceId() {
    return host.startsWith("instance-") ? host.substring(0, host.indexOf('.')) : null;
  }

  /** The literal IP address behind {@link #host()}, usable without the hosts file. */
  public String address() {
    return address;
  }

  /** Client-facing port: the proxy's, or the server's when proxies are off. */
  public int port() {
    return port;
  }

  /** The {@code mariadbd} port on 127.0.0.1, bypassing the proxy. */
  public int serverPort() {
    return serverPort;
  }

  /** PID of the current {@code mariadbd} process; the last one's after a kill, -1 before start. */
  public long pid() {
    return pid;
  }

  public boolean isWriter() {
    return cluster.writerId() == id;
  }

  /** The process is alive (it may be hung by {@link SimCluster#hang(int)}). */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Stopped with SIGSTOP by {@link SimCluster#hang(int)} and not resumed yet. */
  public boolean isHung() {
    return hung;
  }

  /** This node's directory: {@code data/}, {@code error.log}. */
  public Path dir() {
    return dir;
  }

  Process process() {
    return process;
  }

  void process(Process p) {
    this.process = p;
    if (p != null) {
      this.pid = p.pid();
    }
  }

  /** A blue/green switchover renamed the instance. */
  void host(String host) {
    this.host = host;
  }

  void hung(boolean h) {
    this.hung = h;
  }

  @Override
  public String toString() {
    return "node " + id + " (" + host + ":" + port + ", server " + serverPort + ", pid " + pid
        + (isWriter() ? ", writer" : ", reader") + (isRunning() ? "" : ", down") + (hung ? ", hung" : "") + ")";
  }
}
