package dev.aurorajca.ra;

import dev.aurorajca.driver.config.AuroraProperty;

/**
 * The config properties of {@link AuroraManagedConnectionFactory}, as data: one row per property
 * gives its JavaBean name (what {@code ra.xml} and the servers' consoles call it), its type, its
 * default, and the driver property it becomes. The factory stores, validates and compares values
 * through this table, and a test holds {@code ra.xml} and the bean accessors to it.
 *
 * <p>Defaults are the driver's ({@link AuroraProperty#defaultValue()}); a property whose driver
 * default is empty has none (null: the driver decides, e.g. the dialect is detected).
 */
public enum AdapterProperty {

    CLUSTER_ENDPOINT("ClusterEndpoint", String.class, "host"),
    PORT("Port", Integer.class, "port", "3306"),
    DATABASE("Database", String.class, "database"),
    USER("User", String.class, "user"),
    PASSWORD("Password", String.class, "password"),
    PLUGINS("Plugins", String.class, AuroraProperty.PLUGINS),
    READ_ONLY("ReadOnly", Boolean.class, AuroraProperty.READ_ONLY),
    READER_HOST_SELECTOR_STRATEGY("ReaderHostSelectorStrategy", String.class, AuroraProperty.READER_HOST_SELECTOR_STRATEGY),
    FAILOVER_MODE("FailoverMode", String.class, AuroraProperty.FAILOVER_MODE),
    FAILOVER_TIMEOUT_MS("FailoverTimeoutMs", Long.class, AuroraProperty.FAILOVER_TIMEOUT_MS),
    CLUSTER_ID("ClusterId", String.class, AuroraProperty.CLUSTER_ID),
    CLUSTER_INSTANCE_HOST_PATTERN("ClusterInstanceHostPattern", String.class, AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN),
    DIALECT("Dialect", String.class, AuroraProperty.DIALECT),
    CLUSTER_TOPOLOGY_REFRESH_RATE_MS("ClusterTopologyRefreshRateMs", Long.class, AuroraProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS),
    FAILURE_DETECTION_TIME("FailureDetectionTime", Long.class, AuroraProperty.FAILURE_DETECTION_TIME),
    FAILURE_DETECTION_INTERVAL("FailureDetectionInterval", Long.class, AuroraProperty.FAILURE_DETECTION_INTERVAL),
    FAILURE_DETECTION_COUNT("FailureDetectionCount", Integer.class, AuroraProperty.FAILURE_DETECTION_COUNT),
    IAM_REGION("IamRegion", String.class, AuroraProperty.IAM_REGION),
    IAM_HOST("IamHost", String.class, AuroraProperty.IAM_HOST),
    SECRETS_MANAGER_SECRET_ID("SecretsManagerSecretId", String.class, AuroraProperty.SECRETS_MANAGER_SECRET_ID),
    SECRETS_MANAGER_REGION("SecretsManagerRegion", String.class, AuroraProperty.SECRETS_MANAGER_REGION),
    CONNECT_TIMEOUT("ConnectTimeout", Integer.class, AuroraProperty.CONNECT_TIMEOUT),
    SOCKET_TIMEOUT("SocketTimeout", Integer.class, AuroraProperty.SOCKET_TIMEOUT),
    /** Every other driver property, {@code key=value;key=value}; parsed by the factory. */
    DRIVER_PROPERTIES("DriverProperties", String.class, (String) null);

    private final String beanName;
    private final Class<?> type;
    private final AuroraProperty driverProperty;
    private final String driverName;
    private final Object defaultValue;

    /** A property the driver takes by name ({@code AuroraProperty}), with the driver's default. */
    AdapterProperty(String beanName, Class<?> type, AuroraProperty p) {
        this(beanName, type, p, p.key(), p.defaultValue());
    }

    /** A property the driver takes in another form (host, port, database, user, password). */
    AdapterProperty(String beanName, Class<?> type, String driverName) {
        this(beanName, type, null, driverName, "");
    }

    AdapterProperty(String beanName, Class<?> type, String driverName, String defaultText) {
        this(beanName, type, null, driverName, defaultText);
    }

    AdapterProperty(String beanName, Class<?> type, AuroraProperty p, String driverName, String defaultText) {
        this.beanName = beanName;
        this.type = type;
        this.driverProperty = p;
        this.driverName = driverName;
        this.defaultValue = defaultText.isEmpty() ? null : convert(type, defaultText);
    }

    private static Object convert(Class<?> type, String text) {
        if (type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == Long.class) {
            return Long.valueOf(text);
        }
        if (type == Boolean.class) {
            return Boolean.valueOf(text);
        }
        return text;
    }

    /** The JavaBean / {@code ra.xml} name, e.g. {@code FailoverTimeoutMs}. */
    public String beanName() { return beanName; }

    /** The bean property's type ({@code java.lang.String}, {@code Integer}, {@code Long} or {@code Boolean}). */
    public Class<?> type() { return type; }

    /** The value a fresh factory holds ({@code ra.xml}'s {@code config-property-value}); null for none. */
    public Object defaultValue() { return defaultValue; }

    /** Only the password: servers may mask it, and it never appears in a message. */
    public boolean confidential() { return this == PASSWORD; }

    /** The driver property it is passed as, or null when it is not passed by name (host, port, database, DriverProperties). */
    AuroraProperty driverProperty() { return driverProperty; }

    /**
     * The key it is passed to the driver under in the property map: the driver property's key,
     * {@code user} or {@code password}; null for host, port and database (passed as arguments)
     * and for DriverProperties (parsed into many keys).
     */
    String propertyKey() {
        return driverProperty != null || this == USER || this == PASSWORD ? driverName : null;
    }

    /** The config property a name the driver uses in its errors is set through, or null. */
    static AdapterProperty forDriverName(String name) {
        AuroraProperty p = AuroraProperty.lookup(name);
        for (AdapterProperty a : values()) {
            if (a.driverName != null && (a.driverName.equalsIgnoreCase(name) || (p != null && a.driverProperty == p))) {
                return a;
            }
        }
        return null;
    }
}
