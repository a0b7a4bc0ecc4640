package dev.aurorajca.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
@DisplayName("cluster MBean: naming, attributes through JMX, unregistration")
class ClusterMBeanTest {

    /** A private MBean server (not kept by the factory), so the test neither sees nor leaves anything in the platform one. */
    private final MBeanServer mbs = MBeanServerFactory.newMBeanServer();

    private static ClusterState state(String writer, List<String> readers, Map<String, Integer> open) {
        return new ClusterState() {
            @Override public String writer() { return writer; }
            @Override public List<String> readers() { return readers; }
            @Override public long topologyAgeMillis() { return 1234; }
            @Override public int monitorThreads() { return 3; }
            @Override public int runtimeThreads() { return 5; }
            @Override public Map<String, Integer> openConnections() { return open; }
        };
    }

    private static final ClusterState FIXED = state("w.example:3306", List.of("r1.example:3306", "r2.example:3306"),
            Map.of("w.example:3306", 4, "r1.example:3306", 1, "r2.example:3306", 0));

    private Set<ObjectName> clusterBeans() throws Exception {
        return mbs.queryNames(new ObjectName("dev.aurorajca:type=Cluster,*"), null);
    }

    @ParameterizedTest(name = "cluster id {0}")
    @ValueSource(strings = {"db.cluster-abc.us-east-1.rds.amazonaws.com:3306", "a,b=c", "quote\"star*?", "back\\slash", "new\nline"})
    @DisplayName("any cluster id gives a valid name whose name key unquotes to the id")
    void nameQuoting(String clusterId) throws Exception {
        ObjectName name = RuntimeMetrics.objectName(clusterId, "ra-1");
        assertEquals(clusterId, ObjectName.unquote(name.getKeyProperty("name")));
        assertEquals("Cluster", name.getKeyProperty("type"));
        assertEquals("ra-1", name.getKeyProperty("runtime"));
        assertTrue(new ObjectName("dev.aurorajca:type=Cluster,*").apply(name));
        assertFalse(name.isPattern(), "a ? or * in the id must not make a pattern");
    }

    @Test
    @DisplayName("a runtime name with reserved characters is quoted")
    void oddRuntimeName() throws Exception {
        ObjectName name = RuntimeMetrics.objectName("c", "my app,1");
        assertEquals("my app,1", ObjectName.unquote(name.getKeyProperty("runtime")));
    }

    @Test
    @DisplayName("every attribute reads through JMX; open connections are a table; no attribute looks like a credential")
    void attributesThroughJmx() throws Exception {
        RuntimeMetrics rm = new RuntimeMetrics("unit-1", () -> mbs);
        ClusterMetrics m = new ClusterMetrics();
        ObjectName name = rm.register("c1", m, FIXED);
        m.failoverStarted(0);
        m.failoverEnded(true, 2_000_000);
        m.hostDeclaredDown();

        assertEquals("w.example:3306", mbs.getAttribute(name, "Writer"));
        assertArrayEquals(new String[] {"r1.example:3306", "r2.example:3306"}, (String[]) mbs.getAttribute(name, "Readers"));
        assertEquals(1L, mbs.getAttribute(name, "FailoversSucceeded"));
        assertEquals(0L, mbs.getAttribute(name, "FailoversFailed"));
        assertEquals(2L, mbs.getAttribute(name, "LastFailoverMillis"));
        assertEquals(1L, mbs.getAttribute(name, "HostsDeclaredDown"));
        assertEquals(1234L, mbs.getAttribute(name, "TopologyAgeMillis"));
        assertEquals(3, mbs.getAttribute(name, "MonitorThreads"));
        assertEquals(5, mbs.getAttribute(name, "RuntimeThreads"));
        assertEquals("c1", mbs.getAttribute(name, "ClusterId"));
        assertEquals("unit-1", mbs.getAttribute(name, "Runtime"));
        TabularData open = (TabularData) mbs.getAttribute(name, "OpenConnections");
        assertEquals(3, open.size());
        CompositeData w = open.get(new Object[] {"w.example:3306"});
        assertNotNull(w, "a row per instance, keyed by host:port: " + open);
        assertEquals(4, w.get("value"));

        for (MBeanAttributeInfo a : mbs.getMBeanInfo(name).getAttributes()) {
            assertFalse(a.isWritable(), a.getName() + " must be read-only");
            String n = a.getName().toLowerCase(java.util.Locale.ROOT);
            assertFalse(n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("user"),
                    "attribute " + a.getName() + " looks like a credential");
        }
    }

    @Test
    @DisplayName("two runtimes with the same name (two deployments) for one cluster get two names; close removes only its own")
    void twoRuntimesDoNotCollide() throws Exception {
        RuntimeMetrics first = new RuntimeMetrics("ra-1", () -> mbs);
        RuntimeMetrics second = new RuntimeMetrics("ra-1", () -> mbs);
        ObjectName a = first.register("c1", new ClusterMetrics(), FIXED);
        ObjectName b = second.register("c1", new ClusterMetrics(), FIXED);
        assertEquals("ra-1", a.getKeyProperty("runtime"));
        assertEquals("ra-1#2", b.getKeyProperty("runtime"));
        assertEquals(Set.of(a, b), clusterBeans());
        first.close();
        assertEquals(Set.of(b), clusterBeans());
        second.close();
        assertEquals(Set.of(), clusterBeans());
    }

    @Test
    @DisplayName("close unregisters everything, is idempotent, and a later register does nothing")
    void closeUnregisters() throws Exception {
        RuntimeMetrics rm = new RuntimeMetrics("rt-1", () -> mbs);
        rm.register("c1", new ClusterMetrics(), FIXED);
        rm.register("c2", new ClusterMetrics(), FIXED);
        assertEquals(2, clusterBeans().size());
        rm.close();
        rm.close();
        assertEquals(Set.of(), clusterBeans());
        assertNull(rm.register("c3", new ClusterMetrics(), FIXED), "closed: nothing registered");
        assertEquals(Set.of(), clusterBeans());
    }

    @Test
    @DisplayName("a JMX failure never reaches the caller: no MBean, nothing to unregister")
    void jmxFailureIsContained() {
        RuntimeMetrics rm = new RuntimeMetrics("rt-1", () -> {
            throw new SecurityException("no JMX here");
        });
        assertNull(rm.register("c1", new ClusterMetrics(), FIXED));
        assertTrue(rm.registeredNames().isEmpty());
        rm.close();
    }
}
