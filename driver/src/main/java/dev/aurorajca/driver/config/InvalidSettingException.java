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

    public InvalidSettingException(String property, String value, String allowed) {
        super("Invalid value '" + value + "' for property '" + property + "': allowed " + allowed, SQL_STATE);
        this.property = property;
    }

    public InvalidSettingException(String property, String message) {
        super("Invalid property '" + property + "': " + message, SQL_STATE);
        this.property = property;
    }

    /** The canonical name of the property that was rejected. */
    public String property() { return property; }
}
