package dev.aurorajca.driver.custom;

import static dev.aurorajca.driver.ClusterTestSupport.await;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.aws.RdsApiStub;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The custom_endpoint plugin with the real AWS SDK against {@link RdsApiStub} (a local endpoint
 * speaking the RDS Query API) and cluster-sim in Aurora mode with 4 instances: instance-1 the
 * writer, instance-2..4 readers. Two custom endpoints: {@code reporting} (READER, static members
 * instance-2 and instance-3; its name resolves to instance-2's proxy) and {@code mixed} (ANY, every
 * instance but the excluded instance-2 and instance-3, so instance-1 and instance-4; its name
 * resolves to instance-1's proxy).
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 4, aurora = true, customEndpoints = {"reporting:2", "mixed:1"})
@DisplayName("custom_endpoint against a local RDS API endpoint and cluster-sim's Aurora mode")
@org.junit.jupiter.api.Tag("cluster")
class CustomEndpointClusterTest {

    private static RdsApiStub rds;
    private DriverRuntime runtime;

    @BeforeAll
    static void startStub() throws IOException {
        rds = RdsApiStub.start();
        // The SDK default chain reads these first: static test credentials for the stub.
        System.setProperty("aws.accessKeyId", rds.accessKeyId());
        System.setProperty("aws.secretAccessKey", rds.secretAccessKey());
    }

