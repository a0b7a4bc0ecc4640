package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The way applications really connect: through the writer cluster endpoint, a name that follows
 * the writer with a lag (DNS on Aurora, a following proxy here). The driver must work out which
 * instance the endpoint led to and never take the endpoint itself for an instance.
 */
@DisplayName("connections through the cluster endpoint (RDS-shaped names)")
@org.junit.jupiter.api.Tag("cluster")
class ClusterEndpointTest {

    @Test
    @DisplayName("a connection through the cluster endpoint is attached to the instance, and fails over to an instance")
    void endpointResolvesToInstance() throws Exception {
        String hostsFile = System.getProperty("sim.hosts.file");
        assertTrue(hostsFile != null, "run through Maven: surefire sets -Djdk.net.hosts.file and sim.hosts.file");
        try (SimCluster cluster = SimCluster.builder().nodes(3).rdsNames(true).hostsFile(Path.of(hostsFile)).start();
             DriverRuntime runtime = new DriverRuntime("endpoint")) {
            String endpoint = cluster.clusterEndpoint().orElseThrow();
            AuroraSettings s = AuroraSettings.of(endpoint, cluster.endpointPort(), cluster.database(),
                    Map.of("user", cluster.user(), "password", cluster.password(), "connectTimeout", "2000"));
            try (AuroraConnection c = runtime.connect(s)) {
                assertEquals(cluster.writer().id(), serverId(c));
                assertTrue(c.currentHost().startsWith("instance-" + cluster.writer().id() + "."),
                        "attached to the writer instance, not the endpoint: " + c.currentHost());

                FailoverResult f = cluster.failover();
                SQLException e = assertThrows(SQLException.class, () -> serverId(c));
                assertEquals("08S02", e.getSQLState(), () -> "got " + e);
                assertEquals(f.newWriterId(), serverId(c));
                assertTrue(c.currentHost().startsWith("instance-" + f.newWriterId() + "."), "moved to an instance: " + c.currentHost());
                String writer = runtime.cluster(s).topology().writer().host();
                assertTrue(writer.startsWith("instance-" + f.newWriterId() + "."), "topology writer is an instance: " + writer);
            }
        }
    }
}
