package dev.aurorajca.clustersim;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Command line: {@code java -jar cluster-sim.jar <command> --dir DIR}.
 *
 * <p>{@code up} re-launches this class detached as {@code serve}: that daemon JVM owns the cluster
 * (the mariadbd processes are its children and the proxies its threads) and takes every later
 * command over a loopback control socket whose port it writes to {@code DIR/control.port}.
 * {@code down} asks it to stop; if it does not answer, kills it and every recorded mariadbd by PID.
 */
public final class Cli {

  /** A command: its name, how many numeric arguments it takes, and its usage line. */
  private record Command(String name, int arity, String synopsis, String help) {
  }

  /**
   * An option: the commands it belongs to (space-separated; "*" = every command), its value's name
   * (null = a flag; N and MS values must be whole numbers >= 0), and its help.
   */
  private record Option(String commands, String name, String value, String help) {
    boolean numeric() {
      return "N".equals(value) || "MS".equals(value);
    }
  }

  private static final List<Command> COMMANDS = List.of(
      new Command("up", 0, "up", "start a cluster in DIR, print its JSON"),
      new Command("status", 0, "status", "print the cluster's JSON"),
      new Command("failover", 0, "failover", "crash the writer, promote a replica"),
      new Command("kill", 1, "kill NODE_ID", "SIGKILL a node's mariadbd"),
      new Command("restart", 1, "restart NODE_ID", "start a node again, caught up"),
      new Command("hang", 1, "hang NODE_ID", "SIGSTOP a node's mariadbd"),
      new Command("resume", 1, "resume NODE_ID", "SIGCONT it"),
      new Command("cut", 1, "cut NODE_ID", "reset every connection through the node's proxy"),
      new Command("blackhole", 1, "blackhole NODE_ID", "drop the proxy's bytes both ways"),
      new Command("heal", 1, "heal NODE_ID", "undo blackhole and latency"),
      new Command("latency", 2, "latency NODE_ID MS", "delay the proxy's bytes"),
      new Command("switchover", 0, "switchover", "blue/green switchover (up --blue-green); returns when done"),
      new Command("down", 0, "down", "stop every process of the cluster"),
      new Command("serve", 0, "serve", null)); // internal: the daemon that up launches

  /** Adding an option is one line here (serve accepts up's options: up passes them on). */
  private static final List<Option> OPTIONS = List.of(
      new Option("*", "--dir", "DIR", "the cluster's directory (required)"),
      new Option("up serve", "--nodes", "N", "number of nodes (default 3)"),
      new Option("up serve", "--rds-names", null, "RDS-shaped names through DIR/hosts"),
      new Option("up serve", "--aurora", null, "Aurora MySQL surface, RDS names, lagging endpoint DNS"),
      new Option("up serve", "--endpoint-lag-ms", "MS", "endpoint DNS lag after a promotion (--aurora; default 5000)"),
      new Option("up serve", "--blue-green", null, "a blue and a green cluster, green replicating (needs --aurora)"),
      new Option("failover", "--delay-ms", "MS", "promote MS after the crash"),
      new Option("switchover", "--phase-ms", "MS", "least time in each switchover phase (default 1000)"),
      new Option("switchover", "--dns-lag-ms", "MS", "names move this long after the rename (default: endpoint lag)"),
      new Option("switchover", "--rollback", null, "fail during SWITCHOVER_IN_PROGRESS, back to blue"));

  static String usage() {
    StringBuilder sb = new StringBuilder("usage: java -jar cluster-sim.jar <command> [options] --dir DIR\n");
    for (Command c : COMMANDS) {
      if (c.help() == null) {
        continue;
      }
      StringBuilder line = new StringBuilder("  ").append(c.synopsis());
      for (Option o : OPTIONS) {
        if (!o.commands().equals("*") && applies(o, c.name())) {
          line.append(" [").append(o.name()).append(o.value() == null ? "" : " " + o.value()).append(']');
        }
      }
      sb.append(String.format("%-44s %s%n", line, c.help()));
    }
    sb.append("options:\n");
    for (Option o : OPTIONS) {
      sb.append(String.format("  %-42s %s%n", o.name() + (o.value() == null ? "" : " " + o.value()), o.help()));
    }
    return sb.toString();
  }

  private static boolean applies(Option o, String command) {
    return o.commands().equals("*") || List.of(o.commands().split(" ")).contains(command);
  }

