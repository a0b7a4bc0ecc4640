package dev.aurorajca.driver.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every property the driver itself understands. Anything not listed here passes through to
 * mysql-connector-j untouched. Names follow the seed where it has one; the AWS JDBC wrapper's
 * names are accepted as aliases so a hand-wired configuration moves over unchanged.
 */
public enum AuroraProperty {
    PLUGINS("plugins", "failover,host_monitoring_v2", "Comma-separated plugin codes: failover, host_monitoring_v2, read_write_splitting, aws_secrets_manager, custom_endpoint, bg, iam. Ordered by weight, not by position.", "wrapperPlugins"),
    READ_ONLY("readOnly", "false", "true: every physical connection goes to a reader (seed: read_only).", "read_only"),
    READER_HOST_SELECTOR_STRATEGY("readerHostSelectorStrategy", "random", "How a reader is chosen: random, round_robin, least_connections, weighted_random, highest_weight.", "reader_host_selector_strategy"),
    ROUND_ROBIN_HOST_WEIGHT_PAIRS("roundRobinHostWeightPairs", "", "host:weight,host:weight for round_robin, weighted_random and highest_weight."),
    ROUND_ROBIN_DEFAULT_WEIGHT("roundRobinDefaultWeight", "1", "Weight of a host not listed in roundRobinHostWeightPairs."),
    FAILOVER_MODE("failoverMode", "", "strict-writer (default for writer connections), strict-reader (default through a READER custom endpoint), reader-or-writer (default when readOnly=true, and through an ANY custom endpoint)."),
    FAILOVER_TIMEOUT_MS("failoverTimeoutMs", "300000", "How long failover looks for a new instance before giving up with 08001."),
    FAILOVER_PROBE_INTERVAL_MS("failoverProbeIntervalMs", "20", "During a failover, how often each instance is asked whether it has become the writer."),
    ENABLE_CONNECT_FAILOVER("enableConnectFailover", "true", "If the first connect fails but the cluster's topology is known, connect to the current writer instead."),
    CLUSTER_ID("clusterId", "", "Key under which topology is shared. Default: derived from the cluster endpoint host and port."),
    CLUSTER_INSTANCE_HOST_PATTERN("clusterInstanceHostPattern", "", "Instance host pattern such as ?.abc123.us-east-1.rds.amazonaws.com[:port]; required for aurora-mysql behind IPs, CNAMEs or proxies."),
    DIALECT("dialect", "", "aurora-mysql, rds-multi-az-mysql or mysql. Default: detected on first connect."),
    CLUSTER_TOPOLOGY_REFRESH_RATE_MS("clusterTopologyRefreshRateMs", "30000", "How often the topology monitor refreshes the cluster topology."),
    CLUSTER_TOPOLOGY_HIGH_REFRESH_RATE_MS("clusterTopologyHighRefreshRateMs", "100", "Refresh rate while a failover waits and for a while after a writer change."),
    FAILURE_DETECTION_ENABLED("failureDetectionEnabled", "true", "host_monitoring_v2: monitor network-bound calls."),
    FAILURE_DETECTION_TIME("failureDetectionTime", "30000", "host_monitoring_v2: grace in ms from call start to the first probe."),
    FAILURE_DETECTION_INTERVAL("failureDetectionInterval", "5000", "host_monitoring_v2: ms between probes."),
    FAILURE_DETECTION_COUNT("failureDetectionCount", "3", "host_monitoring_v2: consecutive failed probes before the instance is declared dead."),
    MONITOR_DISPOSAL_TIME("monitorDisposalTime", "600000", "host_monitoring_v2: a monitor no connection used for this long is closed."),
    IAM_REGION("iamRegion", "", "iam: AWS region. Default: parsed from the RDS host name."),
    IAM_HOST("iamHost", "", "iam: host name the token is signed for (needed for IPs and CNAMEs)."),
    IAM_DEFAULT_PORT("iamDefaultPort", "", "iam: port the token is signed for. Default: the port connected to."),
    IAM_TOKEN_EXPIRATION("iamTokenExpiration", "870", "iam: seconds a cached token is reused."),
    AWS_PROFILE("awsProfile", "", "iam, aws_secrets_manager: AWS profile name for credentials. Default: the SDK default provider chain."),
    SECRETS_MANAGER_SECRET_ID("secretsManagerSecretId", "", "aws_secrets_manager: name or ARN of the secret holding the database user and password (required with that plugin)."),
    SECRETS_MANAGER_REGION("secretsManagerRegion", "", "aws_secrets_manager: AWS region of the secret. Default: from the ARN, else from the secretsManagerEndpoint host name."),
    SECRETS_MANAGER_ENDPOINT("secretsManagerEndpoint", "", "aws_secrets_manager: Secrets Manager endpoint URL instead of the regional one (a VPC endpoint, a local stand-in)."),
    SECRETS_MANAGER_SECRET_USERNAME_PROPERTY("secretsManagerSecretUsernameProperty", "username", "aws_secrets_manager: JSON key of the database user in the secret."),
    SECRETS_MANAGER_SECRET_PASSWORD_PROPERTY("secretsManagerSecretPasswordProperty", "password", "aws_secrets_manager: JSON key of the database password in the secret."),
    SECRETS_MANAGER_EXPIRATION_TIME_SEC("secretsManagerExpirationTimeSec", "870", "aws_secrets_manager: seconds a fetched secret is used; it is fetched again in the background before then."),
    SECRETS_MANAGER_CONNECT_RETRY_TIMEOUT_MS("secretsManagerConnectRetryTimeoutMs", "0", "aws_secrets_manager: after a refused login the secret is fetched again and the login retried once; with a value > 0 this keeps going with backoff for that many ms (a rotation window)."),
    CUSTOM_ENDPOINT_REGION("customEndpointRegion", "", "custom_endpoint: AWS region of the cluster. Default: parsed from the custom endpoint host name."),
    CUSTOM_ENDPOINT_INFO_REFRESH_RATE_MS("customEndpointInfoRefreshRateMs", "30000", "custom_endpoint: how often the endpoint's members are read with DescribeDBClusterEndpoints; doubled on every throttled call, up to 16 times."),
    WAIT_FOR_CUSTOM_ENDPOINT_INFO("waitForCustomEndpointInfo", "true", "custom_endpoint: a connect waits until the endpoint's members are known (false: connect through the endpoint at once; members apply once known)."),
    WAIT_FOR_CUSTOM_ENDPOINT_INFO_TIMEOUT_MS("waitForCustomEndpointInfoTimeoutMs", "5000", "custom_endpoint: how long a connect waits for the members before failing with 08001."),
    CUSTOM_ENDPOINT_RDS_ENDPOINT("customEndpointRdsEndpoint", "", "custom_endpoint: RDS API endpoint URL instead of the regional one (a VPC endpoint, a local stand-in)."),
    BG_DEPLOYMENT_ID("bgdId", "1", "bg: identifies the blue/green deployment; connections of one deployment share its status. Set it only when one runtime serves several deployments."),
    BG_CONNECT_TIMEOUT_MS("bgConnectTimeoutMs", "30000", "bg: how long a connect or a call to blue or green waits while a switchover is in progress before it goes ahead anyway."),
    BG_SWITCHOVER_TIMEOUT_MS("bgSwitchoverTimeoutMs", "180000", "bg: the longest a switchover may hold traffic, counted from its start; after it holds end even if no completion was seen."),
    BG_BASELINE_MS("bgBaselineMs", "60000", "bg: how often the blue/green status is read while no deployment exists (and after a switchover completed)."),
    BG_INCREASED_MS("bgIncreasedMs", "1000", "bg: how often the blue/green status is read while a deployment exists and no switchover runs."),
    BG_HIGH_MS("bgHighMs", "100", "bg: how often the blue/green status is read while a switchover runs, and after a connection met an error on blue or green."),
    CLUSTER_MBEAN("clusterMBean", "true", "true: the runtime registers one JMX MBean per cluster, dev.aurorajca:type=Cluster with keys name (the cluster id) and runtime (writer, readers, failover counts; no credentials); false: none. The settings that first open a cluster in a runtime decide."),
    CONNECT_TIMEOUT("connectTimeout", "10000", "Connector/J connect timeout in ms for every physical connection (0 = none)."),
    SOCKET_TIMEOUT("socketTimeout", "0", "Connector/J socket timeout in ms (0 = none; host_monitoring_v2 covers hung instances).");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final List<String> aliases;

    AuroraProperty(String key, String defaultValue, String description, String... aliases) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** The canonical (camelCase) name. */
    public String key() { return key; }

    /** The default as text; empty means "none / derived". */
    public String defaultValue() { return defaultValue; }

    public String description() { return description; }

    public List<String> aliases() { return aliases; }

    private static final Map<String, AuroraProperty> BY_NAME;
    static {
        Map<String, AuroraProperty> m = new HashMap<>();
        for (AuroraProperty p : values()) {
            m.put(p.key.toLowerCase(Locale.ROOT), p);
            for (String a : p.aliases) {
                m.put(a.toLowerCase(Locale.ROOT), p);
            }
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    /** Finds a property by its name or an alias, case-insensitively; null if the driver does not own it. */
    public static AuroraProperty lookup(String name) {
        return name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
