package dev.aurorajca.driver;

import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;

/**
 * The logical connection the driver hands out. It stays the same object across failovers; the
 * physical mysql-connector-j connection underneath may change. Obtain it with
 * {@code connection.unwrap(AuroraConnection.class)}.
 */
public interface AuroraConnection extends Connection {

    /**
     * False once the connection can no longer be used: closed, failover failed ({@code 08001}),
     * or its physical connection broke and no failover plugin could replace it. A resource
     * adapter destroys exactly these.
     */
    boolean isUsable();

    /** {@code host:port} of the instance the current physical connection is attached to. */
    String currentHost();

    /** True if a transaction is open, from the driver's state and the server's status flags. */
    boolean isInTransaction();

    /**
     * Whether the connection is alive and where it belongs. Answered from local state for a
     * connection used within the last 500 ms while the cluster's writer is unchanged; otherwise
     * checks the physical link within the timeout and, for a connection that must be on the
     * writer ({@code strict-writer}), that the instance is not read-only (a demoted writer).
     * Never throws; never fails over.
     */
    boolean validate(int timeoutSeconds);

    /**
     * Like {@link #validate(int)} but always asks the server, e.g. after a write was refused
     * with error 1290 to learn whether the instance really is read-only. Never throws.
     */
    boolean verify(int timeoutSeconds);

    /** The frozen settings this connection was opened with. */
    AuroraSettings settings();
}
