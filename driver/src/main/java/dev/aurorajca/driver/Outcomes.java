package dev.aurorajca.driver;

import dev.aurorajca.driver.plugin.FailoverOutcomes;
import java.sql.SQLException;

/** Makes the public failover exceptions for plugins (which cannot depend on this package). */
enum Outcomes implements FailoverOutcomes {
    INSTANCE;

    @Override
    public SQLException create(Kind kind, String message, Throwable cause) {
        return switch (kind) {
            case MOVED -> new FailoverSuccessSQLException(message, cause);
            case TRANSACTION_UNKNOWN -> new TransactionStateUnknownSQLException(message, cause);
            case FAILED -> new FailoverFailedSQLException(message, cause);
        };
    }

    @Override
    public Kind kindOf(SQLException e) {
        if (e instanceof FailoverSuccessSQLException) {
            return Kind.MOVED;
        }
        if (e instanceof TransactionStateUnknownSQLException) {
            return Kind.TRANSACTION_UNKNOWN;
        }
        if (e instanceof FailoverFailedSQLException) {
            return Kind.FAILED;
        }
        return null;
    }
}
