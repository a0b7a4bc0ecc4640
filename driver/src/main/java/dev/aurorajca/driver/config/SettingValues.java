package dev.aurorajca.driver.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The value rules every settings record shares (the core's, Secrets Manager's, custom endpoints'),
 * so a property reads and fails the same way whichever plugin owns it.
 */
final class SettingValues {

    private SettingValues() {
    }

    /** {@code true/1/yes} or {@code false/0/no}, any case; anything else names the property. */
    static boolean bool(AuroraProperty p, String v) throws InvalidSettingException {
        if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
            return false;
        }
        throw new InvalidSettingException(p.key(), v, "true or false");
    }

    /** A whole number in {@code [min, max]}; anything else names the property and the range. */
    static long longIn(AuroraProperty p, String v, long min, long max) throws InvalidSettingException {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(p.key(), v, "an integer from " + min + " to " + max);
    }

    /**
     * An AWS API endpoint override: an http or https URL with a host and no query or user info;
     * anything else names the property, with {@code example} (a VPC endpoint host of that service)
     * in what is allowed.
     */
    static URI endpointUrl(AuroraProperty p, String v, String example, String regional) throws InvalidSettingException {
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null
                    && u.getRawUserInfo() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidSettingException(p.key(), v, "an http or https URL with a host, e.g. https://" + example
                + " or http://127.0.0.1:4566 (or empty for " + regional + ")");
    }
}
