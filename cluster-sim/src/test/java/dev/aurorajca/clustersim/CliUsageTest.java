package dev.aurorajca.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines the CLI refuses: the real {@code java ... Cli} in a child JVM under {@code LANG=C}. */
@DisplayName("CLI: an unknown option or command gets the usage on stderr and exit 2, and starts nothing")
@org.junit.jupiter.api.Tag("process")
class CliUsageTest {

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {
  }

  private Run cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ChildJvm.classPath(), Cli.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("LANG", "C");
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(dir.resolve("stderr").toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI exits");
    byte[] err = Files.readAllBytes(dir.resolve("stderr"));
    for (byte b : out) {
      assertTrue(b >= 0, "stdout is ASCII");
    }
    for (byte b : err) {
      assertTrue(b >= 0, "stderr is ASCII");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.US_ASCII), new String(err, StandardCharsets.US_ASCII));
  }

  private void assertRefused(String expected, String... args) throws Exception {
    Path cluster = dir.resolve("cluster");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--dir", cluster.toString()));
    Run r = cli(all.toArray(String[]::new));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("cluster-sim: " + expected + "\n"), r.err());
    assertTrue(r.err().contains("usage: java -jar cluster-sim.jar <command> [options] --dir DIR"), r.err());
    assertTrue(r.err().contains("  up [--nodes N] [--rds-names]"), r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(cluster), "nothing started: " + cluster + " exists");
  }

  @Test
  @DisplayName("up with a misspelt option (--rds-name, --auroro) or one of another command (--delay-ms)")
  void unknownOptions() throws Exception {
    assertRefused("unknown option --auroro", "up", "--auroro");
    assertRefused("unknown option --rds-name", "up", "--rds-name");
    assertRefused("--delay-ms does not apply to up", "up", "--delay-ms", "5");
  }

  @Test
  @DisplayName("an unknown command, a missing or non-numeric node id, a missing value")
  void badCommands() throws Exception {
    assertRefused("unknown command upp", "upp");
    assertRefused("kill NODE_ID: expected 1 argument(s), got 0 []", "kill");
    assertRefused("argument of kill must be a number >= 0, got two", "kill", "two");
    assertRefused("--nodes must be a number >= 0, got three", "up", "--nodes", "three");
    Run r = cli("up", "--dir");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("cluster-sim: --dir needs a value (DIR)\n"), r.err());
    Run none = cli();
    assertEquals(2, none.exit(), none.err());
    assertTrue(none.err().startsWith("cluster-sim: no command given\nusage:"), none.err());
  }

  @Test
  @DisplayName("blue/green: --blue-green without --aurora, switchover options elsewhere, a bad --phase-ms")
  void blueGreenOptions() throws Exception {
    assertRefused("--blue-green needs --aurora", "up", "--blue-green");
    assertRefused("--rollback does not apply to failover", "failover", "--rollback");
    assertRefused("--phase-ms must be a number >= 0, got soon", "switchover", "--phase-ms", "soon");
  }

  @Test
  @DisplayName("--help prints the usage on stdout, exit 0")
  void help() throws Exception {
    Run r = cli("--help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("usage: java -jar cluster-sim.jar"), r.out());
    assertTrue(r.out().contains("  failover [--delay-ms MS]"), r.out());
  }
}
