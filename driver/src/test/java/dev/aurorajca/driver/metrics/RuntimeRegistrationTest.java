package dev.aurorajca.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The runtime's hook: no database needed, a cluster context exists from the first {@code cluster()} call. */
@Tag("unit")
@DisplayName("driver runtime: one cluster MBean per cluster on the platform MBean server, gone on close")
class RuntimeRegistrationTest {

    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    private static AuroraSettings settings(String clusterId, String... kv) throws SQLException {
        Map<String, String> p = new HashMap<>(Map.of("user", "app", "password", "pw-s3cret", "clusterId", clusterId));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return AuroraSettings.of("db.example", 3306, "app", p);
    }

    private static DriverRuntime runtime() {
        return new DriverRuntime("unit-metrics", req -> {
            throw new SQLException("no database in a unit test", "08001");
        });
    }

    private static Set<ObjectName> beansOf(String clusterId) throws Exception {
        return PLATFORM.queryNames(new ObjectName("dev.aurorajca:type=Cluster,name=" + ObjectName.quote(clusterId) + ",*"), null);
    }

    @Test
    @DisplayName("one MBean per cluster however many configurations use it; no attribute holds the password; close removes it")
    void registeredOncePerClusterAndRemovedOnClose() throws Exception {
        String id = "unit-registration:3306";
        DriverRuntime rt = runtime();
        try {
            rt.cluster(settings(id));
            rt.cluster(settings(id, "readOnly", "true"));
            Set<ObjectName> names = beansOf(id);
            assertEquals(1, names.size(), names.toString());
            ObjectName name = names.iterator().next();
            assertEquals(rt.name(), name.getKeyProperty("runtime"));
            for (MBeanAttributeInfo a : PLATFORM.getMBeanInfo(name).getAttributes()) {
                Attribute value = PLATFORM.getAttributes(name, new String[] {a.getName()}).asList().get(0);
                assertFalse(String.valueOf(value.getValue()).contains("s3cret"), a.getName() + " shows the password");
            }
            assertEquals("db.example:3306", String.valueOf(((javax.management.openmbean.TabularData) PLATFORM.getAttribute(name, "OpenConnections"))
                    .keySet().iterator().next()).replaceAll("[\\[\\]]", ""), "before any topology: the endpoint");
        } finally {
            rt.close();
        }
        assertEquals(Set.of(), beansOf(id), "close() unregisters");
    }

    @Test
    @DisplayName("two runtimes for the same cluster in one JVM: two MBeans, told apart by the runtime key")
    void twoRuntimes() throws Exception {
        String id = "unit-two-runtimes:3306";
        DriverRuntime a = runtime();
        DriverRuntime b = runtime();
        try {
            a.cluster(settings(id));
            b.cluster(settings(id));
            assertEquals(2, beansOf(id).size(), beansOf(id).toString());
            a.close();
            Set<ObjectName> left = beansOf(id);
            assertEquals(1, left.size());
            assertEquals(b.name(), left.iterator().next().getKeyProperty("runtime"));
        } finally {
            a.close();
            b.close();
        }
        assertEquals(Set.of(), beansOf(id));
    }

    @Test
    @DisplayName("clusterMBean=false: no MBean")
    void switchedOff() throws Exception {
        String id = "unit-off:3306";
        DriverRuntime rt = runtime();
        try {
            rt.cluster(settings(id, "clusterMBean", "false"));
            assertEquals(Set.of(), beansOf(id));
            assertTrue(rt.metrics().registeredNames().isEmpty());
        } finally {
            rt.close();
        }
    }

    @Test
    @DisplayName("a bad clusterMBean value names the property, the value and what is allowed")
    void badValue() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings("x", "clusterMBean", "maybe"));
        assertTrue(e.getMessage().contains("clusterMBean") && e.getMessage().contains("maybe") && e.getMessage().contains("true or false"),
                e.getMessage());
    }
}
