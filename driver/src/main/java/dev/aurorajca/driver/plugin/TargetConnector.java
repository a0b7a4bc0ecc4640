package dev.aurorajca.driver.plugin;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What opens the physical connection at the end of the connect chain. The default is
 * mysql-connector-j ({@link TargetDriver}); tests and benchmarks pass a stub to a
 * {@code DriverRuntime} to exercise the pipeline without a server.
 */
@FunctionalInterface
public interface TargetConnector {
    Connection connect(ConnectRequest req) throws SQLException;
}
