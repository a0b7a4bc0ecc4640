package dev.aurorajca.clustersim;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command line: {@code java -jar cluster-sim.jar <command> --dir DIR}.
 *
 * <p>{@code up} re-launches this class detached as {@code serve}: that daemon JVM owns the cluster
 * (the mariadbd processes are its children and the proxies its threads) and takes every later
 * command over a loopback control socket whose port it writes to {@code DIR/control.port}.
 * {@code down} asks it to stop; if it does not answer, kills it and every recorded mariadbd by PID.
 */
public final class Cli {

  private static final String USAGE = String.join("\n",
      "usage: java -jar cluster-sim.jar <command> --dir DIR",
      "  up [--nodes N] [--rds-names]   start a cluster in DIR, print its JSON",
      "     [--aurora [--endpoint-lag-ms MS]]  Aurora MySQL surface, RDS names, lagging endpoint DNS (default 5000)",
      "  status                         print the cluster's JSON",
      "  failover [--delay-ms MS]       crash the writer, promote a replica",
      "  kill|restart|hang|resume|cut|blackhole|heal NODE_ID",
      "  latency NODE_ID MS",
      "  down                           stop every process of the cluster");

  private Cli() {
  }

  public static void main(String[] args) {
    try {
      System.exit(run(args, System.out));
    } catch (Exception e) {
      System.err.println("cluster-sim: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(String[] argv, PrintStream out) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    Path dir = option(args, "--dir").map(Path::of).orElse(null);
    if (args.isEmpty() || dir == null) {
      System.err.println(USAGE);
      return 2;
    }
    dir = dir.toAbsolutePath();
    String command = args.remove(0);
    switch (command) {
      case "up":
        return up(dir, args, out);
      case "serve":
        serve(dir, args);
        return 0;
      case "down":
        return down(dir, out);
      case "status":
      case "failover":
      case "kill":
      case "restart":
      case "hang":
      case "resume":
      case "cut":
      case "blackhole":
      case "heal":
      case "latency": {
        String line = command;
        Optional<String> delay = option(args, "--delay-ms");
        if (delay.isPresent()) {
          line += " " + Long.parseLong(delay.get());
        }
        for (String a : args) {
          line += " " + Long.parseLong(a);
        }
        String reply = send(dir, line);
        out.println(reply);
        return reply.startsWith("{\"error\"") ? 1 : 0;
      }
      default:
        System.err.println(USAGE);
        return 2;
    }
  }

  private static Optional<String> option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return Optional.empty();
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return Optional.of(value);
  }

  // ---------------------------------------------------------------- up / down (client side)

  private static int up(Path dir, List<String> args, PrintStream out) throws Exception {
    Files.createDirectories(dir);
    Optional<Long> running = daemonPid(dir);
    if (running.isPresent()) {
      System.err.println("cluster-sim: a cluster is already up in " + dir + " (daemon pid " + running.get() + ")");
      return 1;
    }
    Files.deleteIfExists(dir.resolve("control.port"));
    Files.deleteIfExists(dir.resolve("daemon.failed"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      cmd.add("/usr/bin/setsid"); // own session: a closing terminal does not take the cluster down
    }
    cmd.addAll(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
        "serve", "--dir", dir.toString()));
    cmd.addAll(args);
    Process daemon = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    Path port = dir.resolve("control.port");
    Path failed = dir.resolve("daemon.failed");
    MariaDb.await(Duration.ofSeconds(120), () -> Files.exists(port) || Files.exists(failed) || !daemon.isAlive());
    if (!Files.exists(port)) {
      String why = Files.exists(failed) ? Files.readString(failed) : "see " + dir.resolve("daemon.log");
      System.err.println("cluster-sim: up failed: " + why);
      return 1;
    }
    out.println(send(dir, "status"));
    return 0;
  }

  private static int down(Path dir, PrintStream out) throws IOException {
    Optional<Long> pid = daemonPid(dir);
    if (pid.isPresent()) {
      try {
        send(dir, "down");
      } catch (IOException e) {
        // not answering: killed below
      }
      Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
      if (handle.isPresent() && !MariaDb.await(Duration.ofSeconds(20), () -> !handle.get().isAlive())) {
        handle.get().destroyForcibly();
      }
    }
    // Safety net: whatever the daemon did not stop, stop by recorded PID (only if still a mariadbd).
    Path pids = dir.resolve("mariadbd.pids");
    if (Files.exists(pids)) {
      for (String line : Files.readAllLines(pids)) {
        if (line.isBlank()) {
          continue;
        }
        ProcessHandle.of(Long.parseLong(line.trim()))
            .filter(h -> h.info().command().map(c -> c.endsWith("mariadbd")).orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
      Files.delete(pids);
    }
    Files.deleteIfExists(dir.resolve("control.port"));
    Files.deleteIfExists(dir.resolve("daemon.pid"));
    out.println("{\"down\":true}");
    return 0;
  }

  private static Optional<Long> daemonPid(Path dir) throws IOException {
    Path file = dir.resolve("daemon.pid");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readString(file).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
  }

  private static String send(Path dir, String line) throws IOException {
    Path portFile = dir.resolve("control.port");
    if (!Files.exists(portFile)) {
      throw new IOException("no cluster is up in " + dir + " (run: up --dir " + dir + ")");
    }
    int port = Integer.parseInt(Files.readString(portFile).trim());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      w.write(line + "\n");
      w.flush();
      BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String reply = r.readLine();
      if (reply == null) {
        throw new IOException("the cluster daemon closed the connection");
      }
      return reply;
    }
  }

  // ---------------------------------------------------------------- the daemon

  private static void serve(Path dir, List<String> args) throws IOException {
    SimCluster.Builder builder = SimCluster.builder().dataDir(dir);
    Optional<String> nodes = option(args, "--nodes");
    if (nodes.isPresent()) {
      builder.nodes(Integer.parseInt(nodes.get()));
    }
    if (args.remove("--rds-names")) {
      builder.rdsNames(true);
    }
    if (args.remove("--aurora")) {
      builder.aurora(true);
    }
    Optional<String> lag = option(args, "--endpoint-lag-ms");
    if (lag.isPresent()) {
      builder.endpointLagMs(Long.parseLong(lag.get()));
    }
    SimCluster cluster;
    try {
      cluster = builder.start();
    } catch (IOException | RuntimeException e) {
      Files.writeString(dir.resolve("daemon.failed"), String.valueOf(e.getMessage()));
      throw e;
    }
    try (ServerSocket control = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Files.writeString(dir.resolve("daemon.pid"), Long.toString(ProcessHandle.current().pid()));
      recordPids(dir, cluster);
      Files.writeString(dir.resolve("control.port"), Integer.toString(control.getLocalPort()));
      while (true) {
        try (Socket s = control.accept()) {
          BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
          String line = r.readLine();
          if (line == null) {
            continue;
          }
          boolean down = line.trim().equals("down");
          String reply;
          if (down) {
            cluster.close();
            reply = "{\"down\":true}";
          } else {
            reply = execute(cluster, line.trim().split(" "));
            recordPids(dir, cluster);
          }
          w.write(reply + "\n");
          w.flush();
          if (down) {
            return;
          }
        } catch (IOException e) {
          // one client went away: keep serving the others
        }
      }
    } finally {
      cluster.close();
    }
  }

  private static void recordPids(Path dir, SimCluster cluster) throws IOException {
    // Append-only: a restarted node gets a new PID, and down must be able to find every one.
    StringBuilder sb = new StringBuilder();
    for (SimNode n : cluster.nodes()) {
      sb.append(n.pid()).append('\n');
    }
    Files.writeString(dir.resolve("mariadbd.pids"), sb, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static String execute(SimCluster cluster, String[] cmd) {
    try {
      int id = cmd.length > 1 ? Integer.parseInt(cmd[1]) : -1;
      switch (cmd[0]) {
        case "status":
          return status(cluster);
        case "failover": {
          FailoverResult r = cluster.failover(Duration.ofMillis(id < 0 ? 0 : id));
          return "{\"oldWriterId\":" + r.oldWriterId() + ",\"newWriterId\":" + r.newWriterId()
              + ",\"crashedAt\":" + Json.str(r.crashedAt().toString()) + ",\"promotedAt\":"
              + Json.str(r.promotedAt().toString()) + ",\"writerDowntimeMs\":" + r.writerDowntime().toMillis() + "}";
        }
        case "kill":
          cluster.kill(id);
          break;
        case "restart":
          cluster.restart(id);
          break;
        case "hang":
          cluster.hang(id);
          break;
        case "resume":
          cluster.resume(id);
          break;
        case "cut":
          cluster.cut(id);
          break;
        case "blackhole":
          cluster.blackhole(id);
          break;
        case "heal":
          cluster.heal(id);
          break;
        case "latency":
          cluster.latency(id, Long.parseLong(cmd[2]));
          break;
        default:
          return "{\"error\":" + Json.str("unknown command " + cmd[0]) + "}";
      }
      return status(cluster);
    } catch (RuntimeException e) {
      return "{\"error\":" + Json.str(String.valueOf(e.getMessage())) + "}";
    }
  }

  /** The one-object JSON that {@code up} and {@code status} print. */
  static String status(SimCluster cluster) {
    StringBuilder sb = new StringBuilder("{\"nodes\":[");
    for (SimNode n : cluster.nodes()) {
      if (n.id() > 1) {
        sb.append(',');
      }
      sb.append("{\"id\":").append(n.id())
          .append(",\"host\":").append(Json.str(n.host()))
          .append(",\"port\":").append(n.port())
          .append(",\"role\":").append(Json.str(n.isWriter() ? "writer" : "reader"))
          .append(",\"running\":").append(n.isRunning())
          .append(",\"pid\":").append(n.pid())
          .append(",\"serverPort\":").append(n.serverPort());
      if (n.instanceId() != null) {
        sb.append(",\"instanceId\":").append(Json.str(n.instanceId()));
      }
      sb.append('}');
    }
    SimNode w = cluster.writer();
    sb.append("],\"writer\":{\"id\":").append(w.id()).append(",\"host\":").append(Json.str(w.host()))
        .append(",\"port\":").append(w.port());
    if (w.instanceId() != null) {
      sb.append(",\"instanceId\":").append(Json.str(w.instanceId()));
    }
    sb.append('}');
    sb.append(",\"database\":").append(Json.str(cluster.database()))
        .append(",\"user\":").append(Json.str(cluster.user()))
        .append(",\"password\":").append(Json.str(cluster.password()));
    if (cluster.isAurora()) {
      // Aurora mode: endpoints as host/port objects (the RDS-shaped mode keeps plain names).
      sb.append(",\"mode\":\"aurora\"");
      sb.append(",\"clusterEndpoint\":{\"host\":").append(Json.str(cluster.clusterEndpoint().orElseThrow()))
          .append(",\"port\":").append(cluster.endpointPort()).append('}');
      sb.append(",\"readerEndpoint\":{\"host\":").append(Json.str(cluster.readerEndpoint().orElseThrow()))
          .append(",\"port\":").append(cluster.endpointPort()).append('}');
      sb.append(",\"instanceHostPattern\":").append(Json.str(cluster.instanceHostPattern().orElseThrow()));
      sb.append(",\"endpointLagMs\":").append(cluster.endpointLag().toMillis());
    } else {
      cluster.clusterEndpoint().ifPresent(e -> sb.append(",\"clusterEndpoint\":").append(Json.str(e)));
      cluster.readerEndpoint().ifPresent(e -> sb.append(",\"readerEndpoint\":").append(Json.str(e)));
    }
    cluster.hostsFile().ifPresent(h -> sb.append(",\"endpointPort\":").append(cluster.endpointPort())
        .append(",\"hostsFile\":").append(Json.str(h.toString())));
    sb.append(",\"dir\":").append(Json.str(cluster.dir().toString()));
    return sb.append('}').toString();
  }

  /** Just enough JSON writing for flat status objects. */
  static final class Json {
    private Json() {
    }

    static String str(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.append('"').toString();
    }
  }
}
