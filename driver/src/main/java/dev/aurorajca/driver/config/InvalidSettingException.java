package dev.aurorajca.driver.config;

import java.sql.SQLException;

/**
 * A configuration value was rejected. The message names the property, the value (never a
 * secret) and what is allowed. SQLState {@code 22023} (invalid parameter value) so that it can't
 * be confused with a connection or failover outcome.
 */
public final class InvalidSettingException extends SQLException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "22023";

    private final String property;
    private final String value;
    private final String allowed;

    public InvalidSettingException(String property, String value, String allowed) {
        super("Invalid value '" + value + "' for property '" + property + "': allowed " + allowed, SQL_STATE);
        this.property = property;
        this.value = value;
        this.allowed = allowed;
    }

    public InvalidSettingException(String property, String message) {
        super("Invalid property '" + property + "': " + message, SQL_STATE);
        this.property = property;
        this.value = null;
        this.allowed = message;
    }

    /** The rejected value (null when the problem is not one value, e.g. a missing one). */
    public String value() { return value; }

    /** What is allowed, or what is wrong, in words. */
    public String allowed() { return allowed; }

    /** The canonical name of the property that was rejected. */
    public String property() { return property; }
}
