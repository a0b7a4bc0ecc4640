package dev.aurorajca.driver.monitoring;

import static dev.aurorajca.driver.ClusterTestSupport.await;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverSQLException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * host_monitoring_v2 against real hung and black-holed instances. The new writer is promoted by
 * hand (not by cluster-sim's crash-based failover) so that the old writer stays hung with its
 * sockets open: only the monitor can end the blocked query. Each test promotes another node, so
 * the class needs three: the writer it finds, and one reader per test.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("host monitoring cuts off hung and unreachable instances")
@org.junit.jupiter.api.Tag("cluster")
class HostMonitoringClusterTest {

    /** failureDetectionTime=2000, interval=1000, count=2, probe timeout = interval/2 = 500. */
    private static final Map<String, String> AGGRESSIVE = Map.of(
            "plugins", "failover,host_monitoring_v2",
            "failureDetectionTime", "2000", "failureDetectionInterval", "1000", "failureDetectionCount", "2",
            "socketTimeout", "0", "monitorDisposalTime", "1000");
    /**
     * The query starts at 0. Grace ends at 2000; probes at 2000 and 3000 fail after their
     * 500 ms timeout; the second failure (count=2) declares the instance dead at about 3500.
     * Lower bound: grace + interval x (count-1) = 3000. Upper bound: grace + interval x count
     * + probe timeout + 1000 ms of scheduling and failover slack = 5500.
     */
    private static final long WINDOW_MIN_MS = 3000;
    private static final long WINDOW_MAX_MS = 5500;

    @Test
    @DisplayName("SIGSTOP'd writer: SLEEP(60) fails over within the window and the connection works on the new writer")
    void hungWriter(SimCluster cluster) throws Exception {
        SimNode writer = currentWriter(cluster);
        try {
            detectsAndFailsOver(cluster, writer, cluster::hang);
        } finally {
            cluster.resume(writer.id());
            demote(cluster, writer); // one writable node again, as a real switchover leaves it
        }
    }

    @Test
    @DisplayName("black-holed writer: SLEEP(60) fails over within the window and the connection works on the new writer")
    void blackholedWriter(SimCluster cluster) throws Exception {
        SimNode writer = currentWriter(cluster);
        try {
            detectsAndFailsOver(cluster, writer, cluster::blackhole);
        } finally {
            cluster.heal(writer.id());
            demote(cluster, writer);
        }
    }

    private void detectsAndFailsOver(SimCluster cluster, SimNode writer, IntConsumer fault) throws Exception {
        SimNode next = healthyReader(cluster, writer);
        try (DriverRuntime runtime = new DriverRuntime("efm");
             AuroraConnection c = runtime.connect(settings(cluster, writer, AGGRESSIVE))) {
            assertEquals(writer.id(), serverId(c));
            long start = System.nanoTime();
            CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery("SELECT SLEEP(60)").close();
                    return -1L;
                } catch (SQLException e) {
                    assertInstanceOf(FailoverSQLException.class, e, () -> "expected a failover outcome, got " + e);
                    return (System.nanoTime() - start) / 1_000_000;
                }
            });
            await("SLEEP(60) running on the writer", Duration.ofSeconds(5), () -> isRunning(cluster, writer, "SELECT SLEEP(60)"));
            fault.accept(writer.id());
            promote(cluster, next);

            long ms = query.get(30, TimeUnit.SECONDS);
            assertTrue(ms >= WINDOW_MIN_MS && ms <= WINDOW_MAX_MS,
                    "failover exception after " + ms + " ms; expected within [" + WINDOW_MIN_MS + ", " + WINDOW_MAX_MS + "] ms");
            assertEquals(next.id(), serverId(c), "the same connection now runs on the new writer");
        }
    }

    @Test
    @DisplayName("a healthy long query (SLEEP(5)) is never aborted")
    void healthyLongQuerySurvives(SimCluster cluster) throws Exception {
        SimNode writer = currentWriter(cluster);
        try (DriverRuntime runtime = new DriverRuntime("efm-ok");
             AuroraConnection c = runtime.connect(settings(cluster, writer, AGGRESSIVE));
             Statement st = c.createStatement()) {
            long start = System.nanoTime();
            st.executeQuery("SELECT SLEEP(5)").close();
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 4900);
            assertEquals(1, runtime.hostMonitors().monitorCount(), "one monitor watched the writer");
        }
    }

    @Test
    @DisplayName("200 connections over 3 instances: threads stay at 2 + one per instance; monitors close when unused and on close()")
    void threadsDoNotGrowWithConnections(SimCluster cluster) throws Exception {
        SimNode writer = currentWriter(cluster);
        List<AuroraConnection> open = new ArrayList<>();
        DriverRuntime runtime = new DriverRuntime("efm-200");
        try {
            for (int i = 0; i < 200; i++) {
                Map<String, String> p = new java.util.HashMap<>(AGGRESSIVE);
                p.put("readOnly", Boolean.toString(i % 3 != 0)); // a third on the writer, the rest over the readers
                p.put("readerHostSelectorStrategy", "round_robin");
                AuroraConnection c = runtime.connect(settings(cluster, writer, p));
                open.add(c);
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
            }
            long instances = open.stream().map(AuroraConnection::currentHost).distinct().count();
            assertEquals(3, instances, "connections spread over every instance");
            assertEquals(3, runtime.hostMonitors().monitorCount(), "one monitor per instance, not per connection");
            long threads = runtimeThreads(runtime);
            assertTrue(threads <= 2 + 3, "background threads " + threads + " > 2 + one per instance");
        } finally {
            for (AuroraConnection c : open) {
                c.close();
            }
        }
        await("monitors disposed after monitorDisposalTime=1000 ms unused", Duration.ofSeconds(15),
                () -> runtime.hostMonitors().monitorCount() == 0);
        runtime.close();
        await("no runtime thread after close()", Duration.ofSeconds(5), () -> runtimeThreads(runtime) == 0);
    }

    @Test
    @DisplayName("a connection dropped without close() does not keep its monitor alive")
    void leakedConnectionDoesNotPinMonitor(SimCluster cluster) throws Exception {
        SimNode writer = currentWriter(cluster);
        try (DriverRuntime runtime = new DriverRuntime("efm-leak")) {
            leakOneConnection(runtime, cluster, writer);
            assertEquals(1, runtime.hostMonitors().monitorCount());
            await("the leaked connection's monitor disposed", Duration.ofSeconds(15), () -> {
                System.gc();
                return runtime.hostMonitors().monitorCount() == 0;
            });
        }
    }

    private static void leakOneConnection(DriverRuntime runtime, SimCluster cluster, SimNode writer) throws SQLException {
        AuroraConnection leaked = runtime.connect(settings(cluster, writer, AGGRESSIVE));
        try (Statement st = leaked.createStatement()) {
            st.execute("SELECT 1");
        }
        // no close(): the application lost it
    }

    private static long runtimeThreads(DriverRuntime runtime) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("aurora-jca-" + runtime.name() + "-")).count();
    }

    // ---- manual promotion: the old writer stays hung with its sockets open --------------------

    /** The node that answers read_only = 0 (cluster-sim's view goes stale once we promote by hand). */
    private static SimNode currentWriter(SimCluster cluster) throws SQLException {
        for (SimNode n : cluster.nodes()) {
            if (responsive(cluster, n) && readOnly(cluster, n) == 0) {
                return n;
            }
        }
        throw new AssertionError("no writable node");
    }

    private static SimNode healthyReader(SimCluster cluster, SimNode writer) throws SQLException {
        for (SimNode n : cluster.nodes()) {
            if (n.id() != writer.id() && responsive(cluster, n) && readOnly(cluster, n) == 1) {
                return n;
            }
        }
        throw new AssertionError("no healthy reader left to promote");
    }

    private static boolean responsive(SimCluster cluster, SimNode n) {
        CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> {
            try (Connection c = cluster.adminConnection(n.id())) {
                return c.isValid(1);
            } catch (SQLException e) {
                return false;
            }
        });
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static long readOnly(SimCluster cluster, SimNode n) throws SQLException {
        try (Connection c = cluster.adminConnection(n.id()); Statement st = c.createStatement(); var rs = st.executeQuery("SELECT @@read_only")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void promote(SimCluster cluster, SimNode n) throws SQLException {
        try (Connection c = cluster.adminConnection(n.id()); Statement st = c.createStatement()) {
            st.execute("STOP SLAVE");
            st.execute("RESET SLAVE ALL");
            st.execute("SET GLOBAL read_only = 0");
        }
    }

    private static void demote(SimCluster cluster, SimNode n) throws SQLException {
        try (Connection c = cluster.adminConnection(n.id()); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = 1");
        }
    }

    private static boolean isRunning(SimCluster cluster, SimNode n, String sql) {
        try (Connection c = cluster.adminConnection(n.id()); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE info = '" + sql + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }
}
