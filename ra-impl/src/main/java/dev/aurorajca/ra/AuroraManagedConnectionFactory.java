package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import javax.security.auth.Subject;

/**
 * The connection factory configuration the deployer edits (one instance per connection
 * definition: typically a writer and a reader with {@code ReadOnly=true}). Its JavaBean
 * properties are the config properties of {@code META-INF/ra.xml}; a test keeps the two in step.
 *
 * <p>The properties are validated once and frozen into the driver's {@link AuroraSettings}; the
 * result (or the rejection) is cached until a setter runs. A rejected value fails
 * {@code createManagedConnection} with a {@link ResourceException} whose message names the
 * config property, the value and what is allowed; passwords never appear in messages or logs.
 * {@code equals}/{@code hashCode} cover every config property, since servers key pools on them.
 */
public final class AuroraManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation, ValidatingManagedConnectionFactory {

    private static final long serialVersionUID = 1L;

    /** How long {@code getInvalidConnections} waits for one connection's health check. */
    static final int VALIDATION_TIMEOUT_SECONDS = 5;
    static final int DEFAULT_PORT = 3306;
    static final String DEFAULT_PLUGINS = "failover,host_monitoring_v2";

    /** Driver properties that have a config property of their own, with that property's name. */
    private static final Map<AuroraProperty, String> BEAN_NAMES = new EnumMap<>(AuroraProperty.class);

    static {
        BEAN_NAMES.put(AuroraProperty.PLUGINS, "Plugins");
        BEAN_NAMES.put(AuroraProperty.READ_ONLY, "ReadOnly");
        BEAN_NAMES.put(AuroraProperty.READER_HOST_SELECTOR_STRATEGY, "ReaderHostSelectorStrategy");
        BEAN_NAMES.put(AuroraProperty.FAILOVER_MODE, "FailoverMode");
        BEAN_NAMES.put(AuroraProperty.FAILOVER_TIMEOUT_MS, "FailoverTimeoutMs");
        BEAN_NAMES.put(AuroraProperty.CLUSTER_ID, "ClusterId");
        BEAN_NAMES.put(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN, "ClusterInstanceHostPattern");
        BEAN_NAMES.put(AuroraProperty.DIALECT, "Dialect");
        BEAN_NAMES.put(AuroraProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS, "ClusterTopologyRefreshRateMs");
        BEAN_NAMES.put(AuroraProperty.FAILURE_DETECTION_TIME, "FailureDetectionTime");
        BEAN_NAMES.put(AuroraProperty.FAILURE_DETECTION_INTERVAL, "FailureDetectionInterval");
        BEAN_NAMES.put(AuroraProperty.FAILURE_DETECTION_COUNT, "FailureDetectionCount");
        BEAN_NAMES.put(AuroraProperty.IAM_REGION, "IamRegion");
        BEAN_NAMES.put(AuroraProperty.IAM_HOST, "IamHost");
        BEAN_NAMES.put(AuroraProperty.SECRETS_MANAGER_SECRET_ID, "SecretsManagerSecretId");
        BEAN_NAMES.put(AuroraProperty.SECRETS_MANAGER_REGION, "SecretsManagerRegion");
        BEAN_NAMES.put(AuroraProperty.CONNECT_TIMEOUT, "ConnectTimeout");
        BEAN_NAMES.put(AuroraProperty.SOCKET_TIMEOUT, "SocketTimeout");
    }

    // ---- config properties (wrapper types; code defaults equal the ra.xml defaults) ------------

