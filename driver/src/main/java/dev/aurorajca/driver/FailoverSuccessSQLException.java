package dev.aurorajca.driver;

/**
 * SQLState {@code 08S02}: the connection moved to a healthy instance and no transaction was open.
 * The statement that failed did not run on the new instance; the application may retry it on the
 * same {@code Connection} (statements prepared before the failover must be prepared again).
 */
public final class FailoverSuccessSQLException extends FailoverSQLException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "08S02";

    public FailoverSuccessSQLException(String message, Throwable cause) {
        super(message, SQL_STATE, cause);
    }
}
