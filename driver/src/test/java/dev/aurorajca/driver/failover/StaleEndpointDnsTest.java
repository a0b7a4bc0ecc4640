package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.count;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Aurora's endpoints are DNS names: after a promotion the cluster endpoint keeps resolving to the
 * old writer's instance, and the reader endpoint to the old readers (the promoted one among them),
 * for a while. cluster-sim's Aurora mode reproduces that lag. Connections opened through the
 * endpoints during it must still land where they belong, because the driver checks which instance
 * it reached rather than trusting the name.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3, aurora = true, endpointLagMs = StaleEndpointDnsTest.LAG_MS)
@DisplayName("connections through the endpoints while their DNS still points at the old roles")
@org.junit.jupiter.api.Tag("cluster")
class StaleEndpointDnsTest {

    /** Long enough for a restart of the old writer under load, and every check, to fit inside. */
    static final long LAG_MS = 15_000;

    @BeforeEach
    void healthy(SimCluster cluster) {
        cluster.healAll();
    }

    private static AuroraSettings endpoint(SimCluster cluster, String host, Map<String, String> extra) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("user", cluster.user());
        p.put("password", cluster.password());
        p.put("clusterId", "stale-dns");
        p.put("connectTimeout", "2000");
        p.put("failoverTimeoutMs", "20000");
        p.putAll(extra);
        return AuroraSettings.of(host, cluster.endpointPort(), cluster.database(), p);
    }

    /** Where a plain Connector/J connection through {@code host} lands now (its @@server_id). */
    private static long plainServerId(SimCluster cluster, String host) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + host + ":" + cluster.endpointPort() + "/"
                + cluster.database() + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=2000",
                cluster.user(), cluster.password())) {
            return serverId(c);
        }
    }

    private static void stillLagging(long promotedNanos) {
        long ms = (System.nanoTime() - promotedNanos) / 1_000_000;
        assertTrue(ms < LAG_MS, "the checks took " + ms + " ms, past the " + LAG_MS + " ms lag: nothing was proven");
    }

    @Test
    @DisplayName("cluster endpoint still on the old writer, back as a reader: new connections (known topology or not) reach the new writer")
    void clusterEndpointLandsOnTheNewWriter(SimCluster cluster) throws SQLException {
        String clusterEndpoint = cluster.clusterEndpoint().orElseThrow();
        try (DriverRuntime warm = new DriverRuntime("stale-warm"); DriverRuntime cold = new DriverRuntime("stale-cold")) {
            try (AuroraConnection c = warm.connect(endpoint(cluster, clusterEndpoint, Map.of()))) {
                assertEquals(cluster.writer().id(), serverId(c)); // the runtime knows the topology now
            }
            int oldWriter = cluster.writer().id();
            FailoverResult f = cluster.failover();
            long promoted = System.nanoTime();
            cluster.restart(oldWriter); // back, read-only, while the endpoint still points at it
            assertEquals(oldWriter, plainServerId(cluster, clusterEndpoint), "the endpoint's DNS lags");

            try (AuroraConnection c = warm.connect(endpoint(cluster, clusterEndpoint, Map.of()))) {
                assertEquals(f.newWriterId(), serverId(c), "a runtime that knew the topology");
                assertTrue(c.currentHost().startsWith("instance-" + f.newWriterId() + "."), c.currentHost());
            }
            try (AuroraConnection c = cold.connect(endpoint(cluster, clusterEndpoint, Map.of()))) {
                assertEquals(f.newWriterId(), serverId(c), "a runtime whose first connection reached the stale instance");
                try (var st = c.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS stale_dns (id INT PRIMARY KEY)"); // writable: really the writer
                }
            }
            assertEquals(oldWriter, plainServerId(cluster, clusterEndpoint), "still lagging after the driver's connects");
            stillLagging(promoted);
        }
    }

    @Test
    @DisplayName("reader endpoint still listing the promoted instance: read-only connections land on readers")
    void readerEndpointLandsOnAReader(SimCluster cluster) throws SQLException {
        String readerEndpoint = cluster.readerEndpoint().orElseThrow();
        try (DriverRuntime runtime = new DriverRuntime("stale-ro")) {
            try (AuroraConnection c = runtime.connect(endpoint(cluster, readerEndpoint, Map.of("readOnly", "true")))) {
                assertNotEquals(cluster.writer().id(), serverId(c));
            }
            int oldWriter = cluster.writer().id();
            FailoverResult f = cluster.failover();
            long promoted = System.nanoTime();
            cluster.restart(oldWriter); // a reader again, so a reader other than the promoted one exists... and one more
            boolean endpointGaveTheWriter = false;
            for (int i = 0; i < 4; i++) {
                endpointGaveTheWriter |= plainServerId(cluster, readerEndpoint) == f.newWriterId();
            }
            assertTrue(endpointGaveTheWriter, "the lagging reader endpoint still hands out the promoted instance");
            for (int i = 0; i < 6; i++) {
                try (AuroraConnection c = runtime.connect(endpoint(cluster, readerEndpoint, Map.of("readOnly", "true")))) {
                    assertNotEquals(f.newWriterId(), serverId(c), "read-only connection " + i + " on the writer");
                    assertEquals(1, count(c, "SELECT @@innodb_read_only"), "a read-only instance");
                }
            }
            try (DriverRuntime cold = new DriverRuntime("stale-ro-cold")) {
                for (int i = 0; i < 4; i++) {
                    try (AuroraConnection c = cold.connect(endpoint(cluster, readerEndpoint, Map.of("readOnly", "true")))) {
                        assertNotEquals(f.newWriterId(), serverId(c), "cold read-only connection " + i + " on the writer");
                    }
                }
            }
            stillLagging(promoted);
        }
    }
}
