package dev.aurorajca.driver;

/**
 * SQLState {@code 08007}: the connection moved to a healthy instance, but a transaction was open
 * when the old one failed and its outcome is unknown. The application must restart the whole
 * transaction on the same {@code Connection}, and only if it is safe to run it again.
 */
public final class TransactionStateUnknownSQLException extends FailoverSQLException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "08007";

    public TransactionStateUnknownSQLException(String message, Throwable cause) {
        super(message, SQL_STATE, cause);
    }
}
