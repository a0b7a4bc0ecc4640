package dev.aurorajca.driver.plugin;

import java.sql.Connection;
import java.sql.SQLException;

/** The rest of the connect chain, down to mysql-connector-j. */
@FunctionalInterface
public interface ConnectChain {
    Connection connect(ConnectRequest req) throws SQLException;
}
