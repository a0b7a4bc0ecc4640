package dev.aurorajca.driver.config;

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
}
