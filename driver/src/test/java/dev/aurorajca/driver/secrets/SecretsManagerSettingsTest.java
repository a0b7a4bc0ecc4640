package dev.aurorajca.driver.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.config.SecretsManagerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("aws_secrets_manager settings: validated when parsed, errors name the property, the value and what is allowed")
@org.junit.jupiter.api.Tag("unit")
class SecretsManagerSettingsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/db-AbCdEf";

    private static AuroraSettings settings(String... kv) throws InvalidSettingException {
        Map<String, String> p = new HashMap<>();
        p.put("plugins", "failover,aws_secrets_manager");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return AuroraSettings.of("db.example", 3306, "app", p);
    }

    @ParameterizedTest
    @CsvSource({"aws_secrets_manager", "awsSecretsManager", "awsSecretsManager2", "AWSSECRETSMANAGER"})
    @DisplayName("the plugin code and the AWS JDBC wrapper's aliases")
    void aliases(String code) throws Exception {
        assertEquals(List.of(PluginCode.AWS_SECRETS_MANAGER), settings("plugins", code, "secretsManagerSecretId", ARN).plugins());
    }

    @Test
    @DisplayName("the secret id is required with the plugin, and the error names secretsManagerSecretId")
    void secretIdRequired() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings());
        assertEquals("secretsManagerSecretId", e.property());
        assertTrue(e.getMessage().contains("aws_secrets_manager"), e.getMessage());
    }

    @Test
    @DisplayName("region: the property, else the ARN, else the endpoint host name, else an error naming secretsManagerRegion")
    void region() throws Exception {
        assertEquals("eu-west-2", settings("secretsManagerSecretId", ARN).secretsManager().region());
        assertEquals("ap-south-1", settings("secretsManagerSecretId", ARN, "secretsManagerRegion", "ap-south-1").secretsManager().region());
        assertEquals("us-west-2", settings("secretsManagerSecretId", "prod/db",
                "secretsManagerEndpoint", "https://vpce-0abc-def.secretsmanager.us-west-2.vpce.amazonaws.com").secretsManager().region());
        assertEquals("cn-north-1", settings("secretsManagerSecretId", "prod/db",
                "secretsManagerEndpoint", "https://secretsmanager.cn-north-1.amazonaws.com.cn").secretsManager().region());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> settings("secretsManagerSecretId", "prod/db", "secretsManagerEndpoint", "http://127.0.0.1:4566"));
        assertEquals("secretsManagerRegion", e.property());
        assertTrue(e.getMessage().contains("prod/db") && e.getMessage().contains("http://127.0.0.1:4566"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "secretsManagerRegion|us_east_1|an AWS region code",
        "secretsManagerEndpoint|ftp://secrets.example|an http or https URL",
        "secretsManagerEndpoint|not a url|an http or https URL",
        "secretsManagerEndpoint|https://user:pw@secretsmanager.us-east-1.amazonaws.com|an http or https URL",
        "secretsManagerExpirationTimeSec|0|an integer from 1 to 604800",
        "secretsManagerExpirationTimeSec|soon|an integer from 1 to 604800",
        "secretsManagerConnectRetryTimeoutMs|-1|an integer from 0 to 3600000",
    })
    @DisplayName("a bad value names the property, the value and what is allowed")
    void badValues(String property, String value, String allowed) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings("secretsManagerSecretId", ARN, property, value));
        assertEquals(property, e.property());
        assertEquals(value, e.value());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    @Test
    @DisplayName("empty JSON keys are refused")
    void emptyKeys() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> settings("secretsManagerSecretId", ARN, "secretsManagerSecretPasswordProperty", " "));
        assertEquals("secretsManagerSecretPasswordProperty", e.property());
    }

    @Test
    @DisplayName("defaults, and settings differing only in the secret are not equal (factories do not match)")
    void defaultsAndEquality() throws Exception {
        SecretsManagerSettings sm = settings("secretsManagerSecretId", ARN).secretsManager();
        assertEquals("username", sm.usernameKey());
        assertEquals("password", sm.passwordKey());
        assertEquals(870, sm.expirationSec());
        assertEquals(0, sm.connectRetryTimeoutMs());
        assertNull(sm.endpoint());
        assertNotEquals(settings("secretsManagerSecretId", ARN), settings("secretsManagerSecretId", ARN.replace("prod/db", "prod/other")));
        assertEquals(settings("secretsManagerSecretId", ARN), settings("secretsManagerSecretId", ARN));
    }

    @Test
    @DisplayName("without the plugin nothing is required")
    void notConfigured() throws Exception {
        assertEquals("", AuroraSettings.of("db.example", 3306, "app", Map.of()).secretsManager().secretId());
    }

    @Test
    @DisplayName("toString of the credentials never shows the password")
    void credentialsToString() {
        DbCredentials c = new DbCredentials("app", "s3cr3t-value", "v1");
        assertTrue(!c.toString().contains("s3cr3t-value") && c.toString().contains("app"), c.toString());
    }
}
