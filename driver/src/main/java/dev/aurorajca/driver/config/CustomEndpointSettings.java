package dev.aurorajca.driver.config;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated {@code custom_endpoint} settings. Every value is checked whether or not the
 * plugin is configured; the region is resolved (from {@code customEndpointRegion}, else the URL
 * host) only when the plugin is configured and the URL host is a custom endpoint.
 *
 * @param endpointId the custom endpoint's identifier (the host's first label), or empty when the
 *                   URL host is not a custom endpoint or the plugin is not configured
 * @param region the resolved region (empty when endpointId is)
 * @param rdsEndpoint RDS API endpoint override, or null for the regional endpoint
 * @param refreshRateMs how often the members are read
 * @param waitForInfo whether a connect waits until the members are known
 * @param waitTimeoutMs how long it waits
 */
public record CustomEndpointSettings(String endpointId, String region, URI rdsEndpoint, long refreshRateMs,
                                     boolean waitForInfo, long waitTimeoutMs) {

    /** name.cluster-custom-abc123.us-east-1.rds.amazonaws.com (also .rds.amazonaws.com.cn). */
    private static final Pattern CUSTOM_HOST =
            Pattern.compile("^([a-z0-9-]+)\\.cluster-custom-[a-z0-9]+\\.([a-z0-9-]+)\\.rds\\.amazonaws\\.com(?:\\.cn)?$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(?:-[a-z]+)+-\\d{1,2}$");

    /** The custom endpoint id in {@code host}, or null when it is not a custom endpoint's host name. */
    public static String endpointIdOf(String host) {
        Matcher m = CUSTOM_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.matches() ? m.group(1) : null;
    }

    /** Whether the URL host is a custom endpoint this plugin acts on. */
    public boolean active() { return !endpointId.isEmpty(); }

    static CustomEndpointSettings parse(Function<AuroraProperty, String> text, String host, boolean pluginConfigured)
            throws InvalidSettingException {
        String regionText = text.apply(AuroraProperty.CUSTOM_ENDPOINT_REGION);
        if (!regionText.isEmpty() && !REGION.matcher(regionText).matches()) {
            throw new InvalidSettingException(AuroraProperty.CUSTOM_ENDPOINT_REGION.key(), regionText,
                    "an AWS region code such as us-east-1, eu-west-2 or us-gov-west-1 (or empty to take it from the custom endpoint host)");
        }
        String rdsText = text.apply(AuroraProperty.CUSTOM_ENDPOINT_RDS_ENDPOINT);
        URI rds = rdsText.isEmpty() ? null : SettingValues.endpointUrl(AuroraProperty.CUSTOM_ENDPOINT_RDS_ENDPOINT, rdsText,
                "vpce-0abc-def.rds.us-east-1.vpce.amazonaws.com", "the regional RDS endpoint");
        long refresh = longIn(text, AuroraProperty.CUSTOM_ENDPOINT_INFO_REFRESH_RATE_MS, 10, 3600_000);
        boolean wait = bool(text, AuroraProperty.WAIT_FOR_CUSTOM_ENDPOINT_INFO);
        long waitMs = longIn(text, AuroraProperty.WAIT_FOR_CUSTOM_ENDPOINT_INFO_TIMEOUT_MS, 1, 600_000);
        String id = pluginConfigured ? endpointIdOf(host) : null;
        if (id == null) {
            return new CustomEndpointSettings("", regionText, rds, refresh, wait, waitMs);
        }
        Matcher m = CUSTOM_HOST.matcher(host.toLowerCase(Locale.ROOT));
        String region = regionText;
        if (region.isEmpty() && m.matches() && REGION.matcher(m.group(2)).matches()) {
            region = m.group(2);
        }
        if (region.isEmpty()) {
            throw new InvalidSettingException(AuroraProperty.CUSTOM_ENDPOINT_REGION.key(),
                    "no AWS region can be read from the custom endpoint host '" + host + "'; set "
                    + AuroraProperty.CUSTOM_ENDPOINT_REGION.key() + " to the cluster's region, e.g. us-east-1");
        }
        return new CustomEndpointSettings(id, region, rds, refresh, wait, waitMs);
    }


    private static boolean bool(Function<AuroraProperty, String> text, AuroraProperty p) throws InvalidSettingException {
        return SettingValues.bool(p, text.apply(p));
    }

    private static long longIn(Function<AuroraProperty, String> text, AuroraProperty p, long min, long max) throws InvalidSettingException {
        return SettingValues.longIn(p, text.apply(p), min, max);
    }
}
