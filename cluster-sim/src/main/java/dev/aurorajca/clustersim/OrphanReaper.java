package dev.aurorajca.clustersim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Logger;

/**
 * A JVM that dies by SIGKILL runs no shutdown hook, and its {@code mariadbd} children live on.
 * Every cluster records its nodes' data directories in a file named after the owning JVM's PID,
 * before it starts the first server; the next cluster started on the machine (and a CLI
 * {@code up} whose daemon died, and {@code down}) stops the {@code mariadbd} processes running on
 * the data directories of owners that are gone. The registry is per OS user
 * ({@link MariaDb#stateDir()}), and only processes of the user running the reaper are stopped:
 * one user's clusters never touch another's.
 */
final class OrphanReaper {

  private static final Logger LOG = Logger.getLogger(OrphanReaper.class.getName());

  private final Path file;

  OrphanReaper(Path clusterDir) throws IOException {
    Path registry = registry();
    reap(registry);
    this.file = registry.resolve(ProcessHandle.current().pid() + "-" + Integer.toHexString(clusterDir.hashCode()));
  }

  /**
   * Records every node's data directory, one a line. By directory, not PID: a server this JVM
   * started a moment before it was killed is found too. Written to a temporary file and renamed,
   * so a kill during the write leaves the previous record, never an empty one.
   */
  void record(List<SimNode> nodes) {
    StringBuilder sb = new StringBuilder();
    for (SimNode n : nodes) {
      sb.append(n.dir().resolve("data")).append('\n');
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, sb);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warning(() -> "cluster-sim: cannot record data directories in " + file + ": " + e.getMessage());
    }
  }

  void forget() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stale record only costs the next cluster a look
    }
  }

  private static Path registry() throws IOException {
    return Files.createDirectories(MariaDb.stateDir().resolve("running"));
  }

  /** Stops the recorded {@code mariadbd} processes of every owner JVM of this user that is gone. */
  static void reapOrphans() {
    try {
      reap(registry());
    } catch (IOException e) {
      LOG.warning(() -> "cluster-sim: could not check for orphaned servers: " + e);
    }
  }

  private static boolean runsOn(String commandLine, List<String> dataDirs) {
    for (String d : dataDirs) {
      String arg = "--datadir=" + d;
      int i = commandLine.indexOf(arg);
      if (!d.isBlank() && i >= 0
          && (i + arg.length() == commandLine.length() || commandLine.charAt(i + arg.length()) == ' ')) {
        return true;
      }
    }
    return false;
  }

  private static void reap(Path registry) {
    String me = ProcessHandle.current().info().user().orElse(null);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(registry)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash < 0) { // a .tmp left by a kill during record() is read like the record itself
          continue;
        }
        long owner = Long.parseLong(name.substring(0, dash));
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        List<String> dataDirs = Files.readAllLines(f);
        ProcessHandle.allProcesses()
            .filter(h -> me != null && me.equals(h.info().user().orElse(null)))
            .filter(h -> h.info().commandLine().map(c -> c.contains("mariadbd") && runsOn(c, dataDirs)).orElse(false))
            .forEach(h -> {
              LOG.info(() -> "cluster-sim: stopping orphaned mariadbd " + h.pid() + " of dead JVM " + owner);
              h.destroyForcibly();
            });
        Files.deleteIfExists(f);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "cluster-sim: could not check for orphaned servers: " + e);
    }
  }
}
