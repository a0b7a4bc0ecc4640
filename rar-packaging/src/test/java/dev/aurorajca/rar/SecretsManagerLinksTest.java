package dev.aurorajca.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajca.clustersim.aws.SecretsManagerStub;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rar bundles the Secrets Manager SDK with url-connection-client and without the Apache and
 * Netty clients. On exactly the rar's runtime classpath (plus JUnit and cluster-sim's stub), the
 * driver's aws_secrets_manager plugin reads a secret over HTTP with the real SDK and hands its
 * user and password to the physical connect (a capturing stand-in for Connector/J here).
 */
@DisplayName("the aws_secrets_manager plugin works with the SDK jars the rar bundles")
class SecretsManagerLinksTest {

    @Test
    @DisplayName("GetSecretValue through the bundled SDK and url-connection-client, no Apache or Netty client")
    void readsASecretWithTheBundledSdk() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"));

        AtomicReference<Properties> seen = new AtomicReference<>();
        try (SecretsManagerStub stub = SecretsManagerStub.start()) {
            System.setProperty("aws.accessKeyId", stub.accessKeyId());
            System.setProperty("aws.secretAccessKey", stub.secretAccessKey());
            String arn = stub.putCredentials("rar/db", "app", "rar-test-password");
            try (DriverRuntime runtime = new DriverRuntime("rar-links", req -> {
                Properties copy = new Properties();
                copy.putAll(req.properties());
                seen.set(copy);
                return null; // no database here: what reached the connect is the point
            })) {
                // Region from the ARN, endpoint override to the stub.
                AuroraSettings s = AuroraSettings.of("db.example", 3306, "app", Map.of("plugins", "aws_secrets_manager",
                        "secretsManagerSecretId", arn, "secretsManagerEndpoint", stub.endpoint().toString()));
                runtime.pipeline(s).connect(ConnectRequest.of(HostSpec.endpoint("db.example", 3306), ConnectRequest.Purpose.INITIAL, s));
            }
            assertEquals("app", seen.get().getProperty("user"));
            assertEquals("rar-test-password", seen.get().getProperty("password"));
            assertEquals(1, stub.getSecretValueCount("rar/db"));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