    private String clusterEndpoint;
    private Integer port = DEFAULT_PORT;
    private String database;
    private String user;
    private String password;
    private String plugins = DEFAULT_PLUGINS;
    private Boolean readOnly = Boolean.FALSE;
    private String readerHostSelectorStrategy = AuroraProperty.READER_HOST_SELECTOR_STRATEGY.defaultValue();
    private String failoverMode;
    private Long failoverTimeoutMs = driverDefaultLong(AuroraProperty.FAILOVER_TIMEOUT_MS);
    private String clusterId;
    private String clusterInstanceHostPattern;
    private String dialect;
    private Long clusterTopologyRefreshRateMs = driverDefaultLong(AuroraProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS);
    private Long failureDetectionTime = driverDefaultLong(AuroraProperty.FAILURE_DETECTION_TIME);
    private Long failureDetectionInterval = driverDefaultLong(AuroraProperty.FAILURE_DETECTION_INTERVAL);
    private Integer failureDetectionCount = driverDefaultInt(AuroraProperty.FAILURE_DETECTION_COUNT);
    private String iamRegion;
    private String iamHost;
    private String secretsManagerSecretId;
    private String secretsManagerRegion;
    private Integer connectTimeout = driverDefaultInt(AuroraProperty.CONNECT_TIMEOUT);
    private Integer socketTimeout = driverDefaultInt(AuroraProperty.SOCKET_TIMEOUT);
    private String driverProperties;

    // ---- runtime state (never part of equality, never serialized) ------------------------------

    private transient volatile AuroraResourceAdapter resourceAdapter;
    /** The validated settings or the rejection, for the current property values; null = stale. */
    private transient volatile Frozen frozen;
    private transient PrintWriter logWriter;

    /** The outcome of one validation: settings plus the property map they came from, or the error. */
    private record Frozen(AuroraSettings settings, Map<String, String> properties, ResourceException error) { }

    private static Long driverDefaultLong(AuroraProperty p) {
        return Long.valueOf(p.defaultValue());
    }

    private static Integer driverDefaultInt(AuroraProperty p) {
        return Integer.valueOf(p.defaultValue());
    }

    // ---- settings ------------------------------------------------------------------------------

    /** The frozen settings for the current property values; validated once, cached until a setter runs. */
    AuroraSettings settings() throws ResourceException {
        Frozen f = freeze();
        if (f.error != null) {
            throw copy(f.error);
        }
        return f.settings;
    }

    private Frozen freeze() {
        Frozen f = frozen;
        if (f == null) {
            f = validate();
            frozen = f;
        }
        return f;
    }

    private Frozen validate() {
        try {
            if (clusterEndpoint == null || clusterEndpoint.isBlank()) {
                throw new InvalidPropertyException(RaLog.msg(RaLog.MISSING_CONFIG,
                        "config property ClusterEndpoint is required: the cluster (writer) endpoint host name,"
                                + " e.g. mydb.cluster-abc123.us-east-1.rds.amazonaws.com"));
            }
            Map<String, String> props = new LinkedHashMap<>();
            parseDriverProperties(driverProperties, props);
            put(props, AuroraProperty.PLUGINS, plugins);
            put(props, AuroraProperty.READ_ONLY, readOnly);
            put(props, AuroraProperty.READER_HOST_SELECTOR_STRATEGY, readerHostSelectorStrategy);
            put(props, AuroraProperty.FAILOVER_MODE, failoverMode);
            put(props, AuroraProperty.FAILOVER_TIMEOUT_MS, failoverTimeoutMs);
            put(props, AuroraProperty.CLUSTER_ID, clusterId);
            put(props, AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN, clusterInstanceHostPattern);
            put(props, AuroraProperty.DIALECT, dialect);
            put(props, AuroraProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS, clusterTopologyRefreshRateMs);
            put(props, AuroraProperty.FAILURE_DETECTION_TIME, failureDetectionTime);
            put(props, AuroraProperty.FAILURE_DETECTION_INTERVAL, failureDetectionInterval);
            put(props, AuroraProperty.FAILURE_DETECTION_COUNT, failureDetectionCount);
            put(props, AuroraProperty.IAM_REGION, iamRegion);
            put(props, AuroraProperty.IAM_HOST, iamHost);
            put(props, AuroraProperty.SECRETS_MANAGER_SECRET_ID, secretsManagerSecretId);
            put(props, AuroraProperty.SECRETS_MANAGER_REGION, secretsManagerRegion);
            put(props, AuroraProperty.CONNECT_TIMEOUT, connectTimeout);
            put(props, AuroraProperty.SOCKET_TIMEOUT, socketTimeout);
            if (user != null) {
                props.put("user", user);
            }
            if (password != null) {
                props.put("password", password);
            }
            props = Collections.unmodifiableMap(props);
            AuroraSettings s = AuroraSettings.of(clusterEndpoint.trim(), port == null ? DEFAULT_PORT : port, database, props);
            return new Frozen(s, props, null);
        } catch (InvalidSettingException e) {
            return rejected(invalid(e));
        } catch (ResourceException e) {
            return rejected(e);
        }
    }

