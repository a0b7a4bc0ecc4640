package dev.aurorajca.driver.plugin;

import java.sql.SQLException;

/**
 * Makes and recognises the driver's public failover exceptions ({@code 08S02}, {@code 08007},
 * {@code 08001}, classes in {@code dev.aurorajca.driver}). Plugins get it from
 * {@link PluginRuntime#failoverOutcomes()} so that they do not depend on the API package, which
 * depends on them.
 */
public interface FailoverOutcomes {

    enum Kind {
        /** {@code 08S02}: moved, no transaction was open; retry the statement. */
        MOVED,
        /** {@code 08007}: moved while a transaction was open; its outcome is unknown. */
        TRANSACTION_UNKNOWN,
        /** {@code 08001}: no usable instance in time; the connection is unusable. */
        FAILED
    }

    SQLException create(Kind kind, String message, Throwable cause);

    /** Which outcome {@code e} is, or null when it is none of them. */
    Kind kindOf(SQLException e);
}
