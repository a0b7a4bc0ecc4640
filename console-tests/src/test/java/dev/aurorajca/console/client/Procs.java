package dev.aurorajca.console.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a server's command-line tool and stops process trees, with deadlines. */
public final class Procs {

    /** Exit status and combined output of one command. */
    public record Result(int exit, String output) {
    }

    private Procs() {
    }

    public static Result run(Duration timeout, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("aurora-console-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("TERM", "dumb");
            // Payara's bin/asadmin passes $AS_EXTRA_JAVA_OPTS to its (short-lived) client JVM only:
            // C1 only starts it in about half the time. Other tools ignore the variable.
            pb.environment().merge("AS_EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1", (a, b) -> a + " " + b);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopTree(p.toHandle(), Duration.ofSeconds(10));
                throw new IOException(cmd + " did not finish within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Like {@link #run} but fails with the output unless the exit status is 0. */
    public static String ok(Duration timeout, List<String> cmd) throws IOException, InterruptedException {
        Result r = run(timeout, cmd);
        if (r.exit() != 0) {
            throw new IOException(cmd + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** SIGTERM to a process and its descendants, SIGKILL to whatever is left after the grace period. */
    public static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new java.util.ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }
}
