package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@code equals}/{@code hashCode} compare the frozen settings, since servers key pools on them.
 * The config properties themselves are data: {@link AdapterProperty}.
 */
public final class AuroraManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation, ValidatingManagedConnectionFactory {

    private static final long serialVersionUID = 1L;

    /** How long {@code getInvalidConnections} waits for one connection's health check. */
    static final int VALIDATION_TIMEOUT_SECONDS = 5;
    static final int DEFAULT_PORT = 3306;

    // ---- config properties: values by AdapterProperty ordinal (null = not set) -------------------

    /** Current values, one slot per {@link AdapterProperty}; a fresh factory holds the defaults (the ra.xml values). */
    private final Object[] values = defaults();

    private static Object[] defaults() {
        AdapterProperty[] all = AdapterProperty.values();
        Object[] v = new Object[all.length];
        for (AdapterProperty p : all) {
            v[p.ordinal()] = p.defaultValue();
        }
        return v;
    }

    private Object get(AdapterProperty p) {
        return values[p.ordinal()];
    }

    private void set(AdapterProperty p, Object v) {
        values[p.ordinal()] = v;
        frozen = null; // validated again on next use
    }

    // ---- runtime state (never part of equality, never serialized) ------------------------------

    private transient volatile AuroraResourceAdapter resourceAdapter;
    /** The validated settings or the rejection, for the current property values; null = stale. */
    private transient volatile Frozen frozen;
    private transient PrintWriter logWriter;

    /**
     * The outcome of one validation: settings plus the property map they came from, or the error.
     * {@code reported}: the rejection was logged (once per rejected configuration, and only when
     * the factory is used, not when a server merely compares factories).
     */
    private record Frozen(AuroraSettings settings, Map<String, String> properties, ResourceException error, AtomicBoolean reported) { }

    // ---- settings ------------------------------------------------------------------------------

    /** The frozen settings for the current property values; validated once, cached until a setter runs. */
    AuroraSettings settings() throws ResourceException {
        Frozen f = freeze();
        if (f.error != null) {
            report(f);
            throw copy(f.error);
        }
        return f.settings;
    }

