package dev.aurorajca.driver;

import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * {@code java.sql.Driver} for {@code jdbc:aurora:mysql://HOST:PORT/DATABASE[?property=value&...]}.
 *
 * <p>Standalone use shares one default {@link DriverRuntime} between every connection opened
 * through this class; {@link #releaseResources()} closes it and ends every background thread
 * (a later connect starts a new one). A resource adapter does not use this class: it owns its
 * own runtime.
 */
public final class AuroraDriver implements Driver {

    private static final Object LOCK = new Object();
    private static DriverRuntime defaultRuntime; // guarded by LOCK

    static {
        try {
            DriverManager.registerDriver(new AuroraDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The runtime standalone connections share, created on first use. */
    public static DriverRuntime defaultRuntime() {
        synchronized (LOCK) {
            if (defaultRuntime == null || defaultRuntime.isClosed()) {
                defaultRuntime = new DriverRuntime("default");
            }
            return defaultRuntime;
        }
    }

    /**
     * Ends every background thread and closes every monitoring connection of the default
     * runtime (the seed's {@code release_resources}). Idempotent; open connections stay usable
     * but lose topology monitoring until a new connection starts a new runtime.
     */
    public static void releaseResources() {
        DriverRuntime r;
        synchronized (LOCK) {
            r = defaultRuntime;
            defaultRuntime = null;
        }
        if (r != null) {
            r.close();
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // DriverManager contract: not our URL
        }
        return defaultRuntime().connect(AuroraSettings.parse(url, info));
    }

    @Override
    public boolean acceptsURL(String url) {
        return AuroraSettings.acceptsUrl(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        AuroraProperty[] all = AuroraProperty.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            AuroraProperty p = all[i];
            String v = info == null ? null : info.getProperty(p.key());
            out[i] = new DriverPropertyInfo(p.key(), v != null ? v : p.defaultValue());
            out[i].description = p.description();
        }
        return out;
    }

    @Override
    public int getMajorVersion() { return 0; }

    @Override
    public int getMinorVersion() { return 1; }

    @Override
    public boolean jdbcCompliant() { return false; }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.aurorajca.driver");
    }
}
