package dev.aurorajca.driver.plugin;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The end of every connect chain: mysql-connector-j, instantiated directly so that whatever
 * else is registered with {@code DriverManager} never gets the URL.
 */
public final class TargetDriver {

    private static final NonRegisteringDriver DRIVER = newDriver();

    private TargetDriver() { }

    private static NonRegisteringDriver newDriver() {
        try {
            return new NonRegisteringDriver();
        } catch (SQLException e) {
            throw new IllegalStateException("mysql-connector-j could not be loaded", e);
        }
    }

    public static Connection connect(ConnectRequest req) throws SQLException {
        String url = req.settings().targetUrl(req.host().host(), req.host().port());
        Connection c = DRIVER.connect(url, req.properties());
        if (c == null) {
            throw new SQLException("mysql-connector-j refused URL " + url, "08001");
        }
        return c;
    }
}
