package dev.aurorajca.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajca.clustersim.aws.RdsApiStub;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.custom.CustomEndpointInfo;
import dev.aurorajca.driver.custom.CustomEndpoints;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On exactly the rar's runtime classpath (plus JUnit and cluster-sim's stub), the driver's
 * custom_endpoint plugin reads a custom endpoint with the bundled RDS SDK and url-connection-client
 * (the Query protocol over HTTP) and refuses a reader connect to a non-member.
 */
@DisplayName("the custom_endpoint plugin works with the SDK jars the rar bundles")
class CustomEndpointLinksTest {

    private static final String HOST = "reporting.cluster-custom-czrar.us-east-1.rds.amazonaws.com";

    @Test
    @DisplayName("DescribeDBClusterEndpoints through the bundled SDK; a non-member is refused, a member reached")
    void readsACustomEndpointWithTheBundledSdk() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient"));
        try (RdsApiStub stub = RdsApiStub.start()) {
            System.setProperty("aws.accessKeyId", stub.accessKeyId());
            System.setProperty("aws.secretAccessKey", stub.secretAccessKey());
            stub.putCustomEndpoint(new RdsApiStub.CustomEndpoint("reporting", "rar", HOST, "READER", List.of("instance-2"), List.of()));
            try (DriverRuntime runtime = new DriverRuntime("rar-links", req -> null)) {
                AuroraSettings s = AuroraSettings.of(HOST, 3306, "app", Map.of("plugins", "custom_endpoint",
                        "customEndpointRdsEndpoint", stub.endpoint().toString()));
                runtime.pipeline(s).connect(ConnectRequest.of(HostSpec.endpoint(HOST, 3306), ConnectRequest.Purpose.INITIAL, s));
                CustomEndpointInfo info = CustomEndpoints.info(runtime, s);
                assertNotNull(info, "the initial connect waited for the endpoint's members");
                assertEquals(Set.of("instance-2"), info.staticMembers());
                assertEquals(FailoverMode.STRICT_READER, CustomEndpoints.failoverMode(runtime, s));
                HostSpec outside = new HostSpec("instance-3.czrar.us-east-1.rds.amazonaws.com", 3306, "instance-3", HostSpec.Role.READER);
                SQLException e = assertThrows(SQLException.class, () -> runtime.pipeline(s).connect(
                        ConnectRequest.of(outside, ConnectRequest.Purpose.READER, s)));
                assertEquals("08001", e.getSQLState(), e.getMessage());
                HostSpec member = new HostSpec("instance-2.czrar.us-east-1.rds.amazonaws.com", 3306, "instance-2", HostSpec.Role.READER);
                runtime.pipeline(s).connect(ConnectRequest.of(member, ConnectRequest.Purpose.READER, s));
            }
            assertEquals(1, stub.describeCount());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
