package dev.aurorajca.driver.bg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimBlueGreen;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.driver.ClusterTestSupport;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bg plugin against cluster-sim's blue/green deployment (2 + 2 nodes, Aurora mode), through
 * {@code jdbc:aurora:mysql://<blue cluster endpoint>/app?plugins=bg,failover}. One deployment for
 * the class, in order: a rollback, then the switchover (which cannot be undone). Two applications
 * (two runtimes) watch it: one writes every 10 ms, the other holds an idle connection and sends
 * nothing during the switchover.
 */
@Tag("cluster")
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 2, aurora = true, blueGreen = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("bg plugin across a blue/green switchover on cluster-sim")
class BlueGreenClusterTest {

    /** Green's @@server_id are 100 + N in the sim; blue's are N. */
    private static final int GREEN_SERVER_IDS = 100;

    private final SimBlueGreen bg;
    private final SimCluster blue;
    private final String url;
    private DriverRuntime busyApp;
    private DriverRuntime idleApp;
    private Connection idle;

    BlueGreenClusterTest(SimBlueGreen bg, SimCluster blue) {
        this.bg = bg;
        this.blue = blue;
        this.url = "jdbc:aurora:mysql://" + blue.clusterEndpoint().orElseThrow() + ":" + blue.endpointPort() + "/" + blue.database()
                + "?plugins=bg,failover&connectTimeout=2000&failoverTimeoutMs=30000";
    }

    private AuroraSettings settings() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", blue.user());
        p.setProperty("password", blue.password());
        return AuroraSettings.parse(url, p);
    }

    @BeforeAll
    void startApplications() throws Exception {
        try (Connection root = blue.adminConnection(blue.writer().id()); Statement st = root.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + blue.database() + ".bg_writes (seq BIGINT PRIMARY KEY, note VARCHAR(40))");
        }
        busyApp = new DriverRuntime("bg-busy");
        idleApp = new DriverRuntime("bg-idle");
        idle = idleApp.connect(settings());
        assertTrue(serverId(idle) < GREEN_SERVER_IDS, "the idle application starts on blue");
        awaitPhase(idleApp, BgPhase.CREATED);
    }

    @AfterAll
    void stopApplications() throws Exception {
        try {
            if (idle != null) {
                idle.close();
            }
        } finally {
            for (DriverRuntime r : new DriverRuntime[] {busyApp, idleApp}) {
                if (r != null) {
                    r.close();
                }
            }
        }
        ClusterTestSupport.await("no bg runtime thread left", Duration.ofSeconds(10),
                () -> ClusterTestSupport.driverThreads().stream().noneMatch(n -> n.contains("bg-busy") || n.contains("bg-idle")));
    }

    @Test
    @Order(1)
    @DisplayName("a rollback holds the writes, then returns them to blue: nothing lost, no untyped error, at most one typed")
    void rollbackReturnsToBlue() throws Exception {
        awaitPhase(busyApp, BgPhase.CREATED);
        try (Writer w = new Writer(busyApp.connect(settings()), "rollback")) {
            w.start();
            w.awaitAcked(20);
            SimBlueGreen.Result r = bg.switchover(SimBlueGreen.options().phaseMs(500).rollback(true));
            assertTrue(r.rolledBack());
            System.out.println("bg rollback: the sim blocked writes for " + r.writesBlocked().toMillis() + " ms; phases " + r.phases());
            long after = w.acked.get();
            w.awaitAcked(after + 20);
            w.stop();
            w.assertClean();
            assertTrue(serverId(w.connection) < GREEN_SERVER_IDS, "back on blue after the rollback");
            assertAllOn(blue, w.ackedSeqs);
            report("rollback", w);
        }
        assertFalse(state(busyApp).switched());
        assertFalse(state(busyApp).holding(System.nanoTime()), "no hold after a rollback");
    }

    @Test
    @Order(2)
    @DisplayName("a switchover under writes every 10 ms: nothing lost, no untyped error, at most one typed, writes land on green;"
            + " a connection opened while DNS still shows blue goes to green; an idle application moves without an error")
    void switchoverUnderLoad() throws Exception {
        SimCluster green = bg.green();
        String blueClusterAddress = bg.resolve(blue.clusterEndpoint().orElseThrow()).orElseThrow();
        List<String> lagChecks = new CopyOnWriteArrayList<>();
        try (Writer w = new Writer(busyApp.connect(settings()), "switchover");
             SimBlueGreen.Subscription sub = bg.onPhase(change -> {
                 if (change.phase() == SimBlueGreen.Phase.POST) {
                     // The DNS-lag window: blue's names still resolve to blue. A new connection must reach green all the same.
                     try {
                         ClusterTestSupport.await("the busy application sees the switch", Duration.ofSeconds(15), () -> state(busyApp).switched());
                         String dns = bg.resolve(blue.clusterEndpoint().orElseThrow()).orElse("?");
                         try (Connection c = busyApp.connect(settings())) {
                             lagChecks.add("dns=" + dns + " server=" + serverId(c));
                         }
                     } catch (SQLException | AssertionError e) {
                         lagChecks.add("failed: " + e);
                     }
                 }
             })) {
            w.start();
            w.awaitAcked(w.acked.get() + 20);
            SimBlueGreen.Result r = bg.switchover(SimBlueGreen.options().phaseMs(500).dnsLagMs(3000));
            assertFalse(r.rolledBack());
            System.out.println("bg switchover: the sim blocked writes for " + r.writesBlocked().toMillis() + " ms; phases " + r.phases());
            long seqAtCompletion = w.seq.get();
            w.awaitAcked(w.acked.get() + 30);
            w.stop();
            w.assertClean();
            assertTrue(serverId(w.connection) > GREEN_SERVER_IDS, "the writing connection ends on green");
            assertAllOn(green, w.ackedSeqs);
            assertTrue(maxSeq(green) > seqAtCompletion, "writes after the switchover land on green");
            assertTrue(maxSeq(blue) < seqAtCompletion, "nothing written on the old blue after the switchover");
            report("switchover", w);

            assertEquals(1, lagChecks.size(), "one connection opened in the DNS-lag window: " + lagChecks);
            String check = lagChecks.get(0);
            assertTrue(check.startsWith("dns=" + blueClusterAddress + " "), "the check ran while DNS still led to blue: " + check);
            assertTrue(Integer.parseInt(check.substring(check.indexOf("server=") + 7)) > GREEN_SERVER_IDS,
                    "a connection opened in the DNS-lag window reached green: " + check);
        }
        // The idle application sent nothing during the switchover: its connection moves on first use, silently.
        assertTrue(serverId(idle) > GREEN_SERVER_IDS, "the idle connection is on green at its first use");
        try (Connection fresh = idleApp.connect(settings())) {
            assertTrue(serverId(fresh) > GREEN_SERVER_IDS, "new connections of the idle application go to green");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private BgState state(DriverRuntime runtime) {
        return deploymentOf(runtime).state();
    }

    private void awaitPhase(DriverRuntime runtime, BgPhase phase) {
        ClusterTestSupport.await("runtime " + runtime.name() + " sees " + phase, Duration.ofSeconds(20),
                () -> deploymentOf(runtime).state().phase() == phase);
    }

    private BgDeployment deploymentOf(DriverRuntime runtime) {
        try {
            return BlueGreenDeployments.of(runtime).deployment(settings());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long serverId(Connection c) throws SQLException {
        return ClusterTestSupport.serverId(c);
    }

    private static long maxSeq(SimCluster c) throws SQLException {
        try (Connection root = c.adminConnection(c.writer().id())) {
            return ClusterTestSupport.count(root, "SELECT COALESCE(MAX(seq), -1) FROM " + c.database() + ".bg_writes");
        }
    }

    private static void assertAllOn(SimCluster c, Set<Long> acked) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection root = c.adminConnection(c.writer().id()); Statement st = root.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq FROM " + c.database() + ".bg_writes")) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        Set<Long> lost = new HashSet<>(acked);
        lost.removeAll(present);
        assertTrue(lost.isEmpty(), "acknowledged writes missing on " + c.clusterEndpoint().orElse("?") + ": " + lost);
    }

    private static void report(String what, Writer w) {
        System.out.println("bg " + what + ": " + w.acked.get() + " writes acknowledged, typed errors " + w.typed
                + ", longest pause between acknowledged writes " + TimeUnit.NANOSECONDS.toMillis(w.longestGapNanos.get()) + " ms");
    }

    /** An application thread writing one row every 10 ms through one connection, retrying after a typed error. */
    private static final class Writer implements AutoCloseable {
        final Connection connection;
        final String note;
        /** One sequence for every writer of the class, so that "after the switchover" is "a larger seq". */
        static final AtomicLong SEQ = new AtomicLong();
        final AtomicLong seq = SEQ;
        final AtomicLong acked = new AtomicLong();
        final Set<Long> ackedSeqs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> typed = new CopyOnWriteArrayList<>();
        final List<Throwable> untyped = new CopyOnWriteArrayList<>();
        final AtomicLong longestGapNanos = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private Thread thread;

        Writer(Connection c, String note) {
            this.connection = c;
            this.note = note;
        }

        void start() {
            thread = new Thread(this::run, "bg-test-writer-" + note);
            thread.start();
        }

        private void run() {
            long lastAck = System.nanoTime();
            while (!stop.get()) {
                long s = seq.incrementAndGet();
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO bg_writes (seq, note) VALUES (?, ?)")) {
                    ps.setLong(1, s);
                    ps.setString(2, note);
                    ps.executeUpdate();
                    long now = System.nanoTime();
                    longestGapNanos.accumulateAndGet(now - lastAck, Math::max);
                    lastAck = now;
                    ackedSeqs.add(s);
                    acked.incrementAndGet();
                } catch (SQLException e) {
                    if ("08S02".equals(e.getSQLState()) || "08007".equals(e.getSQLState())) {
                        typed.add(e.getSQLState() + " " + e.getMessage());
                    } else {
                        untyped.add(e);
                    }
                } catch (RuntimeException e) {
                    untyped.add(e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the application's pace, not a wait for a condition
            }
        }

        void awaitAcked(long n) {
            ClusterTestSupport.await(n + " acknowledged writes (" + note + "; untyped so far: " + untyped + ")", Duration.ofSeconds(60),
                    () -> acked.get() >= n || !untyped.isEmpty());
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        void assertClean() {
            List<String> msgs = new ArrayList<>();
            untyped.forEach(t -> msgs.add(t.toString()));
            assertTrue(untyped.isEmpty(), "untyped errors: " + msgs);
            assertTrue(typed.size() <= 1, "at most one typed error, got " + typed);
        }

        @Override
        public void close() throws Exception {
            stop();
            connection.close();
        }
    }
}
