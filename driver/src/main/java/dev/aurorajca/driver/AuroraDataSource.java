package dev.aurorajca.driver;

import dev.aurorajca.driver.config.AuroraSettings;
import java.io.PrintWriter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JavaBean {@code DataSource} for standalone use: set {@code serverName}, {@code port},
 * {@code databaseName}, {@code user}, {@code password} and any driver or Connector/J property
 * with {@link #setProperty(String, String)} (or the typed setters). Settings are validated on
 * the first {@code getConnection} after a change and then reused. Connections use the
 * {@link AuroraDriver#defaultRuntime() default runtime} unless {@link #setRuntime} gives one.
 */
public class AuroraDataSource implements DataSource, Serializable {
    private static final long serialVersionUID = 1L;

    private String serverName;
    private int port = 3306;
    private String databaseName = "";
    private String user;
    private String password;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private transient DriverRuntime runtime;
    private transient volatile AuroraSettings settings;
    private transient PrintWriter logWriter;
    private int loginTimeout;

    public String getServerName() { return serverName; }
    public void setServerName(String serverName) { this.serverName = serverName; settings = null; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; settings = null; }
    public String getDatabaseName() { return databaseName; }
    public void setDatabaseName(String databaseName) { this.databaseName = databaseName; settings = null; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; settings = null; }
    public void setPassword(String password) { this.password = password; settings = null; }
    public String getPlugins() { return properties.get("plugins"); }
    public void setPlugins(String plugins) { setProperty("plugins", plugins); }
    public boolean isReadOnly() { return Boolean.parseBoolean(properties.get("readOnly")); }
    public void setReadOnly(boolean readOnly) { setProperty("readOnly", Boolean.toString(readOnly)); }

    /** Sets any driver or Connector/J property by name. */
    public synchronized void setProperty(String name, String value) {
        properties.put(name, value);
        settings = null;
    }

    /** Uses {@code runtime} instead of the driver's default one (the caller closes it). */
    public void setRuntime(DriverRuntime runtime) { this.runtime = runtime; }

    private synchronized AuroraSettings settings(String u, String p) throws SQLException {
        if (serverName == null || serverName.isBlank()) {
            throw new dev.aurorajca.driver.config.InvalidSettingException("serverName", "is required: the cluster endpoint host");
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        if (u != null) {
            props.put("user", u);
        }
        if (p != null) {
            props.put("password", p);
        }
        return AuroraSettings.of(serverName, port, databaseName, props);
    }

    @Override
    public Connection getConnection() throws SQLException {
        AuroraSettings s = settings;
        if (s == null) {
            s = settings(user, password);
            settings = s;
        }
        return runtimeOrDefault().connect(s);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return runtimeOrDefault().connect(settings(username, pass));
    }

    private DriverRuntime runtimeOrDefault() {
        DriverRuntime r = runtime;
        return r != null ? r : AuroraDriver.defaultRuntime();
    }

    @Override
    public PrintWriter getLogWriter() { return logWriter; }

    @Override
    public void setLogWriter(PrintWriter out) { this.logWriter = out; }

    @Override
    public void setLoginTimeout(int seconds) { this.loginTimeout = seconds; }

    @Override
    public int getLoginTimeout() { return loginTimeout; }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.aurorajca.driver");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
