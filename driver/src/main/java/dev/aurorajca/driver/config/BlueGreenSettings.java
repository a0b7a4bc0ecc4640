package dev.aurorajca.driver.config;

import java.util.function.Function;

/**
 * The validated {@code bg} (blue/green) settings. Every value is checked whether or not the
 * plugin is configured, so a typo fails the same way in every configuration.
 *
 * @param deploymentId {@code bgdId}: connections with the same id and cluster share one status
 * @param connectTimeoutMs {@code bgConnectTimeoutMs}: the longest one connect or call waits while a switchover is in progress
 * @param switchoverTimeoutMs {@code bgSwitchoverTimeoutMs}: the longest a switchover holds traffic, from its start
 * @param baselineMs {@code bgBaselineMs}: status read interval while no deployment exists or after completion
 * @param increasedMs {@code bgIncreasedMs}: status read interval while a deployment exists
 * @param highMs {@code bgHighMs}: status read interval during a switchover
 */
public record BlueGreenSettings(String deploymentId, long connectTimeoutMs, long switchoverTimeoutMs,
                                long baselineMs, long increasedMs, long highMs) {

    static BlueGreenSettings parse(Function<AuroraProperty, String> text) throws InvalidSettingException {
        String id = text.apply(AuroraProperty.BG_DEPLOYMENT_ID);
        if (id.isEmpty() || id.length() > 128 || !id.matches("[A-Za-z0-9._:-]+")) {
            throw new InvalidSettingException(AuroraProperty.BG_DEPLOYMENT_ID.key(), id,
                    "1 to 128 letters, digits or . _ : - (the same value on every connection of one blue/green deployment)");
        }
        long connect = longIn(text, AuroraProperty.BG_CONNECT_TIMEOUT_MS, 0, 3_600_000);
        long switchover = longIn(text, AuroraProperty.BG_SWITCHOVER_TIMEOUT_MS, 1_000, 24L * 3_600_000);
        long baseline = longIn(text, AuroraProperty.BG_BASELINE_MS, 100, 24L * 3_600_000);
        long increased = longIn(text, AuroraProperty.BG_INCREASED_MS, 50, 600_000);
        long high = longIn(text, AuroraProperty.BG_HIGH_MS, 10, 60_000);
        if (high > increased) {
            throw new InvalidSettingException(AuroraProperty.BG_HIGH_MS.key(), Long.toString(high),
                    "at most " + AuroraProperty.BG_INCREASED_MS.key() + " (" + increased + "): the switchover rate must not be slower than the idle one");
        }
        return new BlueGreenSettings(id, connect, switchover, baseline, increased, high);
    }

    private static long longIn(Function<AuroraProperty, String> text, AuroraProperty p, long min, long max) throws InvalidSettingException {
        return SettingValues.longIn(p, text.apply(p), min, max);
    }
}
