package dev.aurorajca.clustersim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * A JVM that dies by SIGKILL runs no shutdown hook, and its {@code mariadbd} children live on.
 * Every cluster records its processes in a file named after the owning JVM's PID; the next
 * cluster started on the machine stops the processes of owners that are gone. The registry is
 * per OS user ({@link MariaDb#stateDir()}), and a recorded process is only stopped if it belongs
 * to the user running the reaper: one user's clusters never touch another's.
 */
final class OrphanReaper {

  private static final Logger LOG = Logger.getLogger(OrphanReaper.class.getName());

  private final Path file;

  OrphanReaper(Path clusterDir) throws IOException {
    Path registry = registry();
    reap(registry);
    this.file = registry.resolve(ProcessHandle.current().pid() + "-" + Integer.toHexString(clusterDir.hashCode()));
  }

  /** Records the current PIDs: one line {@code pid<TAB>datadir} per running node. */
  void record(List<SimNode> nodes) {
    StringBuilder sb = new StringBuilder();
    for (SimNode n : nodes) {
      if (n.isRunning()) {
        sb.append(n.pid()).append('\t').append(n.dir().resolve("data")).append('\n');
      }
    }
    try {
      Files.writeString(file, sb);
    } catch (IOException e) {
      LOG.warning(() -> "cluster-sim: cannot record PIDs in " + file + ": " + e.getMessage());
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

  private static void reap(Path registry) {
    String me = ProcessHandle.current().info().user().orElse(null);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(registry)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash < 0) {
          continue;
        }
        long owner = Long.parseLong(name.substring(0, dash));
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        for (String line : Files.readAllLines(f)) {
          String[] parts = line.split("\t");
          if (parts.length != 2) {
            continue;
          }
          long pid = Long.parseLong(parts[0]);
          // Only this user's mariadbd still on that data directory: the PID may have been reused.
          ProcessHandle.of(pid)
              .filter(h -> me != null && me.equals(h.info().user().orElse(null)))
              .filter(h -> h.info().commandLine().map(c -> c.contains("mariadbd") && c.contains("--datadir=" + parts[1]))
                  .orElse(false))
              .ifPresent(h -> {
                LOG.info(() -> "cluster-sim: stopping orphaned mariadbd " + pid + " of dead JVM " + owner);
                h.destroyForcibly();
              });
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "cluster-sim: could not check for orphaned servers: " + e);
    }
  }
}
