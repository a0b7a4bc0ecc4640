package dev.aurorajca.driver.plugin;

import java.sql.SQLException;

/** The rest of the initial-connection chain, down to the driver's default (the endpoint, or a reader when read-only). */
@FunctionalInterface
public interface InitialChain {
    HostConnection open() throws SQLException;
}