  /** Thrown for a command line this CLI does not accept: usage on stderr, exit 2. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** A parsed command line: the command, its numeric arguments, and the options given. */
  record Args(String command, List<Long> numbers, Map<String, String> options) {

    static Args parse(String[] argv) throws UsageException {
      List<String> words = new ArrayList<>();
      Map<String, String> options = new LinkedHashMap<>();
      List<String> raw = List.of(argv);
      for (int i = 0; i < raw.size(); i++) {
        String a = raw.get(i);
        if (!a.startsWith("--")) {
          words.add(a);
          continue;
        }
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        Option o = OPTIONS.stream().filter(x -> x.name().equals(name)).findFirst()
            .orElseThrow(() -> new UsageException("unknown option " + name));
        String value = null;
        if (o.value() != null) {
          if (a.contains("=")) {
            value = a.substring(a.indexOf('=') + 1);
          } else if (i + 1 < raw.size()) {
            value = raw.get(++i);
          } else {
            throw new UsageException(name + " needs a value (" + o.value() + ")");
          }
        } else if (a.contains("=")) {
          throw new UsageException(name + " takes no value");
        }
        if (options.containsKey(name)) {
          throw new UsageException(name + " given twice");
        }
        options.put(name, value);
      }
      if (words.isEmpty()) {
        throw new UsageException("no command given");
      }
      String name = words.remove(0);
      Command command = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException("unknown command " + name));
      for (String option : options.keySet()) {
        Option o = OPTIONS.stream().filter(x -> x.name().equals(option)).findFirst().orElseThrow();
        if (!applies(o, name)) {
          throw new UsageException(option + " does not apply to " + name);
        }
      }
      if (options.containsKey("--blue-green") && !options.containsKey("--aurora")) {
        throw new UsageException("--blue-green needs --aurora");
      }
      if (!options.containsKey("--dir")) {
        throw new UsageException("--dir DIR is required");
      }
      if (words.size() != command.arity()) {
        throw new UsageException(command.synopsis() + ": expected " + command.arity() + " argument(s), got "
            + words.size() + " " + words);
      }
      List<Long> numbers = new ArrayList<>();
      for (String w : words) {
        numbers.add(number(w, "argument of " + name));
      }
      for (Map.Entry<String, String> e : options.entrySet()) {
        Option o = OPTIONS.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
        if (o.numeric()) {
          number(e.getValue(), e.getKey());
        }
      }
      return new Args(name, numbers, options);
    }

    private static long number(String value, String what) throws UsageException {
      try {
        long n = Long.parseLong(value);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(what + " must be a number >= 0, got " + value);
    }

    boolean flag(String name) {
      return options.containsKey(name);
    }

    Optional<String> value(String name) {
      return Optional.ofNullable(options.get(name));
    }

    /** The options again, for the daemon's command line. */
    List<String> passOn() {
      List<String> out = new ArrayList<>();
      options.forEach((k, v) -> {
        if (!k.equals("--dir")) {
          out.add(k);
          if (v != null) {
            out.add(v);
          }
        }
      });
      return out;
    }
  }

  /** How long up waits for the daemon's cluster (a first start on a machine also builds the template). */
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(120);

  private Cli() {
  }