    private static Frozen rejected(ResourceException e) {
        // Logged once per rejected configuration (the rejection is cached), so the server log names it too.
        RaLog.log(Level.WARNING, RaLog.INVALID_CONFIG, "connection factory configuration rejected: " + e.getMessage());
        return new Frozen(null, null, e);
    }

    /** A fresh exception per throw, so one caller's stack trace doesn't leak into another's. */
    private static ResourceException copy(ResourceException e) {
        ResourceException c = new InvalidPropertyException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        c.setErrorCode(e.getErrorCode());
        return c;
    }

    private static void put(Map<String, String> props, AuroraProperty p, Object value) {
        if (value != null) {
            props.put(p.key(), value.toString());
        }
    }

    /** Turns the driver's rejection into one that names this adapter's config property. */
    private static ResourceException invalid(InvalidSettingException e) {
        String bean = beanNameFor(e.property());
        String text = e.value() != null
                ? "Invalid value '" + e.value() + "' for config property " + bean + ": allowed " + e.allowed()
                : "Invalid config property " + bean + ": " + e.allowed();
        ResourceException re = new InvalidPropertyException(RaLog.msg(RaLog.INVALID_CONFIG, text), e);
        re.setErrorCode(e.getSQLState());
        return re;
    }

    /** The config property a driver property name is set through. */
    static String beanNameFor(String driverProperty) {
        if (driverProperty == null) {
            return "DriverProperties";
        }
        switch (driverProperty) {
            case "host":
                return "ClusterEndpoint";
            case "port":
                return "Port";
            case "database":
                return "Database";
            case "user":
                return "User";
            case "password":
                return "Password";
            default:
                AuroraProperty p = AuroraProperty.lookup(driverProperty);
                String bean = p == null ? null : BEAN_NAMES.get(p);
                return bean != null ? bean : "DriverProperties (" + driverProperty + ")";
        }
    }

