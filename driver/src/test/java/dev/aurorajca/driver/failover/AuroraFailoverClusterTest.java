package dev.aurorajca.driver.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraDriver;
import dev.aurorajca.driver.ClusterTestSupport;
import dev.aurorajca.driver.config.DialectCode;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every failover test again on cluster-sim's Aurora mode ({@code information_schema.replica_host_status},
 * {@code @@aurora_server_id}, RDS-shaped instance names on one port), the dialect detected as
 * {@code aurora-mysql}. The base class runs them on the Multi-AZ shape.
 *
 * <p>Also the cluster MBean's cluster test: it lives here to share this class's cluster start
 * (the default build's time budget), not in the base class, so it runs once.
 */
@SimClusterConfig(nodes = 3, aurora = true)
@DisplayName("failover against a real 3-node cluster, Aurora mode")
@org.junit.jupiter.api.Tag("cluster")
class AuroraFailoverClusterTest extends FailoverClusterTest {

    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    @Override
    DialectCode expectedDialect() {
        return DialectCode.AURORA_MYSQL;
    }

    private static String hostPort(SimNode n) {
        return n.host() + ":" + n.port();
    }

    @Test
    @Tag("cluster")
    @DisplayName("standalone driver + JMX: one cluster MBean; a failover adds one to FailoversSucceeded, Writer follows, "
            + "LastFailoverMillis matches the client's wait; no MBean after the runtime closes")
    void clusterMBeanThroughAFailover(SimCluster cluster) throws Exception {
        AuroraDriver.releaseResources(); // a fresh default runtime: this test reads its MBean
        String clusterId = "metrics-" + cluster.dir().getFileName();
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        p.setProperty("clusterId", clusterId);
        p.setProperty("connectTimeout", "2000");
        p.setProperty("failoverTimeoutMs", "30000");
        SimNode oldWriter = cluster.writer();
        String url = "jdbc:aurora:mysql://" + hostPort(oldWriter) + "/" + cluster.database();
        try (Connection c = DriverManager.getConnection(url, p)) {
            assertEquals(oldWriter.id(), ClusterTestSupport.serverId(c));

            Set<ObjectName> names = PLATFORM.queryNames(new ObjectName("dev.aurorajca:type=Cluster,*"), null);
            names.removeIf(n -> !clusterId.equals(ObjectName.unquote(n.getKeyProperty("name"))));
            assertEquals(1, names.size(), "exactly one MBean for the cluster: " + names);
            ObjectName bean = names.iterator().next();
            assertEquals(hostPort(oldWriter), PLATFORM.getAttribute(bean, "Writer"));
            List<String> readers = List.of((String[]) PLATFORM.getAttribute(bean, "Readers"));
            List<String> nodes = cluster.nodes().stream().map(AuroraFailoverClusterTest::hostPort).toList();
            assertFalse(readers.isEmpty(), "readers known");
            assertTrue(nodes.containsAll(readers) && !readers.contains(hostPort(oldWriter)), "readers " + readers + " of " + nodes);
            TabularData open = (TabularData) PLATFORM.getAttribute(bean, "OpenConnections");
            assertEquals(1, open.get(new Object[] {hostPort(oldWriter)}).get("value"), "the client's one connection, on the writer: " + open);
            assertTrue((Integer) PLATFORM.getAttribute(bean, "MonitorThreads") >= 1, "the topology monitor runs");
            long topologyAge = (Long) PLATFORM.getAttribute(bean, "TopologyAgeMillis");
            assertTrue(topologyAge >= 0 && topologyAge < 60_000, "topology read at connect: age " + topologyAge);
            long before = (Long) PLATFORM.getAttribute(bean, "FailoversSucceeded");
            long failedBefore = (Long) PLATFORM.getAttribute(bean, "FailoversFailed");

            FailoverResult f = cluster.failover();
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> ClusterTestSupport.serverId(c));
            long clientMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("08S02", e.getSQLState(), () -> "the statement met the crash and failed over: " + e);
            assertEquals(f.newWriterId(), ClusterTestSupport.serverId(c));

            assertEquals(before + 1, PLATFORM.getAttribute(bean, "FailoversSucceeded"), "one failover");
            assertEquals(failedBefore, PLATFORM.getAttribute(bean, "FailoversFailed"));
            assertEquals(hostPort(cluster.node(f.newWriterId())), PLATFORM.getAttribute(bean, "Writer"), "Writer names the new writer");
            long lastMs = (Long) PLATFORM.getAttribute(bean, "LastFailoverMillis");
            // The client waited for the failing statement plus the failover: the failover is most of
            // it and never more (+1 ms rounding). Loose, because the statement's own failure can be slow under load.
            assertTrue(lastMs <= clientMs + 1 && clientMs - lastMs <= 2_000,
                    "LastFailoverMillis " + lastMs + " vs the client's " + clientMs + " ms for the failing statement");
            System.out.println("cluster MBean: LastFailoverMillis=" + lastMs + ", client saw the failing statement take " + clientMs + " ms");
        } finally {
            AuroraDriver.releaseResources();
        }
        assertEquals(Set.of(), PLATFORM.queryNames(new ObjectName("dev.aurorajca:*"), null), "no dev.aurorajca MBean after the runtime closed");
    }
}
