package dev.aurorajca.driver;

/**
 * SQLState {@code 08001}: failover could not find a usable instance in time. The connection is
 * unusable; close it and open a new one later.
 */
public final class FailoverFailedSQLException extends FailoverSQLException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "08001";

    public FailoverFailedSQLException(String message, Throwable cause) {
        super(message, SQL_STATE, cause);
    }
}
