package dev.aurorajca.driver.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The validated, frozen configuration of one logical connection (or one resource adapter
 * connection factory). Everything on the hot path reads this object; nothing re-parses text.
 * Two settings are equal when every value that shapes a physical connection is equal, so a
 * connection factory's {@code equals} can delegate here. {@link #toString()} never shows the
 * password.
 */
public final class AuroraSettings {

    public static final String URL_PREFIX = "jdbc:aurora:mysql://";
    /** Prefix of properties meant only for the host monitoring connections. */
    public static final String MONITORING_PREFIX = "monitoring-";

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final List<PluginCode> plugins;
    private final boolean readOnly;
    private final ReaderStrategy readerStrategy;
    private final Map<String, Integer> hostWeights;
    private final int defaultWeight;
    private final FailoverMode failoverMode;
    private final long failoverTimeoutMs;
    private final long failoverProbeIntervalMs;
    private final boolean enableConnectFailover;
    private final String clusterId;
    private final HostPattern instanceHostPattern;
    private final DialectCode dialect;
    private final long topologyRefreshMs;
    private final long topologyHighRefreshMs;
    private final boolean failureDetectionEnabled;
    private final long failureDetectionTimeMs;
    private final long failureDetectionIntervalMs;
    private final int failureDetectionCount;
    private final long monitorDisposalTimeMs;
    private final String iamRegion;
    private final String iamHost;
    private final int iamDefaultPort;
    private final long iamTokenExpirationSec;
    private final String awsProfile;
    private final SecretsManagerSettings secretsManager;
    private final CustomEndpointSettings customEndpoint;
    private final BlueGreenSettings blueGreen;
    private final boolean failoverModeSet;
    private final int connectTimeoutMs;
    private final int socketTimeoutMs;
    /** Not part of equality: it decides what the runtime shows, not what a connection does. */
    private final boolean clusterMBean;
    /** What Connector/J gets, minus user/password (added per connect so a token can replace it). */
    private final Map<String, String> targetProperties;
    /** monitoring-xxx overrides, prefix stripped. */
    private final Map<String, String> monitoringProperties;
    /** Computed once: a connection factory's hashCode is this, and servers call it on every pool lookup. */
    private final int hash;

