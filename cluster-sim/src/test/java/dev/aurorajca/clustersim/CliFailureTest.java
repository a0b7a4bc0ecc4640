package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI {@code up} that goes wrong must leave no process behind: not its detached daemon, not a
 * {@code mariadbd}. The failures are real: a {@code mariadbd} first in PATH that is a broken
 * installation for node 3 (it exits at once, or stops itself and never answers) and passes every
 * other start to the real server; and signals to the {@code up} JVM or its daemon.
 * A process belongs to the run if its command line names the run's directory (the daemon's
 * {@code serve --dir DIR}, every server's {@code --datadir=DIR/node-N/data}).
 */
@DisplayName("a failing CLI up leaves no daemon and no mariadbd")
@org.junit.jupiter.api.Tag("cluster")
class CliFailureTest {

  private static final Duration GONE_WITHIN = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  private Path dir;

  @AfterEach
  void killLeftovers() {
    // Only if the test failed: nothing of this run may outlive it.
    if (dir != null) {
      processesOf(dir).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @DisplayName("a server that cannot start: up exits 1 naming the failure; daemon and the other servers stop")
  void brokenServer() throws Exception {
    Process up = startUp("exit");
    assertTrue(up.waitFor(180, TimeUnit.SECONDS), "up returns");
    String err = new String(up.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, up.exitValue(), err);
    assertTrue(err.contains("cluster-sim: up failed:"), err);
    assertNoneLeft();
  }

  @Test
  @DisplayName("up interrupted (SIGTERM, as Ctrl-C) while the cluster starts: it stops its daemon, the daemon its servers")
  void interruptedUp() throws Exception {
    Process up = startUp("stop");
    awaitStarting(up);
    up.destroy(); // SIGTERM to the up JVM only: the daemon runs in its own session
    assertTrue(up.waitFor(120, TimeUnit.SECONDS), "up exits");
    assertNotEquals(0, up.exitValue());
    assertNoneLeft();
  }

  @Test
  @DisplayName("the daemon killed with SIGKILL while the cluster starts: up exits 1 and stops the servers it left")
  void daemonKilled() throws Exception {
    Process up = startUp("stop");
    ProcessHandle daemon = awaitStarting(up);
    daemon.destroyForcibly(); // no shutdown hook runs: its mariadbd would be orphans
    assertTrue(up.waitFor(120, TimeUnit.SECONDS), "up exits");
    String err = new String(up.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, up.exitValue(), err);
    assertTrue(err.contains("up failed"), err);
    assertNoneLeft();
  }

  /**
   * Starts {@code up --nodes 3} in a child JVM whose PATH begins with a stand-in {@code mariadbd}:
   * for node 3 it exits 1 ({@code exit}) or stops itself before it would exec the server
   * ({@code stop}); everything else (the template bootstrap, nodes 1 and 2) runs the real server.
   */
  private Process startUp(String node3) throws IOException {
    dir = tmp.resolve("cluster");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path fake = bin.resolve("mariadbd");
    Files.writeString(fake, String.join("\n",
        "#!/bin/sh",
        "# cluster-sim test: a broken mariadbd for node 3 only (CLUSTER_SIM_TEST_NODE3=exit|stop)",
        "for a in \"$@\"; do",
        "  if [ \"$a\" = --server-id=3 ]; then",
        "    [ \"$CLUSTER_SIM_TEST_NODE3\" = exit ] && { echo 'node 3 is broken on purpose' >&2; exit 1; }",
        "    kill -STOP $$",
        "  fi",
        "done",
        "exec " + MariaDb.locate().server() + " \"$@\"",
        ""));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    // The template is keyed by the binary's size and time: a fixed time keeps it one per machine.
    Files.setLastModifiedTime(fake, FileTime.fromMillis(1_000_000_000_000L));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ChildJvm.classPath(), Cli.class.getName(), "up", "--nodes", "3", "--dir", dir.toString());
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("CLUSTER_SIM_TEST_NODE3", node3);
    return pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Waits until the daemon runs with three servers (node 3 stopped); returns the daemon. */
  private ProcessHandle awaitStarting(Process up) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> procs = processesOf(dir);
      List<ProcessHandle> daemons = procs.stream()
          .filter(h -> h.info().commandLine().orElse("").contains(" serve ")).collect(Collectors.toList());
      long servers = procs.stream().filter(h -> h.info().commandLine().orElse("").contains("--datadir=")).count();
      if (daemons.size() == 1 && servers == 3) {
        return daemons.get(0);
      }
      if (!up.isAlive()) {
        fail("up exited (" + up.exitValue() + ") before the cluster was starting; processes: " + describe(procs));
      }
      MariaDb.await(Duration.ofMillis(20), () -> false);
    }
    return fail("the daemon and three servers did not appear; processes: " + describe(processesOf(dir)));
  }

  private void assertNoneLeft() {
    if (!MariaDb.await(GONE_WITHIN, () -> processesOf(dir).isEmpty())) {
      fail("left behind after " + GONE_WITHIN.toSeconds() + " s: " + describe(processesOf(dir)));
    }
  }

  /** Live processes whose command line names {@code dir}: the daemon and the servers of that run. */
  static List<ProcessHandle> processesOf(Path dir) {
    String needle = dir.toString() + "/";
    String needle2 = "--dir " + dir;
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.pid() != ProcessHandle.current().pid())
        .filter(h -> h.info().commandLine().map(c -> c.contains(needle) || c.contains(needle2)).orElse(false))
        .collect(Collectors.toList());
  }

  private static String describe(List<ProcessHandle> procs) {
    return procs.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
        .collect(Collectors.joining("; ", "[", "]"));
  }
}
