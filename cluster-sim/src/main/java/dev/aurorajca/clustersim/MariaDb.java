package dev.aurorajca.clustersim;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Locating the MariaDB binaries, preparing data directories and launching {@code mariadbd}. */
final class MariaDb {

  /** Bumped whenever the template's content changes, so stale cached templates are not reused. */
  private static final String TEMPLATE_VERSION = "1";

  /** Server flags shared by initialisation and every start, so both agree on file sizes. */
  static final List<String> SIZE_FLAGS = List.of(
      "--innodb-buffer-pool-size=32M",
      "--innodb-log-file-size=8M");

  /**
   * mariadbd refuses to run as root unless told to with {@code --user=root}; any other user runs
   * it (and mariadb-install-db) as itself, which needs no {@code --user}.
   */
  private static final List<String> USER_FLAG = isRoot() ? List.of("--user=root") : List.of();

  private final Path mariadbd;
  private final Path installDb;

  private MariaDb(Path mariadbd, Path installDb) {
    this.mariadbd = mariadbd;
    this.installDb = installDb;
  }

  /** Finds {@code mariadbd} and {@code mariadb-install-db} in PATH, /usr/sbin or /usr/bin. */
  static MariaDb locate() throws IOException {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.add("/usr/sbin");
    dirs.add("/usr/bin");
    return locateIn(dirs);
  }

  static MariaDb locateIn(List<String> dirs) throws IOException {
    Path server = find("mariadbd", dirs);
    Path install = find("mariadb-install-db", dirs);
    if (server == null || install == null) {
      throw new IOException("MariaDB server binaries not found (looked for mariadbd and mariadb-install-db in PATH, "
          + "/usr/sbin and /usr/bin). Install them with: apt-get install -y mariadb-server");
    }
    return new MariaDb(server, install);
  }

  private static Path find(String name, List<String> dirs) {
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  Path server() {
    return mariadbd;
  }

  /**
   * A data directory initialised once per machine and MariaDB build, then copied for every node:
   * copying ~26 MiB is much faster than running {@code mariadb-install-db} per node. It holds the
   * system tables, {@code root@127.0.0.1} (TCP root without password) and an empty
   * {@code mysql.rds_topology}; it was written without a binary log, so it owns no GTIDs.
   */
  Path template() throws IOException {
    Path server = mariadbd.toRealPath();
    String key = TEMPLATE_VERSION + "-" + Files.size(server) + "-" + Files.getLastModifiedTime(server).toMillis();
    Path root = stateDir();
    Path template = root.resolve("template-" + Integer.toHexString(key.hashCode()));
    if (Files.isDirectory(template.resolve("mysql"))) {
      return template;
    }
    Path work = Files.createTempDirectory(root, "building-");
    Path data = work.resolve("data");
    List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults"));
    install.addAll(USER_FLAG);
    install.addAll(List.of("--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db"));
    install.addAll(SIZE_FLAGS);
    run(install, null, work.resolve("install.log"));
    String sql = String.join("\n",
        "FLUSH PRIVILEGES;",
        "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';",
        "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
        "CREATE TABLE IF NOT EXISTS mysql.rds_topology (id INT PRIMARY KEY, endpoint VARCHAR(255), port INT) ENGINE=InnoDB;",
        "");
    List<String> bootstrap = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults"));
    bootstrap.addAll(USER_FLAG);
    bootstrap.addAll(List.of("--datadir=" + data, "--bootstrap", "--log-error=" + work.resolve("bootstrap.err")));
    bootstrap.addAll(SIZE_FLAGS);
    run(bootstrap, sql, work.resolve("bootstrap.log"));
    try {
      Files.move(data, template, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // Another JVM built the same template at the same time: use theirs.
    } catch (IOException e) {
      if (!Files.isDirectory(template.resolve("mysql"))) {
        throw e;
      }
    }
    deleteTree(work);
    return template;
  }

  private static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /**
   * This OS user's machine-wide state (the template, the registry of running clusters):
   * {@code ${java.io.tmpdir}/aurora-jca-cluster-sim-<user>}, mode 0700. Per user, so that root and
   * other users can run clusters on one machine at the same time without touching each other's files.
   */
  static Path stateDir() throws IOException {
    String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "aurora-jca-cluster-sim-" + user);
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made by an earlier run: checked below
    }
    PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String me = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    if (!attrs.isDirectory() || !attrs.owner().getName().equals(me)) {
      throw new IOException("cluster-sim: " + dir + " must be a directory owned by " + me + " (it is "
          + (attrs.isDirectory() ? "owned by " + attrs.owner().getName() : "not a directory")
          + "); remove it or set -Djava.io.tmpdir to a directory of your own");
    }
    if (!attrs.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    return dir;
  }

  private static void run(List<String> command, String stdin, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted: " + command, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("failed (exit " + p.exitValue() + "): " + command + "\n" + Files.readString(log));
    }
  }

  /** Starts one {@code mariadbd}; returns at once, the caller waits for the port. */
  Process start(Path nodeDir, int serverId, int port, String reportHost, int reportPort, boolean readOnly,
      boolean semiSync) throws IOException {
    Path data = nodeDir.resolve("data");
    List<String> cmd = new ArrayList<>(List.of(
        mariadbd.toString(),
        "--no-defaults")); // must come first: keeps /etc/mysql out
    cmd.addAll(USER_FLAG);
    cmd.addAll(List.of(
        "--datadir=" + data,
        "--port=" + port,
        "--bind-address=127.0.0.1",
        "--socket=" + nodeDir.resolve("mariadbd.sock"),
        "--pid-file=" + nodeDir.resolve("mariadbd.pid"),
        "--log-error=" + nodeDir.resolve("error.log"),
        "--server-id=" + serverId,
        "--log-bin=" + data.resolve("binlog"),
        "--log-slave-updates=1",
        "--binlog-format=ROW",
        "--gtid-strict-mode=1",
        "--skip-name-resolve",
        "--report-host=" + reportHost,
        "--report-port=" + reportPort,
        "--read-only=" + (readOnly ? 1 : 0),
        "--max-connections=1000",
        "--sync-binlog=1",
        "--innodb-flush-log-at-trx-commit=1",
        "--performance-schema=0",
        "--skip-slave-start=1",
        "--slave-net-timeout=5"));
    if (semiSync) {
      cmd.add("--rpl-semi-sync-master-enabled=" + (readOnly ? 0 : 1)); // see SimCluster#semiSyncMaster
      cmd.add("--rpl-semi-sync-slave-enabled=1"); // also makes a crashed ex-writer truncate unacknowledged binlog tail on restart
      cmd.add("--rpl-semi-sync-master-wait-point=AFTER_SYNC");
      cmd.add("--rpl-semi-sync-master-timeout=5000");
    }
    cmd.addAll(SIZE_FLAGS);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("stdout.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return pb.start();
  }

  /** A port free on 127.0.0.1 right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls {@code condition} every few milliseconds until it holds or {@code timeout} passes. */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