  public static void main(String[] args) {
    // Explicit UTF-8: under LANG=C the platform encoding would turn non-ASCII into '?'.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    try {
      System.exit(run(args, out));
    } catch (Exception e) {
      System.err.println("cluster-sim: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(String[] argv, PrintStream out) throws Exception {
    if (argv.length == 1 && (argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help"))) {
      out.print(usage());
      return 0;
    }
    Args args;
    try {
      args = Args.parse(argv);
    } catch (UsageException e) {
      System.err.println("cluster-sim: " + e.getMessage());
      System.err.print(usage());
      return 2;
    }
    Path dir = Path.of(args.value("--dir").orElseThrow()).toAbsolutePath();
    String command = args.command();
    switch (command) {
      case "up":
        return up(dir, args.passOn(), out);
      case "serve":
        serve(dir, args);
        return 0;
      case "down":
        return down(dir, out);
      case "switchover": {
        String line = "switchover " + args.value("--phase-ms").orElse("-1") + " "
            + args.value("--dns-lag-ms").orElse("-1") + " " + (args.flag("--rollback") ? 1 : 0);
        String reply = send(dir, line);
        out.println(reply);
        return reply.startsWith("{\"error\"") ? 1 : 0;
      }
      default: {
        String line = command;
        Optional<String> delay = args.value("--delay-ms");
        if (delay.isPresent()) {
          line += " " + delay.get();
        }
        for (long n : args.numbers()) {
          line += " " + n;
        }
        String reply = send(dir, line);
        out.println(reply);
        return reply.startsWith("{\"error\"") ? 1 : 0;
      }
    }
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
    // Until the cluster is up, the daemon is this command's to stop: when up fails, times out, or
    // is interrupted (Ctrl-C, SIGTERM), nothing it started may stay behind.
    AtomicBoolean handedOver = new AtomicBoolean();
    Thread abort = new Thread(() -> {
      if (handedOver.compareAndSet(false, true)) {
        stopDaemon(daemon);
      }
    }, "cluster-sim-up-abort");
    Runtime.getRuntime().addShutdownHook(abort);
    try {
      Path port = dir.resolve("control.port");
      Path failed = dir.resolve("daemon.failed");
      boolean settled = MariaDb.await(UP_TIMEOUT,
          () -> Files.exists(port) || Files.exists(failed) || !daemon.isAlive());
      if (!Files.exists(port)) {
        String why = Files.exists(failed) ? Files.readString(failed)
            : (settled ? "the daemon exited" : "not up within " + UP_TIMEOUT.toSeconds() + " s")
              + "; see " + dir.resolve("daemon.log");
        System.err.println("cluster-sim: up failed: " + why);
        return 1;
      }
      String status = send(dir, "status");
      if (!handedOver.compareAndSet(false, true)) {
        return 1; // being interrupted: the hook stops the daemon
      }
      out.println(status);
      return 0;
    } finally {
      abort.run(); // no-op once handed over
      try {
        Runtime.getRuntime().removeShutdownHook(abort);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs (or ran) anyway
      }
    }
  }

  /** SIGTERM (its shutdown hook closes the cluster), SIGKILL if that takes too long, then orphans. */
  private static void stopDaemon(Process daemon) {
    daemon.destroy();
    if (!MariaDb.await(Duration.ofSeconds(30), () -> !daemon.isAlive())) {
      daemon.destroyForcibly();
      MariaDb.await(Duration.ofSeconds(10), () -> !daemon.isAlive());
    }
    OrphanReaper.reapOrphans(); // the mariadbd of a daemon that died without its hook
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
            .filter(h -> h.info().user().equals(ProcessHandle.current().info().user()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
      Files.delete(pids);
    }
    OrphanReaper.reapOrphans(); // also servers the daemon started but had not recorded here yet
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

  private static void serve(Path dir, Args args) throws IOException {
    SimCluster.Builder builder = SimCluster.builder().dataDir(dir);
    Optional<String> nodes = args.value("--nodes");
    if (nodes.isPresent()) {
      builder.nodes(Integer.parseInt(nodes.get()));
    }
    if (args.flag("--rds-names")) {
      builder.rdsNames(true);
    }
    if (args.flag("--aurora")) {
      builder.aurora(true);
    }
    if (args.flag("--blue-green")) {
      builder.blueGreen(true);
    }
    Optional<String> lag = args.value("--endpoint-lag-ms");
    if (lag.isPresent()) {
      builder.endpointLagMs(Long.parseLong(lag.get()));
    }
    SimCluster cluster;
    try {
      cluster = builder.start();
    } catch (IOException | RuntimeException e) {
      writeAtomically(dir.resolve("daemon.failed"), String.valueOf(e.getMessage()));
      throw e;
    }
    try (ServerSocket control = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      writeAtomically(dir.resolve("daemon.pid"), Long.toString(ProcessHandle.current().pid()));
      recordPids(dir, cluster);
      writeAtomically(dir.resolve("control.port"), Integer.toString(control.getLocalPort()));
      AtomicBoolean down = new AtomicBoolean();
      while (!down.get()) {
        Socket s;
        try {
          s = control.accept();
        } catch (IOException e) {
          break; // closed by down
        }
        // One thread per command: status answers while a switchover runs.
        Thread t = new Thread(() -> handle(s, dir, cluster, control, down), "cluster-sim-control");
        t.setDaemon(true);
        t.start();
      }
    } finally {
      cluster.close();
    }
  }

  /**
   * {@code up} polls for these files and reads them as soon as they exist: a plain write could be
   * seen empty (created, not written yet). Written elsewhere, then renamed into place.
   */
  private static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void handle(Socket s, Path dir, SimCluster cluster, ServerSocket control, AtomicBoolean down) {
    try (s) {
      BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      String line = r.readLine();
      if (line == null) {
        return;
      }
      String reply;
      boolean stop = line.trim().equals("down");
      if (stop) {
        down.set(true);
        cluster.close();
        reply = "{\"down\":true}";
      } else {
        reply = execute(cluster, line.trim().split(" "));
        recordPids(dir, cluster);
      }
      w.write(reply + "\n");
      w.flush();
      if (stop) {
        control.close(); // ends the accept loop: the daemon exits
      }
    } catch (IOException e) {
      // one client went away: keep serving the others
    }
  }

  private static synchronized void recordPids(Path dir, SimCluster cluster) throws IOException {
    // Append-only: a restarted node gets a new PID, and down must be able to find every one.
    StringBuilder sb = new StringBuilder();
    for (SimNode n : cluster.nodes()) {
      sb.append(n.pid()).append('\n');
    }
    Optional<SimBlueGreen> bg = cluster.blueGreen();
    if (bg.isPresent()) {
      for (SimNode n : bg.get().green().nodes()) {
        sb.append(n.pid()).append('\n');
      }
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
        case "switchover": {
          SimBlueGreen bg = cluster.blueGreen()
              .orElseThrow(() -> new IllegalStateException("not a blue/green deployment (up --aurora --blue-green)"));
          SimBlueGreen.Options o = SimBlueGreen.options().rollback("1".equals(cmd[3]));
          if (Long.parseLong(cmd[1]) >= 0) {
            o.phaseMs(Long.parseLong(cmd[1]));
          }
          if (Long.parseLong(cmd[2]) >= 0) {
            o.dnsLagMs(Long.parseLong(cmd[2]));
          }
          SimBlueGreen.Result r = bg.switchover(o);
          StringBuilder sb = new StringBuilder("{\"switchover\":{\"rolledBack\":").append(r.rolledBack())
              .append(",\"writesBlockedMs\":").append(r.writesBlocked().toMillis());
          if (r.dnsMovedAt() != null) {
            sb.append(",\"dnsMovedAt\":").append(Json.str(r.dnsMovedAt().toString()));
          }
          sb.append(",\"phases\":").append(phases(r.phases())).append("},");
          return sb.append(status(cluster).substring(1)).toString();
        }
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
    String json = clusterStatus(cluster);
    Optional<SimBlueGreen> deployment = cluster.blueGreen();
    if (deployment.isEmpty()) {
      return json;
    }
    SimBlueGreen bg = deployment.get();
    SimBlueGreen.Phase phase = bg.phase();
    StringBuilder sb = new StringBuilder(json.substring(0, json.length() - 1));
    sb.append(",\"blueGreen\":{\"phase\":").append(Json.str(phase.name()))
        .append(",\"status\":").append(Json.str(phase.status()))
        .append(",\"switchoverRunning\":").append(bg.isSwitchoverRunning())
        .append(",\"switchedOver\":").append(bg.isSwitchedOver())
        .append(",\"history\":").append(phases(bg.history()))
        .append(",\"blue\":").append(clusterStatus(bg.blue()))
        .append(",\"green\":").append(clusterStatus(bg.green()))
        .append("}}");
    return sb.toString();
  }

  private static String phases(List<SimBlueGreen.PhaseChange> changes) {
    StringBuilder sb = new StringBuilder("[");
    for (SimBlueGreen.PhaseChange c : changes) {
      sb.append(sb.length() == 1 ? "" : ",").append("{\"phase\":").append(Json.str(c.phase().name()))
          .append(",\"status\":").append(Json.str(c.phase().status()))
          .append(",\"at\":").append(Json.str(c.at().toString()))
          .append(",\"rollback\":").append(c.rollback()).append('}');
    }
    return sb.append(']').toString();
  }

  /** One cluster's JSON (the blue one's is the top level of {@link #status}). */
  private static String clusterStatus(SimCluster cluster) {
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
            if (c < 0x20 || c > 0x7e) { // ASCII-only output: readable under any locale
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