    private AuroraSettings(Parser p) throws InvalidSettingException {
        if (p.dbnameGiven != null) {
            throw new InvalidSettingException(DBNAME, HostNames.shown(p.dbnameGiven),
                    "no value here: the database is the URL path (adapter: config property Database)");
        }
        this.host = p.host;
        this.port = p.port;
        this.database = p.database;
        this.user = p.raw(AuroraPropertyNames.USER);
        this.password = p.raw(AuroraPropertyNames.PASSWORD);
        this.plugins = p.plugins();
        this.readOnly = p.bool(AuroraProperty.READ_ONLY);
        this.readerStrategy = p.strategy();
        this.defaultWeight = (int) p.longIn(AuroraProperty.ROUND_ROBIN_DEFAULT_WEIGHT, 1, 1_000_000);
        this.hostWeights = p.weights();
        this.failoverMode = p.failoverMode(readOnly);
        this.failoverTimeoutMs = p.longIn(AuroraProperty.FAILOVER_TIMEOUT_MS, 0, 24L * 3600_000);
        this.failoverProbeIntervalMs = p.longIn(AuroraProperty.FAILOVER_PROBE_INTERVAL_MS, 1, 60_000);
        this.enableConnectFailover = p.bool(AuroraProperty.ENABLE_CONNECT_FAILOVER);
        String cid = p.text(AuroraProperty.CLUSTER_ID);
        this.clusterId = cid.isEmpty() ? (host.toLowerCase(Locale.ROOT) + ":" + port) : cid;
        String pattern = p.text(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN);
        this.instanceHostPattern = pattern.isEmpty() ? null : HostPattern.parse(pattern);
        String d = p.text(AuroraProperty.DIALECT);
        if (d.isEmpty()) {
            this.dialect = null;
        } else {
            this.dialect = DialectCode.lookup(d);
            if (dialect == null) {
                throw new InvalidSettingException(AuroraProperty.DIALECT.key(), d, "aurora-mysql, rds-multi-az-mysql, mysql (or empty to detect)");
            }
        }
        this.topologyRefreshMs = p.longIn(AuroraProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS, 10, 3600_000);
        this.topologyHighRefreshMs = p.longIn(AuroraProperty.CLUSTER_TOPOLOGY_HIGH_REFRESH_RATE_MS, 10, 600_000);
        this.failureDetectionEnabled = p.bool(AuroraProperty.FAILURE_DETECTION_ENABLED);
        this.failureDetectionTimeMs = p.longIn(AuroraProperty.FAILURE_DETECTION_TIME, 0, 3600_000);
        this.failureDetectionIntervalMs = p.longIn(AuroraProperty.FAILURE_DETECTION_INTERVAL, 10, 3600_000);
        this.failureDetectionCount = (int) p.longIn(AuroraProperty.FAILURE_DETECTION_COUNT, 1, 1000);
        this.monitorDisposalTimeMs = p.longIn(AuroraProperty.MONITOR_DISPOSAL_TIME, 1000, 24L * 3600_000);
        this.iamRegion = p.text(AuroraProperty.IAM_REGION);
        this.iamHost = p.text(AuroraProperty.IAM_HOST);
        String iamPort = p.text(AuroraProperty.IAM_DEFAULT_PORT);
        this.iamDefaultPort = iamPort.isEmpty() ? -1 : (int) p.longIn(AuroraProperty.IAM_DEFAULT_PORT, 1, 65535);
        this.iamTokenExpirationSec = p.longIn(AuroraProperty.IAM_TOKEN_EXPIRATION, 1, 900);
        this.awsProfile = p.text(AuroraProperty.AWS_PROFILE);
        this.secretsManager = SecretsManagerSettings.parse(p::text, plugins.contains(PluginCode.AWS_SECRETS_MANAGER));
        this.customEndpoint = CustomEndpointSettings.parse(p::text, host, plugins.contains(PluginCode.CUSTOM_ENDPOINT));
        this.blueGreen = BlueGreenSettings.parse(p::text);
        this.failoverModeSet = !p.text(AuroraProperty.FAILOVER_MODE).isEmpty();
        this.connectTimeoutMs = (int) p.longIn(AuroraProperty.CONNECT_TIMEOUT, 0, Integer.MAX_VALUE);
        this.socketTimeoutMs = (int) p.longIn(AuroraProperty.SOCKET_TIMEOUT, 0, Integer.MAX_VALUE);
        this.clusterMBean = p.bool(AuroraProperty.CLUSTER_MBEAN);

        Map<String, String> target = new TreeMap<>(p.passThrough);
        target.put("connectTimeout", Integer.toString(connectTimeoutMs));
        target.put("socketTimeout", Integer.toString(socketTimeoutMs));
        if (!database.isEmpty()) {
            // The database travels as Connector/J's dbname property, never in the URL: whatever it
            // contains stays a database name and cannot add URL parameters (see targetUrl).
            target.put(DBNAME, database);
        }
        this.targetProperties = Collections.unmodifiableMap(target);
        this.monitoringProperties = Collections.unmodifiableMap(new TreeMap<>(p.monitoring));
        this.hash = computeHash();
    }

