package dev.aurorajca.driver.plugin;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

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

    /**
     * Opens the connection. Connector/J's connectTimeout covers only the TCP connect; the
     * handshake that follows reads with socketTimeout, which is 0 (forever) by default, so a hung
     * instance that still accepts connections would block the connect forever. With
     * socketTimeout 0 the handshake therefore reads with connectTimeout, and the socket goes back
     * to no timeout once connected.
     */
    public static Connection connect(ConnectRequest req) throws SQLException {
        String url = req.settings().targetUrl(req.host().host(), req.host().port());
        Properties props = req.properties();
        String connectTimeout = props.getProperty("connectTimeout");
        boolean boundHandshake = "0".equals(props.getProperty("socketTimeout", "0"))
                && connectTimeout != null && !"0".equals(connectTimeout.trim());
        if (boundHandshake) {
            props = (Properties) props.clone();
            props.setProperty("socketTimeout", connectTimeout.trim());
        }
        Connection c = DRIVER.connect(url, props);
        if (c == null) {
            throw new SQLException("mysql-connector-j refused URL " + url, "08001");
        }
        if (boundHandshake) {
            try {
                c.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }
}
