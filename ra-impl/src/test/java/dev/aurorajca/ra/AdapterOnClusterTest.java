package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The adapter, outside a server, against a real 3-node cluster (cluster tier). */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("the adapter against a real cluster")
@org.junit.jupiter.api.Tag("cluster")
class AdapterOnClusterTest {

    private AuroraResourceAdapter adapter;

    @BeforeEach
    void start(SimCluster cluster) {
        cluster.healAll();
        adapter = new AuroraResourceAdapter();
        adapter.start(null);
    }

    @AfterEach
    void stop() throws Exception {
        adapter.stop();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("aurora-jca-ra-")), "adapter threads left after stop()");
        assertEquals(Set.of(), java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName("dev.aurorajca:*"), null), "cluster MBeans left after stop()");
    }

    private AuroraManagedConnectionFactory factory(SimCluster cluster, boolean readOnly) throws Exception {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint(cluster.writer().host());
        f.setPort(cluster.writer().port());
        f.setDatabase(cluster.database());
        f.setUser(cluster.user());
        f.setPassword(cluster.password());
        f.setReadOnly(readOnly);
        f.setConnectTimeout(2000);
        f.setFailoverTimeoutMs(20000L);
        f.setClusterId("sim-" + cluster.dir().getFileName());
        f.setResourceAdapter(adapter);
        return f;
    }

    private static long serverId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @DisplayName("the writer factory lands on the writer, the ReadOnly factory on a reader")
    void roles(SimCluster cluster) throws Exception {
        DataSource writer = (DataSource) factory(cluster, false).createConnectionFactory();
        DataSource reader = (DataSource) factory(cluster, true).createConnectionFactory();
        try (Connection w = writer.getConnection(); Connection r = reader.getConnection()) {
            assertEquals(cluster.writer().id(), serverId(w));
            assertNotEquals(cluster.writer().id(), serverId(r));
        }
    }

    @Test
    @DisplayName("failover: 08S02 reaches the application through the handle, no error event, the pooled connection stays valid on the new writer")
    void failoverKeepsConnection(SimCluster cluster) throws Exception {
        AuroraManagedConnectionFactory f = factory(cluster, false);
        AuroraManagedConnection mc = (AuroraManagedConnection) f.createManagedConnection(null, null);
        EventRecorder events = new EventRecorder();
        mc.addConnectionEventListener(events);
        try {
            Connection h = (Connection) mc.getConnection(null, null);
            assertEquals(cluster.writer().id(), serverId(h));

            javax.management.ObjectName bean = adapter.runtime().metrics().registeredNames().get(0);
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            long before = (Long) jmx.getAttribute(bean, "FailoversSucceeded");

            FailoverResult result = cluster.failover();

            SQLException e = assertThrows(SQLException.class, () -> serverId(h));
            assertEquals("08S02", e.getSQLState(), () -> "got " + e);
            assertEquals(before + 1, jmx.getAttribute(bean, "FailoversSucceeded"), "the adapter's cluster MBean counted the failover");
            assertFalse(events.types.contains(ERROR), "a successful failover must not make the pool destroy the connection");
            assertEquals(result.newWriterId(), serverId(h));
            h.close();
            mc.cleanup();
            assertTrue(f.getInvalidConnections(Set.of(mc)).isEmpty());
            assertEquals(mc, f.matchManagedConnections(Set.of(mc), null, null));
        } finally {
            mc.destroy();
        }
    }

    @Test
    @DisplayName("issue 12: a container begin on a connection whose writer just crashed fails over and runs; commit, then a crash, then the next transaction: no error, no error event")
    void containerTransactionsAcrossCrash(SimCluster cluster) throws Exception {
        AuroraManagedConnectionFactory f = factory(cluster, false);
        AuroraManagedConnection mc = (AuroraManagedConnection) f.createManagedConnection(null, null);
        EventRecorder events = new EventRecorder();
        mc.addConnectionEventListener(events);
        try (Connection admin = cluster.adminConnection(cluster.writer().id()); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".edge_ra (id INT PRIMARY KEY)");
            st.execute("DELETE FROM " + cluster.database() + ".edge_ra");
        }
        try {
            Connection h = (Connection) mc.getConnection(null, null);
            serverId(h); // used just now: a checkout would validate it locally

            FailoverResult first = cluster.failover();
            mc.getLocalTransaction().begin(); // the enlistment's begin meets the dead writer
            insert(h, 1);
            mc.getLocalTransaction().commit();
            assertEquals(first.newWriterId(), serverId(h));
            assertTrue(h.getAutoCommit(), "autocommit restored after the container transaction");

            mc.getLocalTransaction().begin();
            insert(h, 2);
            mc.getLocalTransaction().commit();
            FailoverResult second = cluster.failover(); // right after a commit: the idle connection moves later
            mc.getLocalTransaction().begin();
            insert(h, 3);
            mc.getLocalTransaction().commit();
            assertEquals(second.newWriterId(), serverId(h));
            try (Statement st = h.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM edge_ra")) {
                rs.next();
                assertEquals(3, rs.getLong(1), "every committed row is on the current writer");
            }
            assertFalse(events.types.contains(ERROR), "no error event: " + events.types);
            h.close();
            mc.cleanup();
            assertTrue(f.getInvalidConnections(Set.of(mc)).isEmpty());
        } finally {
            mc.destroy();
        }
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO edge_ra VALUES (" + id + ")");
        }
    }
}
