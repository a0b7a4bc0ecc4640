package dev.aurorajca.console.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A WildFly started directly (no Arquillian) from the unpacked distribution, on a fresh copy of
 * {@code standalone/} under target/ (nothing a run changes survives it), with a port offset so it
 * never meets the other in-server modules' servers: HTTP {@code 8080+OFFSET}, management
 * {@code 9990+OFFSET}. A management user for HAL is added with the server's own add-user.sh.
 */
public final class WildFly implements AutoCloseable {

    public static final int OFFSET = 500;
    public static final String USER = "console";
    /** Local test server only; add-user.sh wants a password of some strength. */
    public static final String PASSWORD = "Console-test-1";

    private final Path home;
    private final Path base;
    private Process process;

    public WildFly(Path home, Path work) {
        this.home = home;
        this.base = work.resolve("run-wildfly");
    }

    public static Path homeFromProperty() {
        String p = System.getProperty("jboss.home");
        if (p == null || !Files.isExecutable(Path.of(p, "bin/standalone.sh"))) {
            throw new IllegalStateException("no WildFly at " + p + ": run the tests through Maven "
                    + "(mvn -pl console-tests -am verify), which unpacks wildfly-dist to console-tests/target");
        }
        return Path.of(p);
    }

    public int httpPort() {
        return 8080 + OFFSET;
    }

    public int managementPort() {
        return 9990 + OFFSET;
    }

    public Path deployments() {
        return base.resolve("deployments");
    }

    /**
     * The cluster's names (cluster-sim's Aurora mode) resolve through the hosts file the test JVM
     * was started with; the server gets the same option.
     */
    static String hostsFileOption() {
        String hosts = System.getProperty("jdk.net.hosts.file");
        return hosts == null ? "" : " -Djdk.net.hosts.file=" + hosts;
    }

    public Path log() {
        return base.resolve("log/server.log");
    }

    /** Fresh base directory, management user, start; returns once the server reports it has started. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        deleteTree(base);
        copyTree(home.resolve("standalone"), base);
        Procs.ok(Duration.ofSeconds(60), List.of(home.resolve("bin/add-user.sh").toString(),
                "-sc", base.resolve("configuration").toString(), "-u", USER, "-p", PASSWORD, "-s"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + OFFSET,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(base.resolve("console.out").toFile());
        pb.environment().put("JAVA_OPTS", "-Xms128m -Xmx768m -Djava.net.preferIPv4Stack=true" + hostsFileOption());
        process = pb.start();
        // A test JVM that dies (Ctrl-C, surefire's timeout) still takes the server down with it.
        ProcessHandle started = process.toHandle();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.isAlive()) {
                Procs.stopTree(started, Duration.ofSeconds(20));
            }
        }, "aurora-jca-console-wildfly-stop"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
            if (log.contains("WFLYSRV0025")) {
                return;
            }
            if (log.contains("WFLYSRV0026") || !process.isAlive()) {
                throw new IllegalStateException("WildFly did not start cleanly; see " + log() + "\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("WildFly did not start within " + timeout.toSeconds() + " s; see " + log());
            }
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Copies a file into the deployment scanner's folder and waits for its .deployed (or .failed) marker. */
    public void deploy(Path file, Duration timeout) throws IOException, InterruptedException {
        String name = file.getFileName().toString();
        Files.copy(file, deployments().resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Path ok = deployments().resolve(name + ".deployed");
        Path failed = deployments().resolve(name + ".failed");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(ok)) {
            if (Files.exists(failed)) {
                throw new IllegalStateException(name + " failed to deploy: " + Files.readString(failed));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not deployed within " + timeout.toSeconds() + " s; see " + log());
            }
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            Procs.stopTree(process.toHandle(), Duration.ofSeconds(30));
            process = null;
        }
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
