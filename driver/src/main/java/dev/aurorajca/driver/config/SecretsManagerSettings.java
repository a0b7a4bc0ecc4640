package dev.aurorajca.driver.config;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated {@code aws_secrets_manager} settings. When the plugin is configured the secret id
 * is required and the region is resolved here — from {@code secretsManagerRegion}, else the
 * secret's ARN, else the {@code secretsManagerEndpoint} host name — so a configuration that
 * cannot work fails when it is parsed, naming the property.
 *
 * @param secretId name or ARN of the secret (empty when the plugin is not configured)
 * @param region the resolved region (empty when the plugin is not configured)
 * @param endpoint endpoint override, or null for the SDK's regional endpoint
 * @param usernameKey JSON key of the user in the secret
 * @param passwordKey JSON key of the password in the secret
 * @param expirationSec seconds a fetched secret is used before it is fetched again
 * @param connectRetryTimeoutMs 0: one retry after a refused login; more: keep retrying this long
 */
public record SecretsManagerSettings(String secretId, String region, URI endpoint, String usernameKey, String passwordKey,
                                     long expirationSec, long connectRetryTimeoutMs) {

    /** arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf (also aws-cn, aws-us-gov …). */
    private static final Pattern ARN = Pattern.compile("^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+$");
    /** secretsmanager[-fips].us-east-1.amazonaws.com, vpce-….secretsmanager.us-east-1.vpce.amazonaws.com, … .amazonaws.com.cn */
    private static final Pattern ENDPOINT_HOST =
            Pattern.compile("^(?:.+\\.)?secretsmanager(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.)?amazonaws\\.com(?:\\.cn)?$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(?:-[a-z]+)+-\\d{1,2}$");

    static SecretsManagerSettings parse(Function<AuroraProperty, String> text, boolean pluginConfigured) throws InvalidSettingException {
        String id = text.apply(AuroraProperty.SECRETS_MANAGER_SECRET_ID);
        String regionText = text.apply(AuroraProperty.SECRETS_MANAGER_REGION);
        String endpointText = text.apply(AuroraProperty.SECRETS_MANAGER_ENDPOINT);
        URI endpoint = endpointText.isEmpty() ? null : SettingValues.endpointUrl(AuroraProperty.SECRETS_MANAGER_ENDPOINT, endpointText,
                "vpce-0abc-def.secretsmanager.us-east-1.vpce.amazonaws.com", "the regional endpoint");
        if (!regionText.isEmpty() && !REGION.matcher(regionText).matches()) {
            throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_REGION.key(), regionText,
                    "an AWS region code such as us-east-1, eu-west-2 or us-gov-west-1 (or empty to take it from the ARN or endpoint)");
        }
        String userKey = key(text, AuroraProperty.SECRETS_MANAGER_SECRET_USERNAME_PROPERTY);
        String passwordKey = key(text, AuroraProperty.SECRETS_MANAGER_SECRET_PASSWORD_PROPERTY);
        long expiration = longIn(text, AuroraProperty.SECRETS_MANAGER_EXPIRATION_TIME_SEC, 1, 7L * 24 * 3600);
        long retry = longIn(text, AuroraProperty.SECRETS_MANAGER_CONNECT_RETRY_TIMEOUT_MS, 0, 3600_000);
        if (!pluginConfigured) {
            return new SecretsManagerSettings(id, regionText, endpoint, userKey, passwordKey, expiration, retry);
        }
        if (id.isEmpty()) {
            throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_SECRET_ID.key(),
                    "required with the aws_secrets_manager plugin: the name or ARN of the Secrets Manager secret that holds "
                    + "the database user and password (JSON keys '" + userKey + "' and '" + passwordKey + "')");
        }
        String region = regionText;
        if (region.isEmpty()) {
            region = regionOf(id, endpoint);
            if (region == null) {
                throw new InvalidSettingException(AuroraProperty.SECRETS_MANAGER_REGION.key(),
                        "no AWS region can be read from secret id '" + id + "' (not an ARN)"
                        + (endpoint == null ? "" : " or from endpoint '" + endpoint + "'")
                        + "; set " + AuroraProperty.SECRETS_MANAGER_REGION.key() + " to the secret's region, e.g. us-east-1");
            }
        }
        return new SecretsManagerSettings(id, region, endpoint, userKey, passwordKey, expiration, retry);
    }

    /** The region in an ARN, else in a Secrets Manager endpoint host name, else null. */
    static String regionOf(String secretId, URI endpoint) {
        Matcher m = ARN.matcher(secretId);
        if (m.matches()) {
            return m.group(1);
        }
        if (endpoint != null && endpoint.getHost() != null) {
            Matcher h = ENDPOINT_HOST.matcher(endpoint.getHost().toLowerCase(Locale.ROOT));
            if (h.matches() && REGION.matcher(h.group(1)).matches()) {
                return h.group(1);
            }
        }
        return null;
    }


    private static String key(Function<AuroraProperty, String> text, AuroraProperty p) throws InvalidSettingException {
        String v = text.apply(p);
        if (v.isEmpty()) {
            throw new InvalidSettingException(p.key(), v, "a non-empty JSON key of the secret (default '" + p.defaultValue() + "')");
        }
        return v;
    }

    private static long longIn(Function<AuroraProperty, String> text, AuroraProperty p, long min, long max) throws InvalidSettingException {
        return SettingValues.longIn(p, text.apply(p), min, max);
    }

    /** Nothing here is secret: the id names the secret, it does not hold it. */
    @Override
    public String toString() {
        return "SecretsManagerSettings[secretId=" + secretId + ", region=" + region + (endpoint == null ? "" : ", endpoint=" + endpoint)
                + ", keys=" + usernameKey + "/" + passwordKey + ", expirationSec=" + expirationSec
                + ", connectRetryTimeoutMs=" + connectRetryTimeoutMs + "]";
    }
}
