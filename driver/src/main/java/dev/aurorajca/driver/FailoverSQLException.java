package dev.aurorajca.driver;

import java.sql.SQLException;

/** Base of the three failover outcomes; the SQLState says which one happened. */
public abstract class FailoverSQLException extends SQLException {
    private static final long serialVersionUID = 1L;

    protected FailoverSQLException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
