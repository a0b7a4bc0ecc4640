package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import jakarta.resource.ResourceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Factory: SecretsManagerSecretId and SecretsManagerRegion reach the aws_secrets_manager settings")
@org.junit.jupiter.api.Tag("unit")
class SecretsManagerFactoryTest {

    private static AuroraManagedConnectionFactory factory() {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint("mydb.cluster-abc123.us-east-1.rds.amazonaws.com");
        f.setPlugins("failover,host_monitoring_v2,aws_secrets_manager");
        return f;
    }

    @Test
    @DisplayName("no User or Password: the secret id, region and the other secretsManager* DriverProperties are used")
    void configured() throws ResourceException {
        AuroraManagedConnectionFactory f = factory();
        f.setSecretsManagerSecretId("prod/app-db");
        f.setSecretsManagerRegion("eu-central-1");
        f.setDriverProperties("secretsManagerEndpoint=http://127.0.0.1:4566;secretsManagerConnectRetryTimeoutMs=20000");
        AuroraSettings s = f.settings();
        assertNull(s.user());
        assertEquals("prod/app-db", s.secretsManager().secretId());
        assertEquals("eu-central-1", s.secretsManager().region());
        assertEquals("http://127.0.0.1:4566", s.secretsManager().endpoint().toString());
        assertEquals(20000, s.secretsManager().connectRetryTimeoutMs());
    }

    @Test
    @DisplayName("the plugin without a secret id fails naming the config property SecretsManagerSecretId")
    void missingSecretId() {
        ResourceException e = assertThrows(ResourceException.class, () -> factory().settings());
        assertTrue(e.getMessage().contains("SecretsManagerSecretId"), e.getMessage());
    }

    @Test
    @DisplayName("a bad region names SecretsManagerRegion and the value")
    void badRegion() {
        AuroraManagedConnectionFactory f = factory();
        f.setSecretsManagerSecretId("prod/app-db");
        f.setSecretsManagerRegion("Frankfurt");
        ResourceException e = assertThrows(ResourceException.class, f::settings);
        assertTrue(e.getMessage().contains("SecretsManagerRegion") && e.getMessage().contains("Frankfurt"), e.getMessage());
    }

    @Test
    @DisplayName("factories differing only in the secret are not equal (the server keeps their pools apart)")
    void equality() {
        AuroraManagedConnectionFactory a = factory();
        AuroraManagedConnectionFactory b = factory();
        a.setSecretsManagerSecretId("prod/a");
        b.setSecretsManagerSecretId("prod/a");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setSecretsManagerSecretId("prod/b");
        assertNotEquals(a, b);
    }
}
