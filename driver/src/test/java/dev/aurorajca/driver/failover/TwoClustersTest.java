package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 2)
@DisplayName("two clusters in one JVM")
@org.junit.jupiter.api.Tag("cluster")
class TwoClustersTest {

    @Test
    @DisplayName("keep separate topologies when no clusterId is given, and fail over independently")
    void separateTopologies(SimCluster first) throws Exception {
        try (SimCluster second = SimCluster.builder().nodes(2).start(); DriverRuntime runtime = new DriverRuntime("two")) {
            // No clusterId: the key is derived from each endpoint.
            AuroraSettings a = settings(first, first.writer(), Map.of("clusterId", ""));
            AuroraSettings b = settings(second, second.writer(), Map.of("clusterId", ""));
            try (AuroraConnection ca = runtime.connect(a); AuroraConnection cb = runtime.connect(b)) {
                assertNotEquals(a.clusterId(), b.clusterId());
                assertNotSame(runtime.cluster(a), runtime.cluster(b));
                Topology ta = runtime.cluster(a).topology();
                Topology tb = runtime.cluster(b).topology();
                Set<Integer> portsA = new HashSet<>();
                ta.hosts().forEach(h -> portsA.add(h.port()));
                for (HostSpec h : tb.hosts()) {
                    assertTrue(!portsA.contains(h.port()), "cluster B's topology " + tb + " shares a host with A's " + ta);
                }
                var f = second.failover();
                assertEquals("08S02", org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> serverId(cb)).getSQLState());
                assertEquals(f.newWriterId(), serverId(cb));
                assertEquals(first.writer().id(), serverId(ca), "cluster A is untouched");
                assertEquals(first.writer().port(), runtime.cluster(a).topology().writer().port());
            }
        }
    }
}