    @AfterAll
    static void stopStub() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (rds != null) {
            rds.close();
        }
    }

    @BeforeEach
    void define(SimCluster cluster) {
        cluster.healAll();
        rds.throttle(false);
        rds.putCustomEndpoint(new RdsApiStub.CustomEndpoint("reporting", "sim", cluster.customEndpoint("reporting").orElseThrow(),
                "READER", List.of("instance-2", "instance-3"), List.of()));
        rds.putCustomEndpoint(new RdsApiStub.CustomEndpoint("mixed", "sim", cluster.customEndpoint("mixed").orElseThrow(),
                "ANY", List.of(), List.of("instance-2", "instance-3")));
        runtime = new DriverRuntime("custom-endpoint");
    }

    @AfterEach
    void close() {
        runtime.close();
        assertTrue(dev.aurorajca.driver.ClusterTestSupport.driverThreads().stream().noneMatch(n -> n.startsWith("aurora-jca-custom-endpoint")),
                "the runtime's threads ended");
    }

    private AuroraSettings settings(SimCluster cluster, String endpoint, String... kv) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("user", cluster.user());
        p.put("password", cluster.password());
        p.put("clusterId", "sim-" + cluster.dir().getFileName() + "-" + endpoint);
        p.put("connectTimeout", "2000");
        p.put("failoverTimeoutMs", "20000");
        p.put("plugins", "custom_endpoint,failover");
        p.put("customEndpointRdsEndpoint", rds.endpoint().toString());
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return AuroraSettings.of(cluster.customEndpoint(endpoint).orElseThrow(), cluster.endpointPort(), cluster.database(), p);
    }

    @Test
    @DisplayName("read-only connections through a READER custom endpoint land only on its static members")
    void readOnlyOnlyOnMembers(SimCluster cluster) throws SQLException {
        Set<Long> seen = new HashSet<>();
        AuroraSettings s = settings(cluster, "reporting", "readOnly", "true", "readerHostSelectorStrategy", "round_robin");
        for (int i = 0; i < 20; i++) {
            try (AuroraConnection c = runtime.connect(s)) {
                seen.add(serverId(c));
            }
        }
        assertEquals(Set.of(2L, 3L), seen, "round_robin over the members instance-2 and instance-3 only");
    }

    @Test
    @DisplayName("a READER custom endpoint defaults to strict-reader: a writer connection stays on the member, never the writer")
    void readerEndpointIsStrictReader(SimCluster cluster) throws SQLException {
        AuroraSettings s = settings(cluster, "reporting");
        try (AuroraConnection c = runtime.connect(s)) {
            assertEquals(2L, serverId(c), "the endpoint's name resolves to instance-2; strict-writer would have moved to the writer");
            assertEquals(FailoverMode.STRICT_READER, CustomEndpoints.failoverMode(runtime, s));
        }
        AuroraSettings explicit = settings(cluster, "reporting", "failoverMode", "reader-or-writer");
        assertEquals(FailoverMode.READER_OR_WRITER, CustomEndpoints.failoverMode(runtime, explicit), "an explicit failoverMode wins");
    }

    @Test
    @DisplayName("failover of a READER custom endpoint's connection moves to the other member, never to a non-member or the writer")
    void failoverStaysWithinMembers(SimCluster cluster) throws SQLException {
        AuroraSettings s = settings(cluster, "reporting", "readerHostSelectorStrategy", "random");
        try (AuroraConnection c = runtime.connect(s)) {
            for (int round = 0; round < 4; round++) {
                long before = serverId(c);
                assertTrue(before == 2 || before == 3, "on a member: " + before);
                cluster.cut((int) before);
                SQLException e = assertThrows(SQLException.class, () -> serverId(c));
                assertInstanceOf(FailoverSuccessSQLException.class, e, "failover succeeded: " + e);
                long after = serverId(c);
                assertEquals(before == 2 ? 3L : 2L, after, "round " + round + ": the only other member");
            }
        }
    }

    @Test
    @DisplayName("an ANY custom endpoint with excluded members: reader-or-writer by default, read-only connections on instance-4 only")
    void anyEndpointExcludedMembers(SimCluster cluster) throws SQLException {
        AuroraSettings writerSide = settings(cluster, "mixed");
        try (AuroraConnection c = runtime.connect(writerSide)) {
            assertEquals(1L, serverId(c), "the endpoint's name resolves to instance-1, the writer");
            assertEquals(FailoverMode.READER_OR_WRITER, CustomEndpoints.failoverMode(runtime, writerSide));
        }
        AuroraSettings ro = settings(cluster, "mixed", "readOnly", "true");
        for (int i = 0; i < 10; i++) {
            try (AuroraConnection c = runtime.connect(ro)) {
                assertEquals(4L, serverId(c), "instance-2 and instance-3 are excluded; instance-4 is the only member reader");
            }
        }
        try (AuroraConnection c = runtime.connect(ro)) {
            assertEquals(4L, serverId(c));
            cluster.cut(4);
            SQLException e = assertThrows(SQLException.class, () -> serverId(c));
            assertInstanceOf(FailoverSuccessSQLException.class, e, "failover succeeded: " + e);
            assertEquals(1L, serverId(c), "reader-or-writer: no other member reader, so the writer member, never instance-2 or -3");
        }
    }

    @Test
    @DisplayName("a membership change is picked up at the next refresh")
    void membershipChange(SimCluster cluster) throws SQLException {
        AuroraSettings s = settings(cluster, "reporting", "readOnly", "true", "customEndpointInfoRefreshRateMs", "200",
                "readerHostSelectorStrategy", "round_robin");
        Set<Long> before = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            try (AuroraConnection c = runtime.connect(s)) {
                before.add(serverId(c));
            }
        }
        assertEquals(Set.of(2L, 3L), before);
        rds.putCustomEndpoint(new RdsApiStub.CustomEndpoint("reporting", "sim", cluster.customEndpoint("reporting").orElseThrow(),
                "READER", List.of("instance-2", "instance-4"), List.of()));
        await("the new members are known", Duration.ofSeconds(10),
                () -> Set.of("instance-2", "instance-4").equals(CustomEndpoints.info(runtime, s).staticMembers()));
        Set<Long> after = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            try (AuroraConnection c = runtime.connect(s)) {
                after.add(serverId(c));
            }
        }
        assertEquals(Set.of(2L, 4L), after, "instance-3 left the endpoint, instance-4 joined");
    }

    @Test
    @DisplayName("throttling doubles the delay between calls up to 16x the refresh rate; connections keep the known members; success resets it")
    void throttlingBacksOff(SimCluster cluster) throws Exception {
        AuroraSettings s = settings(cluster, "reporting", "readOnly", "true", "customEndpointInfoRefreshRateMs", "100");
        try (AuroraConnection c = runtime.connect(s)) {
            assertTrue(Set.of(2L, 3L).contains(serverId(c)));
        }
        CustomEndpointMonitor m = CustomEndpoints.of(runtime).monitor(s);
        rds.throttle(true);
        int from = rds.describeCount();
        await("5 throttled calls", Duration.ofSeconds(30), () -> rds.describeCount() >= from + 5);
        List<Long> t = rds.describeCallTimesNanos().subList(from, from + 5);
        // Each call after a throttled one waits at least twice as long as the one before it did
        // (lower bounds only: a loaded machine makes the gaps longer, never shorter).
        long[] min = {200, 400, 800, 1600};
        for (int i = 0; i < 4; i++) {
            long gapMs = (t.get(i + 1) - t.get(i)) / 1_000_000;
            assertTrue(gapMs >= min[i] - 5, "gap " + i + " was " + gapMs + " ms, expected >= " + min[i] + " ms: " + t);
        }
        assertEquals(1600, m.currentDelayMs(), "capped at 16 x customEndpointInfoRefreshRateMs");
        try (AuroraConnection c = runtime.connect(s)) {
            assertTrue(Set.of(2L, 3L).contains(serverId(c)), "the last known members still apply while RDS throttles");
        }
        rds.throttle(false);
        await("a successful call resets the delay", Duration.ofSeconds(10), () -> m.currentDelayMs() == 100 && m.lastError() == null);
    }

    @Test
    @DisplayName("an endpoint RDS does not know: the connect fails after waitForCustomEndpointInfoTimeoutMs, naming the property and the endpoint")
    void unknownEndpoint(SimCluster cluster) throws SQLException {
        rds.removeCustomEndpoint("reporting");
        AuroraSettings s = settings(cluster, "reporting", "waitForCustomEndpointInfoTimeoutMs", "1500");
        SQLException e = assertThrows(SQLException.class, () -> runtime.connect(s).close());
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("waitForCustomEndpointInfoTimeoutMs=1500"), e.getMessage());
        assertTrue(e.getMessage().contains("no custom endpoint 'reporting'"), e.getMessage());
        assertNotEquals(0, rds.describeCount());
    }
}