    private static void report(Frozen f) {
        if (f.error != null && f.reported.compareAndSet(false, true)) {
            // So the server log names the property too, not only the application that got the exception.
            RaLog.log(Level.WARNING, RaLog.INVALID_CONFIG, "connection factory configuration rejected: " + f.error.getMessage());
        }
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
            String endpoint = (String) get(AdapterProperty.CLUSTER_ENDPOINT);
            if (endpoint == null || endpoint.isBlank()) {
                throw new InvalidPropertyException(RaLog.msg(RaLog.MISSING_CONFIG,
                        "config property ClusterEndpoint is required: the cluster (writer) endpoint host name,"
                                + " e.g. mydb.cluster-abc123.us-east-1.rds.amazonaws.com"));
            }
            Map<String, String> props = new LinkedHashMap<>();
            parseDriverProperties((String) get(AdapterProperty.DRIVER_PROPERTIES), props);
            for (AdapterProperty p : AdapterProperty.values()) {
                Object v = get(p);
                if (v != null && p.propertyKey() != null) {
                    props.put(p.propertyKey(), v.toString());
                }
            }
            props = Collections.unmodifiableMap(props);
            Integer port = (Integer) get(AdapterProperty.PORT);
            AuroraSettings s = AuroraSettings.of(endpoint.trim(), port == null ? DEFAULT_PORT : port,
                    (String) get(AdapterProperty.DATABASE), props);
            return new Frozen(s, props, null, new AtomicBoolean());
        } catch (InvalidSettingException e) {
            return rejected(invalid(e));
        } catch (ResourceException e) {
            return rejected(e);
        }
    }

    private static Frozen rejected(ResourceException e) {
        return new Frozen(null, null, e, new AtomicBoolean());
    }

    /** A fresh exception per throw, so one caller's stack trace doesn't leak into another's. */
    private static ResourceException copy(ResourceException e) {
        ResourceException c = new InvalidPropertyException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        c.setErrorCode(e.getErrorCode());
        return c;
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
        AdapterProperty p = AdapterProperty.forDriverName(driverProperty);
        return p != null ? p.beanName() : "DriverProperties (" + driverProperty + ")";
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
        AdapterProperty p = AdapterProperty.forDriverName(key);
        return p == null ? null : p.beanName();
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
        String endpoint = getClusterEndpoint();
        if (endpoint == null || endpoint.isBlank()) {
            // Payara builds a default pool per connection definition from the ra.xml defaults
            // alone; a factory nobody configured yet is not an error worth a warning at deploy.
            RaLog.log(Level.FINE, RaLog.MISSING_CONFIG, "connection factory without ClusterEndpoint registered; validated on first use");
            return;
        }
        report(freeze());
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // ---- equality: the frozen settings ---------------------------------------------------------

    /**
     * Equal when the frozen settings are equal (design decision 6): every value that shapes a
     * physical connection, whatever spelling produced it ({@code DriverProperties} order, a
     * default given explicitly). Two rejected configurations are equal when their raw values are.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuroraManagedConnectionFactory f)) {
            return false;
        }
        AuroraSettings a = freeze().settings;
        AuroraSettings b = f.freeze().settings;
        return a != null && b != null ? a.equals(b) : a == null && b == null && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        AuroraSettings s = freeze().settings;
        return s != null ? s.hashCode() : Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        Object database = get(AdapterProperty.DATABASE);
        return "AuroraManagedConnectionFactory[" + get(AdapterProperty.CLUSTER_ENDPOINT) + ":" + get(AdapterProperty.PORT) + "/"
                + (database == null ? "" : database) + (Boolean.TRUE.equals(get(AdapterProperty.READ_ONLY)) ? ", reader" : ", writer")
                + ", user=" + get(AdapterProperty.USER) + ", plugins=" + get(AdapterProperty.PLUGINS) + "]";
    }

    // ---- JavaBean accessors: what servers call by reflection; the values live in the table ------

    public String getClusterEndpoint() { return (String) get(AdapterProperty.CLUSTER_ENDPOINT); }
    public void setClusterEndpoint(String v) { set(AdapterProperty.CLUSTER_ENDPOINT, v); }
    public Integer getPort() { return (Integer) get(AdapterProperty.PORT); }
    public void setPort(Integer v) { set(AdapterProperty.PORT, v); }
    public String getDatabase() { return (String) get(AdapterProperty.DATABASE); }
    public void setDatabase(String v) { set(AdapterProperty.DATABASE, v); }
    public String getUser() { return (String) get(AdapterProperty.USER); }
    public void setUser(String v) { set(AdapterProperty.USER, v); }
    public String getPassword() { return (String) get(AdapterProperty.PASSWORD); }
    public void setPassword(String v) { set(AdapterProperty.PASSWORD, v); }
    public String getPlugins() { return (String) get(AdapterProperty.PLUGINS); }
    public void setPlugins(String v) { set(AdapterProperty.PLUGINS, v); }
    public Boolean getReadOnly() { return (Boolean) get(AdapterProperty.READ_ONLY); }
    public void setReadOnly(Boolean v) { set(AdapterProperty.READ_ONLY, v); }
    public String getReaderHostSelectorStrategy() { return (String) get(AdapterProperty.READER_HOST_SELECTOR_STRATEGY); }
    public void setReaderHostSelectorStrategy(String v) { set(AdapterProperty.READER_HOST_SELECTOR_STRATEGY, v); }
    public String getFailoverMode() { return (String) get(AdapterProperty.FAILOVER_MODE); }
    public void setFailoverMode(String v) { set(AdapterProperty.FAILOVER_MODE, v); }
    public Long getFailoverTimeoutMs() { return (Long) get(AdapterProperty.FAILOVER_TIMEOUT_MS); }
    public void setFailoverTimeoutMs(Long v) { set(AdapterProperty.FAILOVER_TIMEOUT_MS, v); }
    public String getClusterId() { return (String) get(AdapterProperty.CLUSTER_ID); }
    public void setClusterId(String v) { set(AdapterProperty.CLUSTER_ID, v); }
    public String getClusterInstanceHostPattern() { return (String) get(AdapterProperty.CLUSTER_INSTANCE_HOST_PATTERN); }
    public void setClusterInstanceHostPattern(String v) { set(AdapterProperty.CLUSTER_INSTANCE_HOST_PATTERN, v); }
    public String getDialect() { return (String) get(AdapterProperty.DIALECT); }
    public void setDialect(String v) { set(AdapterProperty.DIALECT, v); }
    public Long getClusterTopologyRefreshRateMs() { return (Long) get(AdapterProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS); }
    public void setClusterTopologyRefreshRateMs(Long v) { set(AdapterProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS, v); }
    public Long getFailureDetectionTime() { return (Long) get(AdapterProperty.FAILURE_DETECTION_TIME); }
    public void setFailureDetectionTime(Long v) { set(AdapterProperty.FAILURE_DETECTION_TIME, v); }
    public Long getFailureDetectionInterval() { return (Long) get(AdapterProperty.FAILURE_DETECTION_INTERVAL); }
    public void setFailureDetectionInterval(Long v) { set(AdapterProperty.FAILURE_DETECTION_INTERVAL, v); }
    public Integer getFailureDetectionCount() { return (Integer) get(AdapterProperty.FAILURE_DETECTION_COUNT); }
    public void setFailureDetectionCount(Integer v) { set(AdapterProperty.FAILURE_DETECTION_COUNT, v); }
    public String getIamRegion() { return (String) get(AdapterProperty.IAM_REGION); }
    public void setIamRegion(String v) { set(AdapterProperty.IAM_REGION, v); }
    public String getIamHost() { return (String) get(AdapterProperty.IAM_HOST); }
    public void setIamHost(String v) { set(AdapterProperty.IAM_HOST, v); }
    public String getSecretsManagerSecretId() { return (String) get(AdapterProperty.SECRETS_MANAGER_SECRET_ID); }
    public void setSecretsManagerSecretId(String v) { set(AdapterProperty.SECRETS_MANAGER_SECRET_ID, v); }
    public String getSecretsManagerRegion() { return (String) get(AdapterProperty.SECRETS_MANAGER_REGION); }
    public void setSecretsManagerRegion(String v) { set(AdapterProperty.SECRETS_MANAGER_REGION, v); }
    public Integer getConnectTimeout() { return (Integer) get(AdapterProperty.CONNECT_TIMEOUT); }
    public void setConnectTimeout(Integer v) { set(AdapterProperty.CONNECT_TIMEOUT, v); }
    public Integer getSocketTimeout() { return (Integer) get(AdapterProperty.SOCKET_TIMEOUT); }
    public void setSocketTimeout(Integer v) { set(AdapterProperty.SOCKET_TIMEOUT, v); }
    public String getDriverProperties() { return (String) get(AdapterProperty.DRIVER_PROPERTIES); }
    public void setDriverProperties(String v) { set(AdapterProperty.DRIVER_PROPERTIES, v); }
}