    /**
     * Parses {@code key=value;key=value}. Keys that have a config property of their own are
     * refused: two places for one setting would make the effective value depend on precedence
     * rules nobody remembers. Values cannot contain ';'.
     */
    static void parseDriverProperties(String text, Map<String, String> out) throws ResourceException {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue; // tolerate "a=1;" and ";;"
            }
            int eq = entry.indexOf('=');
            String key = eq > 0 ? entry.substring(0, eq).trim() : "";
            if (key.isEmpty()) {
                throw badDriverProperties(text, "entry '" + (eq < 0 ? redactEntry(entry) : entry.trim()) + "' is not key=value");
            }
            String owner = ownBeanProperty(key);
            if (owner != null) {
                throw badDriverProperties(text, "'" + key + "' has its own config property " + owner + "; set it there");
            }
            if (out.putIfAbsent(key, entry.substring(eq + 1).trim()) != null) {
                throw badDriverProperties(text, "'" + key + "' is given twice");
            }
        }
    }

    private static String ownBeanProperty(String key) {
        if (key.equalsIgnoreCase("user")) {
            return "User";
        }
        if (key.equalsIgnoreCase("password")) {
            return "Password";
        }
        AuroraProperty p = AuroraProperty.lookup(key);
        return p == null ? null : BEAN_NAMES.get(p);
    }

    private static ResourceException badDriverProperties(String text, String why) {
        ResourceException re = new InvalidPropertyException(RaLog.msg(RaLog.BAD_DRIVER_PROPERTIES,
                "Invalid value '" + redact(text) + "' for config property DriverProperties: allowed key=value pairs separated by ';'"
                        + " (e.g. useSSL=true;roundRobinHostWeightPairs=instance-1:2,instance-2:1); " + why));
        re.setErrorCode(InvalidSettingException.SQL_STATE);
        return re;
    }

    /** The DriverProperties text with the values of secret keys hidden. */
    static String redact(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (String entry : text.split(";", -1)) {
            if (b.length() > 0 || text.startsWith(";")) {
                b.append(';');
            }
            b.append(redactEntry(entry));
        }
        return b.toString();
    }

    private static String redactEntry(String entry) {
        int eq = entry.indexOf('=');
        if (eq >= 0) {
            return AuroraSettings.isSecret(entry.substring(0, eq)) ? entry.substring(0, eq + 1) + "<hidden>" : entry;
        }
        // No '=': can't tell a key from a pasted secret, so show only its length.
        return entry.isBlank() ? entry : "<" + entry.trim().length() + " characters>";
    }

    /** Settings for the given credentials (null: the factory's own). */
    private AuroraSettings settingsFor(AuroraConnectionRequestInfo credentials) throws ResourceException {
        AuroraSettings base = settings();
        if (credentials == null) {
            return base;
        }
        Map<String, String> props = new LinkedHashMap<>(freeze().properties);
        props.remove("user");
        props.remove("password");
        if (credentials.user() != null) {
            props.put("user", credentials.user());
        }
        if (credentials.password() != null) {
            props.put("password", credentials.password());
        }
        try {
            return AuroraSettings.of(base.host(), base.port(), base.database(), props);
        } catch (InvalidSettingException e) {
            throw invalid(e);
        }
    }

    /** The credentials a request asks for: a container PasswordCredential for us wins over the request info. */
    AuroraConnectionRequestInfo credentials(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (subject != null) {
            for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (pc.getManagedConnectionFactory() == null || equals(pc.getManagedConnectionFactory())) {
                    return new AuroraConnectionRequestInfo(pc.getUserName(), new String(pc.getPassword()));
                }
            }
        }
        if (info == null) {
            return null;
        }
        if (info instanceof AuroraConnectionRequestInfo c) {
            return c;
        }
        throw new ResourceException("unsupported ConnectionRequestInfo " + info.getClass().getName());
    }

    // ---- ManagedConnectionFactory --------------------------------------------------------------

    @Override
    public Object createConnectionFactory(ConnectionManager cm) {
        return new AuroraDataSource(this, cm);
    }

    /** Outside a server: a connection manager that opens a connection per request, without pooling. */
    @Override
    public Object createConnectionFactory() {
        return new AuroraDataSource(this, new NonManagedConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        AuroraSettings base = settings();
        AuroraConnectionRequestInfo credentials = credentials(subject, info);
        AuroraSettings effective = settingsFor(credentials);
        AuroraResourceAdapter ra = adapter();
        try {
            AuroraConnection logical = ra.connect(effective);
            return new AuroraManagedConnection(this, base, effective, credentials, logical);
        } catch (InvalidSettingException e) {
            throw invalid(e);
        } catch (SQLException e) {
            ResourceException re = new jakarta.resource.spi.ResourceAllocationException(RaLog.msg(RaLog.CONNECT_FAILED,
                    "cannot connect to " + effective.host() + ":" + effective.port() + " (SQLState " + e.getSQLState() + "): "
                            + e.getMessage()), e);
            re.setErrorCode(e.getSQLState());
            throw re;
        }
    }

    /**
     * Called on every checkout: no allocation beyond the set's iterator. A connection matches if
     * it was made by an equal factory from equal settings for the same credentials.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connectionSet, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        AuroraSettings current = settings();
        AuroraConnectionRequestInfo wanted = subject == null && info == null ? null : credentials(subject, info);
        for (Object o : connectionSet) {
            if (o instanceof AuroraManagedConnection mc && !mc.isDestroyed()
                    && (mc.factory() == this || mc.factory().equals(this))
                    && (mc.factorySettings() == current || mc.factorySettings().equals(current))
                    && Objects.equals(mc.credentials(), wanted)) {
                return mc;
            }
        }
        return null;
    }

    /**
     * A connection is invalid if its logical connection is unusable or fails validation: dead
     * physical link, or a writer connection sitting on a read-only (demoted) instance.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connectionSet) {
        Set invalid = null;
        for (Object o : connectionSet) {
            if (o instanceof AuroraManagedConnection mc && !mc.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                if (invalid == null) {
                    invalid = new HashSet<>();
                }
                RaLog.log(Level.FINE, RaLog.INVALID_ON_VALIDATION, mc + " failed validation");
                invalid.add(mc);
            }
        }
        return invalid == null ? Collections.emptySet() : invalid;
    }

    private AuroraResourceAdapter adapter() throws ResourceException {
        AuroraResourceAdapter ra = resourceAdapter;
        if (ra == null) {
            throw new jakarta.resource.spi.IllegalStateException(RaLog.msg(RaLog.NOT_STARTED,
                    "no resource adapter is associated with this connection factory (setResourceAdapter was not called)"));
        }
        return ra;
    }

    // ---- ResourceAdapterAssociation ------------------------------------------------------------

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    /**
     * Registers with the adapter, whose runtime every connection of this factory uses. Validates
     * the configuration now so a bad value shows in the server log at deployment; the error
     * itself is raised on the first {@code getConnection}, where the application sees it.
     */
    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof AuroraResourceAdapter a)) {
            throw new jakarta.resource.spi.IllegalStateException("not an aurora-jca resource adapter: " + ra);
        }
        this.resourceAdapter = a;
        a.register(this);
        if (clusterEndpoint == null || clusterEndpoint.isBlank()) {
            // Payara builds a default pool per connection definition from the ra.xml defaults
            // alone; a factory nobody configured yet is not an error worth a warning at deploy.
            RaLog.log(Level.FINE, RaLog.MISSING_CONFIG, "connection factory without ClusterEndpoint registered; validated on first use");
            return;
        }
        freeze();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // ---- equality: every config property -------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuroraManagedConnectionFactory f)) {
            return false;
        }
        return Objects.equals(clusterEndpoint, f.clusterEndpoint) && Objects.equals(port, f.port)
                && Objects.equals(database, f.database) && Objects.equals(user, f.user)
                && Objects.equals(password, f.password) && Objects.equals(plugins, f.plugins)
                && Objects.equals(readOnly, f.readOnly)
                && Objects.equals(readerHostSelectorStrategy, f.readerHostSelectorStrategy)
                && Objects.equals(failoverMode, f.failoverMode) && Objects.equals(failoverTimeoutMs, f.failoverTimeoutMs)
                && Objects.equals(clusterId, f.clusterId)
                && Objects.equals(clusterInstanceHostPattern, f.clusterInstanceHostPattern)
                && Objects.equals(dialect, f.dialect)
                && Objects.equals(clusterTopologyRefreshRateMs, f.clusterTopologyRefreshRateMs)
                && Objects.equals(failureDetectionTime, f.failureDetectionTime)
                && Objects.equals(failureDetectionInterval, f.failureDetectionInterval)
                && Objects.equals(failureDetectionCount, f.failureDetectionCount)
                && Objects.equals(iamRegion, f.iamRegion) && Objects.equals(iamHost, f.iamHost)
                && Objects.equals(secretsManagerSecretId, f.secretsManagerSecretId)
                && Objects.equals(secretsManagerRegion, f.secretsManagerRegion)
                && Objects.equals(connectTimeout, f.connectTimeout) && Objects.equals(socketTimeout, f.socketTimeout)
                && Objects.equals(driverProperties, f.driverProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterEndpoint, port, database, user, password, plugins, readOnly, readerHostSelectorStrategy,
                failoverMode, failoverTimeoutMs, clusterId, clusterInstanceHostPattern, dialect, clusterTopologyRefreshRateMs,
                failureDetectionTime, failureDetectionInterval, failureDetectionCount, iamRegion, iamHost, connectTimeout,
                socketTimeout, driverProperties, secretsManagerSecretId, secretsManagerRegion);
    }

    @Override
    public String toString() {
        return "AuroraManagedConnectionFactory[" + clusterEndpoint + ":" + port + "/" + (database == null ? "" : database)
                + (Boolean.TRUE.equals(readOnly) ? ", reader" : ", writer") + ", user=" + user + ", plugins=" + plugins + "]";
    }

    // ---- JavaBean accessors (each setter invalidates the frozen settings) ----------------------

    private void changed() {
        frozen = null;
    }

    public String getClusterEndpoint() { return clusterEndpoint; }
    public void setClusterEndpoint(String v) { clusterEndpoint = v; changed(); }
    public Integer getPort() { return port; }
    public void setPort(Integer v) { port = v; changed(); }
    public String getDatabase() { return database; }
    public void setDatabase(String v) { database = v; changed(); }
    public String getUser() { return user; }
    public void setUser(String v) { user = v; changed(); }
    public String getPassword() { return password; }
    public void setPassword(String v) { password = v; changed(); }
    public String getPlugins() { return plugins; }
    public void setPlugins(String v) { plugins = v; changed(); }
    public Boolean getReadOnly() { return readOnly; }
    public void setReadOnly(Boolean v) { readOnly = v; changed(); }
    public String getReaderHostSelectorStrategy() { return readerHostSelectorStrategy; }
    public void setReaderHostSelectorStrategy(String v) { readerHostSelectorStrategy = v; changed(); }
    public String getFailoverMode() { return failoverMode; }
    public void setFailoverMode(String v) { failoverMode = v; changed(); }
    public Long getFailoverTimeoutMs() { return failoverTimeoutMs; }
    public void setFailoverTimeoutMs(Long v) { failoverTimeoutMs = v; changed(); }
    public String getClusterId() { return clusterId; }
    public void setClusterId(String v) { clusterId = v; changed(); }
    public String getClusterInstanceHostPattern() { return clusterInstanceHostPattern; }
    public void setClusterInstanceHostPattern(String v) { clusterInstanceHostPattern = v; changed(); }
    public String getDialect() { return dialect; }
    public void setDialect(String v) { dialect = v; changed(); }
    public Long getClusterTopologyRefreshRateMs() { return clusterTopologyRefreshRateMs; }
    public void setClusterTopologyRefreshRateMs(Long v) { clusterTopologyRefreshRateMs = v; changed(); }
    public Long getFailureDetectionTime() { return failureDetectionTime; }
    public void setFailureDetectionTime(Long v) { failureDetectionTime = v; changed(); }
    public Long getFailureDetectionInterval() { return failureDetectionInterval; }
    public void setFailureDetectionInterval(Long v) { failureDetectionInterval = v; changed(); }
    public Integer getFailureDetectionCount() { return failureDetectionCount; }
    public void setFailureDetectionCount(Integer v) { failureDetectionCount = v; changed(); }
    public String getIamRegion() { return iamRegion; }
    public void setIamRegion(String v) { iamRegion = v; changed(); }
    public String getIamHost() { return iamHost; }
    public void setIamHost(String v) { iamHost = v; changed(); }
    public String getSecretsManagerSecretId() { return secretsManagerSecretId; }
    public void setSecretsManagerSecretId(String v) { secretsManagerSecretId = v; changed(); }
    public String getSecretsManagerRegion() { return secretsManagerRegion; }
    public void setSecretsManagerRegion(String v) { secretsManagerRegion = v; changed(); }
    public Integer getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Integer v) { connectTimeout = v; changed(); }
    public Integer getSocketTimeout() { return socketTimeout; }
    public void setSocketTimeout(Integer v) { socketTimeout = v; changed(); }
    public String getDriverProperties() { return driverProperties; }
    public void setDriverProperties(String v) { driverProperties = v; changed(); }
}