    /**
     * Parses a {@code jdbc:aurora:mysql://host[:port][/database][?k=v&...]} URL and properties
     * (properties win over the query string) and validates every value.
     */
    public static AuroraSettings parse(String url, Properties info) throws InvalidSettingException {
        Parser p = new Parser();
        p.parseUrl(url);
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                p.put(name, info.getProperty(name));
            }
        }
        return new AuroraSettings(p);
    }

    /** Builds settings from parts; {@code props} holds every other property by name. */
    public static AuroraSettings of(String host, int port, String database, Map<String, String> props) throws InvalidSettingException {
        Parser p = new Parser();
        p.setHost(host, port);
        p.setDatabase(database == null ? "" : database);
        if (props != null) {
            props.forEach(p::put);
        }
        return new AuroraSettings(p);
    }

    public static boolean acceptsUrl(String url) {
        return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
    }

    // ---- accessors -------------------------------------------------------------------------

    public String host() { return host; }
    public int port() { return port; }
    public String database() { return database; }
    public String user() { return user; }
    /** The configured password; never log it. */
    public String password() { return password; }
    public List<PluginCode> plugins() { return plugins; }
    public boolean hasPlugin(PluginCode code) { return plugins.contains(code); }
    public boolean readOnly() { return readOnly; }
    public ReaderStrategy readerStrategy() { return readerStrategy; }
    public Map<String, Integer> hostWeights() { return hostWeights; }
    public int defaultWeight() { return defaultWeight; }
    public FailoverMode failoverMode() { return failoverMode; }
    public long failoverTimeoutMs() { return failoverTimeoutMs; }
    public long failoverProbeIntervalMs() { return failoverProbeIntervalMs; }
    public boolean enableConnectFailover() { return enableConnectFailover; }
    public String clusterId() { return clusterId; }
    public HostPattern instanceHostPattern() { return instanceHostPattern; }
    /** The forced dialect, or null to detect it. */
    public DialectCode dialect() { return dialect; }
    public long topologyRefreshMs() { return topologyRefreshMs; }
    public long topologyHighRefreshMs() { return topologyHighRefreshMs; }
    public boolean failureDetectionEnabled() { return failureDetectionEnabled; }
    public long failureDetectionTimeMs() { return failureDetectionTimeMs; }
    public long failureDetectionIntervalMs() { return failureDetectionIntervalMs; }
    public int failureDetectionCount() { return failureDetectionCount; }
    public long monitorDisposalTimeMs() { return monitorDisposalTimeMs; }
    public String iamRegion() { return iamRegion; }
    public String iamHost() { return iamHost; }
    public int iamDefaultPort() { return iamDefaultPort; }
    public long iamTokenExpirationSec() { return iamTokenExpirationSec; }
    public String awsProfile() { return awsProfile; }
    /** The aws_secrets_manager settings, validated when that plugin is configured. */
    public SecretsManagerSettings secretsManager() { return secretsManager; }
    /** The custom_endpoint settings, validated when that plugin is configured. */
    public CustomEndpointSettings customEndpoint() { return customEndpoint; }
    public BlueGreenSettings blueGreen() { return blueGreen; }
    /** Whether failoverMode was given (false: the default for readOnly, or the custom endpoint's type, applies). */
    public boolean failoverModeSet() { return failoverModeSet; }
    public int connectTimeoutMs() { return connectTimeoutMs; }
    public int socketTimeoutMs() { return socketTimeoutMs; }
    /** Whether the runtime registers this cluster's MBean (when these settings open the cluster first). */
    public boolean clusterMBean() { return clusterMBean; }
    public Map<String, String> targetProperties() { return targetProperties; }
    public Map<String, String> monitoringProperties() { return monitoringProperties; }

    /** Connector/J properties for one physical connection, with the given credentials. */
    public Properties targetProperties(String userName, String secret) {
        Properties props = new Properties();
        props.putAll(targetProperties);
        if (userName != null) {
            props.setProperty("user", userName);
        }
        if (secret != null) {
            props.setProperty("password", secret);
        }
        return props;
    }

    /**
     * A plain Connector/J URL for one instance: host and port only. The database goes in the
     * {@code dbname} property of {@link #targetProperties(String, String)}; the host is checked
     * here once more, whatever its source (configuration, a topology table, a pattern), so no
     * value can add Connector/J URL parameters.
     */
    public String targetUrl(String instanceHost, int instancePort) throws InvalidSettingException {
        if (!HostNames.isValid(instanceHost)) {
            throw new InvalidSettingException("host", HostNames.shown(instanceHost), HostNames.ALLOWED);
        }
        if (instancePort < 1 || instancePort > 65535) {
            throw new InvalidSettingException("port", Integer.toString(instancePort), "an integer between 1 and 65535");
        }
        return "jdbc:mysql://" + instanceHost + ":" + instancePort + "/";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuroraSettings s)) {
            return false;
        }
        return port == s.port && readOnly == s.readOnly && defaultWeight == s.defaultWeight
                && failoverTimeoutMs == s.failoverTimeoutMs && failoverProbeIntervalMs == s.failoverProbeIntervalMs
                && enableConnectFailover == s.enableConnectFailover
                && topologyRefreshMs == s.topologyRefreshMs && topologyHighRefreshMs == s.topologyHighRefreshMs
                && failureDetectionEnabled == s.failureDetectionEnabled && failureDetectionTimeMs == s.failureDetectionTimeMs
                && failureDetectionIntervalMs == s.failureDetectionIntervalMs && failureDetectionCount == s.failureDetectionCount
                && monitorDisposalTimeMs == s.monitorDisposalTimeMs && iamDefaultPort == s.iamDefaultPort
                && iamTokenExpirationSec == s.iamTokenExpirationSec && connectTimeoutMs == s.connectTimeoutMs
                && socketTimeoutMs == s.socketTimeoutMs
                && host.equals(s.host) && database.equals(s.database)
                && Objects.equals(user, s.user) && Objects.equals(password, s.password)
                && plugins.equals(s.plugins) && readerStrategy == s.readerStrategy && hostWeights.equals(s.hostWeights)
                && failoverMode == s.failoverMode && clusterId.equals(s.clusterId)
                && Objects.equals(instanceHostPattern, s.instanceHostPattern) && dialect == s.dialect
                && iamRegion.equals(s.iamRegion) && iamHost.equals(s.iamHost) && awsProfile.equals(s.awsProfile)
                && secretsManager.equals(s.secretsManager) && customEndpoint.equals(s.customEndpoint)
                && blueGreen.equals(s.blueGreen)
                && failoverModeSet == s.failoverModeSet
                && targetProperties.equals(s.targetProperties) && monitoringProperties.equals(s.monitoringProperties);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Every value equals compares, so settings that differ in one value rarely share a hash. */
    private int computeHash() {
        return Objects.hash(port, readOnly, defaultWeight, failoverTimeoutMs, failoverProbeIntervalMs, enableConnectFailover,
                topologyRefreshMs, topologyHighRefreshMs, failureDetectionEnabled, failureDetectionTimeMs,
                failureDetectionIntervalMs, failureDetectionCount, monitorDisposalTimeMs, iamDefaultPort, iamTokenExpirationSec,
                connectTimeoutMs, socketTimeoutMs, host, database, user, password, plugins, readerStrategy, hostWeights,
                failoverMode, clusterId, instanceHostPattern, dialect, iamRegion, iamHost, awsProfile, secretsManager,
                customEndpoint, failoverModeSet, targetProperties, monitoringProperties);
    }

    @Override
    public String toString() {
        return "AuroraSettings[" + host + ":" + port + "/" + database + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<hidden>")
                + ", plugins=" + plugins + ", readOnly=" + readOnly + ", readerStrategy=" + readerStrategy
                + ", failoverMode=" + failoverMode + ", failoverTimeoutMs=" + failoverTimeoutMs
                + ", clusterId=" + clusterId + ", dialect=" + (dialect == null ? "auto" : dialect.code())
                + ", target=" + redacted(targetProperties) + "]";
    }

    private static Map<String, String> redacted(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k, isSecret(k) ? "<hidden>" : v));
        return out;
    }

    /** True for property names whose values must never be shown. */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token");
    }

    // ---- parsing ---------------------------------------------------------------------------

    /** Connector/J's property for the default database; set from the URL path or {@code Database} only. */
    static final String DBNAME = "dbname";
    /** MySQL's limit for a database name. */
    private static final int MAX_DATABASE_LENGTH = 64;

    /** Names that are neither ours nor passed through blindly. */
    static final class AuroraPropertyNames {
        static final String USER = "user";
        static final String PASSWORD = "password";
        private AuroraPropertyNames() { }
    }

    private static final class Parser {
        String host;
        int port = 3306;
        String database = "";
        final Map<AuroraProperty, String> values = new EnumMap2();
        final Map<String, String> raw = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> passThrough = new TreeMap<>();
        final Map<String, String> monitoring = new TreeMap<>();
        /** A dbname property given beside the URL path / Database: refused, one place per setting. */
        String dbnameGiven;

        void parseUrl(String url) throws InvalidSettingException {
            if (!acceptsUrl(url)) {
                throw new InvalidSettingException("url", String.valueOf(url), "jdbc:aurora:mysql://host[:port][/database][?property=value&...]");
            }
            String rest = url.substring(URL_PREFIX.length());
            String query = "";
            int qm = rest.indexOf('?');
            if (qm >= 0) {
                query = rest.substring(qm + 1);
                rest = rest.substring(0, qm);
            }
            int slash = rest.indexOf('/');
            String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
            // Percent-decoded as Connector/J decodes its own URL path, so jdbc:aurora:mysql://h/my%20db means what it did.
            setDatabase(slash >= 0 ? decodePath(url, rest.substring(slash + 1)) : "");
            if (hostPort.contains(",")) {
                throw new InvalidSettingException("url", url, "exactly one host: the cluster (or instance) endpoint; the driver finds the other instances itself");
            }
            int colon = hostPort.lastIndexOf(':');
            int p = 3306;
            String h = hostPort;
            if (colon >= 0) {
                h = hostPort.substring(0, colon);
                try {
                    p = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException("url", url, "a numeric port between 1 and 65535");
                }
            }
            setHost(h, p);
            if (!query.isEmpty()) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
                    String v = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
                    put(k, v);
                }
            }
        }

        void setHost(String h, int p) throws InvalidSettingException {
            String trimmed = h == null ? null : h.trim();
            if (!HostNames.isValid(trimmed)) {
                throw new InvalidSettingException("host", HostNames.shown(h), HostNames.ALLOWED + " (the cluster endpoint)");
            }
            if (p < 1 || p > 65535) {
                throw new InvalidSettingException("port", Integer.toString(p), "an integer between 1 and 65535");
            }
            host = trimmed;
            port = p;
        }

        /**
         * Any name MySQL accepts (it reaches Connector/J as the dbname property, not in the URL):
         * at most 64 characters, no control characters.
         */
        void setDatabase(String d) throws InvalidSettingException {
            boolean ok = d.length() <= MAX_DATABASE_LENGTH;
            for (int i = 0; ok && i < d.length(); i++) {
                char c = d.charAt(i);
                ok = c >= 0x20 && c != 0x7f;
            }
            if (!ok) {
                throw new InvalidSettingException("database", HostNames.shown(d),
                        "a database name of at most " + MAX_DATABASE_LENGTH + " characters without control characters (or empty for none)");
            }
            database = d;
        }

        private static String decodePath(String url, String path) throws InvalidSettingException {
            try {
                return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("url", url, "a database path whose '%' escapes are complete (%XX)");
            }
        }

        void put(String name, String value) {
            if (name == null || value == null) {
                return;
            }
            AuroraProperty prop = AuroraProperty.lookup(name);
            if (name.equalsIgnoreCase(DBNAME)) {
                dbnameGiven = value;
            } else if (prop != null) {
                values.put(prop, value);
            } else if (name.equalsIgnoreCase(AuroraPropertyNames.USER) || name.equalsIgnoreCase(AuroraPropertyNames.PASSWORD)) {
                raw.put(name, value);
            } else if (name.regionMatches(true, 0, MONITORING_PREFIX, 0, MONITORING_PREFIX.length())) {
                monitoring.put(name.substring(MONITORING_PREFIX.length()), value);
            } else {
                passThrough.put(name, value);
            }
        }

        String raw(String name) {
            String v = raw.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        String text(AuroraProperty p) {
            String v = values.get(p);
            return v == null ? p.defaultValue() : v.trim();
        }

        boolean bool(AuroraProperty p) throws InvalidSettingException {
            return SettingValues.bool(p, text(p));
        }

        long longIn(AuroraProperty p, long min, long max) throws InvalidSettingException {
            return SettingValues.longIn(p, text(p), min, max);
        }

        List<PluginCode> plugins() throws InvalidSettingException {
            String v = text(AuroraProperty.PLUGINS);
            EnumSet<PluginCode> set = EnumSet.noneOf(PluginCode.class);
            if (!v.isBlank() && !v.equalsIgnoreCase("none")) {
                for (String part : v.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    PluginCode c = PluginCode.lookup(part);
                    if (c == null) {
                        throw new InvalidSettingException(AuroraProperty.PLUGINS.key(), v,
                                "a comma-separated list of " + PluginCode.allowed() + "; unknown code '" + part.trim() + "'");
                    }
                    set.add(c);
                }
            }
            return List.copyOf(new ArrayList<>(set)); // EnumSet iterates in weight order
        }

        ReaderStrategy strategy() throws InvalidSettingException {
            String v = text(AuroraProperty.READER_HOST_SELECTOR_STRATEGY);
            ReaderStrategy s = ReaderStrategy.lookup(v);
            if (s == null) {
                throw new InvalidSettingException(AuroraProperty.READER_HOST_SELECTOR_STRATEGY.key(), v, ReaderStrategy.allowed());
            }
            return s;
        }

        Map<String, Integer> weights() throws InvalidSettingException {
            String v = text(AuroraProperty.ROUND_ROBIN_HOST_WEIGHT_PAIRS);
            Map<String, Integer> m = new TreeMap<>();
            if (v.isBlank()) {
                return Map.of();
            }
            for (String pair : v.split(",")) {
                int c = pair.lastIndexOf(':');
                try {
                    int w = Integer.parseInt(pair.substring(c + 1).trim());
                    String h = pair.substring(0, c).trim();
                    if (c <= 0 || w < 1 || h.isEmpty()) {
                        throw new NumberFormatException();
                    }
                    m.put(h.toLowerCase(Locale.ROOT), w);
                } catch (RuntimeException e) {
                    throw new InvalidSettingException(AuroraProperty.ROUND_ROBIN_HOST_WEIGHT_PAIRS.key(), v,
                            "host:weight pairs separated by commas, weights positive integers, e.g. instance-1:2,instance-2:1");
                }
            }
            return Collections.unmodifiableMap(m);
        }

        FailoverMode failoverMode(boolean ro) throws InvalidSettingException {
            String v = text(AuroraProperty.FAILOVER_MODE);
            if (v.isEmpty()) {
                return ro ? FailoverMode.READER_OR_WRITER : FailoverMode.STRICT_WRITER;
            }
            FailoverMode m = FailoverMode.lookup(v);
            if (m == null) {
                throw new InvalidSettingException(AuroraProperty.FAILOVER_MODE.key(), v, "strict-writer, strict-reader, reader-or-writer");
            }
            return m;
        }
    }

    /** EnumMap with a no-arg constructor for the parser. */
    private static final class EnumMap2 extends java.util.EnumMap<AuroraProperty, String> {
        private static final long serialVersionUID = 1L;
        EnumMap2() { super(AuroraProperty.class); }
    }
}
