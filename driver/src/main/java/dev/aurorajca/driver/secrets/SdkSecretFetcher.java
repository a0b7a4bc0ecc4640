package dev.aurorajca.driver.secrets;

import dev.aurorajca.driver.aws.AwsCredentialSources;
import dev.aurorajca.driver.aws.AwsSdk;
import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.config.SecretsManagerSettings;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The only class that links to the Secrets Manager SDK: {@code GetSecretValue} with the SDK's
 * JDK-based HTTP client ({@code url-connection-client}), credentials from
 * {@link AwsCredentialSources}, and the region and endpoint override from the settings.
 *
 * <p>Timeouts are short and the SDK retries once: a connect that has no cached secret waits for
 * this call, and a background refresh should not hold a runtime thread for long.
 */
final class SdkSecretFetcher implements SecretFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final SecretsManagerClient client;
    private final String credentialSource;

    private SdkSecretFetcher(SecretsManagerClient client, String credentialSource) {
        this.client = client;
        this.credentialSource = credentialSource;
    }

    static SecretFetcher create(SecretsManagerSettings s, String awsProfile) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(AwsCredentialSources.provider(awsProfile))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(r -> r.maxAttempts(2)));
        if (s.endpoint() != null) {
            b.endpointOverride(s.endpoint());
        }
        return new SdkSecretFetcher(b.build(), AwsSdk.credentialSource(awsProfile));
    }

    @Override
    public DbCredentials fetch(SecretKey key) throws SQLException {
        GetSecretValueResponse r;
        try {
            r = client.getSecretValue(b -> b.secretId(key.secretId()));
        } catch (ResourceNotFoundException e) {
            throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_SECRET_ID.key(),
                    "Secrets Manager has no secret '" + key.secretId() + "' in region " + key.region()
                    + (key.endpoint().isEmpty() ? "" : " at " + key.endpoint()) + " visible to the " + credentialSource
                    + " credentials (" + errorMessage(e) + "); set " + AuroraProperty.SECRETS_MANAGER_SECRET_ID.key()
                    + " to the name or ARN of an existing secret, and " + AuroraProperty.SECRETS_MANAGER_REGION.key() + " to its region");
        } catch (SdkException e) {
            // Unreachable endpoint, throttling, no credentials, access denied: the SDK's message
            // says which. It describes the request, never the secret's value (there is none yet).
            throw new SQLNonTransientConnectionException("aurora-jca aws_secrets_manager: could not read " + key + ": " + e.getMessage(),
                    "08001", e);
        }
        String json = r.secretString();
        String version = r.versionId();
        if (json == null) {
            throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_SECRET_ID.key(),
                    "secret '" + key.secretId() + "' (version " + version + ") has no SecretString (a binary secret); "
                    + "store a JSON object with keys '" + key.usernameKey() + "' and '" + key.passwordKey() + "'");
        }
        Map<String, JsonNode> fields = parseObject(json, key, version);
        return new DbCredentials(field(fields, key.usernameKey(), AuroraProperty.SECRETS_MANAGER_SECRET_USERNAME_PROPERTY, key, version),
                field(fields, key.passwordKey(), AuroraProperty.SECRETS_MANAGER_SECRET_PASSWORD_PROPERTY, key, version), version);
    }

    private static Map<String, JsonNode> parseObject(String json, SecretKey key, String version) throws InvalidSettingException {
        JsonNode node;
        try {
            node = JsonNode.parser().parse(json);
        } catch (RuntimeException e) {
            // Parser messages quote the text around the error, which is the secret: drop them and the cause.
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_SECRET_ID.key(),
                    "the value of secret '" + key.secretId() + "' (version " + version + ") is not a JSON object; "
                    + "expected one with keys '" + key.usernameKey() + "' and '" + key.passwordKey() + "'");
        }
        return node.asObject();
    }

    private static String field(Map<String, JsonNode> fields, String name, AuroraProperty property, SecretKey key, String version)
            throws InvalidSettingException {
        JsonNode v = fields.get(name);
        if (v == null || !v.isString() || v.asString().isEmpty()) {
            throw new InvalidSettingException(property.key(),
                    "secret '" + key.secretId() + "' (version " + version + ") has no " + (v == null ? "" : "non-empty string ")
                    + "key '" + name + "'; its keys are " + new TreeSet<>(fields.keySet()) + ". Set " + property.key()
                    + " to the key that holds the database " + (property == AuroraProperty.SECRETS_MANAGER_SECRET_USERNAME_PROPERTY ? "user" : "password"));
        }
        return v.asString();
    }

    private static String errorMessage(ResourceNotFoundException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SdkSecretFetcher[" + credentialSource + "]";
    }
}
