package dev.aurorajca.itsupport.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

import dev.aurorajca.clustersim.SimCluster;

/**
 * The one cluster-sim cluster of a module run (client JVM only, never in a WAR). Started lazily by
 * the first caller (the module's adapter setup, before the server's resource adapter is configured),
 * closed by {@link ClusterSessionListener} when the JUnit launcher session ends; cluster-sim's own
 * shutdown hook covers a JVM that dies earlier.
 */
public final class TestCluster {

    private static final Logger LOG = Logger.getLogger(TestCluster.class.getName());
    private static SimCluster cluster;
    private static Throwable startFailure;
    private static BiConsumer<String, Long> timings = (what, ms) -> { };

    private TestCluster() {
    }

    /** Where the start and heal durations (ms) go, besides the log (Payara: its timings.txt). */
    public static synchronized void reportTimingsTo(BiConsumer<String, Long> sink) {
        timings = sink;
    }

    public static synchronized SimCluster get() {
        if (cluster != null) {
            return cluster;
        }
        if (startFailure != null) {
            throw new IllegalStateException("cluster-sim failed to start earlier in this run: " + startFailure, startFailure);
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/mariadbd")) && !onPath("mariadbd")) {
            startFailure = new IllegalStateException("missing mariadbd");
            throw new IllegalStateException("The in-server tests need MariaDB server binaries for cluster-sim; "
                    + "install them with: apt-get install -y mariadb-server");
        }
        long t0 = System.nanoTime();
        try {
            // Aurora mode, reached through the cluster endpoint's name: the test JVM and the
            // server both resolve the names through this file (-Djdk.net.hosts.file, set by the module).
            String hosts = System.getProperty("jdk.net.hosts.file");
            if (hosts == null) {
                throw new IllegalStateException("the in-server tests run cluster-sim's Aurora mode, whose names resolve through "
                        + "a hosts file: start the test JVM and the server with -Djdk.net.hosts.file=<path> (the module's pom does)");
            }
            SimCluster.Builder b = SimCluster.builder().nodes(3).aurora(true).hostsFile(Path.of(hosts));
            // benchmarks/inserver-throughput.sh (SIM_DATA_DIR): the nodes' data on a directory of the
            // caller's choosing, e.g. a tmpfs, so that disk flushes do not drown a comparison.
            String dataDir = System.getProperty("aurora.sim.dataDir");
            if (dataDir != null && !dataDir.isBlank()) {
                b.dataDir(Path.of(dataDir));
            }
            cluster = b.start();
        } catch (IOException | RuntimeException e) {
            startFailure = e;
            throw new IllegalStateException("cluster-sim could not start a 3-node cluster: " + e.getMessage(), e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info(() -> "cluster-sim up in " + ms + " ms: " + cluster.nodes());
        timings.accept("cluster-sim start", ms);
        return cluster;
    }

    /** The cluster with every node running again (a failover test leaves the old writer down). */
    public static synchronized SimCluster healthy() throws IOException {
        SimCluster c = get();
        if (c.nodes().stream().anyMatch(n -> !n.isRunning() || n.isHung())) {
            long t0 = System.nanoTime();
            c.healAll();
            timings.accept("cluster-sim healAll", (System.nanoTime() - t0) / 1_000_000);
        }
        return c;
    }

    /** Closes the cluster if this run started one. Idempotent. */
    public static synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            LOG.info("cluster-sim closed at the end of the test run");
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
