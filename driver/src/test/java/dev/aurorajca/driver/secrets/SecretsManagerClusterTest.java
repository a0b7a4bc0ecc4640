package dev.aurorajca.driver.secrets;

import static dev.aurorajca.driver.ClusterTestSupport.await;
import static dev.aurorajca.driver.ClusterTestSupport.driverThreads;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.clustersim.aws.SecretsManagerStub;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.AuroraDriver;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aws_secrets_manager plugin with the real AWS SDK against {@link SecretsManagerStub} (a local
 * endpoint speaking the Secrets Manager JSON protocol) and a real 2-node MariaDB cluster.
 *
 * <p>The database account {@code sm_app} is created on every node with {@code sql_log_bin=0}
 * (like cluster-sim's own user), and rotated the same way: each node's password changes at once.
 * No test configures a user or password: every login comes from the secret. Every password any
 * test uses is remembered, and after each test no captured log record (the driver's loggers at
 * FINEST) and no exception chain a test saw may contain one.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 2)
@DisplayName("aws_secrets_manager against a local Secrets Manager endpoint and a real cluster")
@TestMethodOrder(MethodOrderer.MethodName.class) // the failover test runs last: it leaves a node to restart
@org.junit.jupiter.api.Tag("cluster")
class SecretsManagerClusterTest {

    private static final String USER = "sm_app";
    private static final String REGION = "us-east-1";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static SecretsManagerStub stub;
    private static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
    private static final List<LogRecord> LOGS = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            LOGS.add(r);
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    private static final Logger DRIVER_LOG = Logger.getLogger("dev.aurorajca");
    private static Level previousLevel;

    private DriverRuntime runtime;
    private final List<Throwable> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStub() throws IOException {
        stub = SecretsManagerStub.start();
        // The SDK default chain reads these first: static test credentials for the stub.
        System.setProperty("aws.accessKeyId", stub.accessKeyId());
        System.setProperty("aws.secretAccessKey", stub.secretAccessKey());
        previousLevel = DRIVER_LOG.getLevel();
        DRIVER_LOG.setLevel(Level.ALL);
        CAPTURE.setLevel(Level.ALL);
        DRIVER_LOG.addHandler(CAPTURE);
    }

    @AfterAll
    static void stopStub() {
        DRIVER_LOG.removeHandler(CAPTURE);
        DRIVER_LOG.setLevel(previousLevel);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (stub != null) {
            stub.close();
        }
    }

    @BeforeEach
    void start(SimCluster cluster) throws SQLException, IOException {
        cluster.healAll();
        stub.up();
        LOGS.clear();
        runtime = new DriverRuntime("secrets-test");
    }

    @AfterEach
    void stop() {
        runtime.close();
        assertTrue(driverThreads().stream().noneMatch(n -> n.contains(runtime.name())), "threads left: " + driverThreads());
        for (LogRecord r : LOGS) {
            String text = r.getMessage() + (r.getThrown() == null ? "" : " " + chain(r.getThrown()));
            for (String p : PASSWORDS) {
                assertFalse(text.contains(p), () -> "a log record contains a password: " + r.getLoggerName() + " " + r.getLevel());
            }
        }
        for (Throwable t : seen) {
            String text = chain(t);
            for (String p : PASSWORDS) {
                assertFalse(text.contains(p), "an exception chain contains a password: " + t.getClass().getName());
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String newPassword() {
        String p = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-" + SEQ.incrementAndGet();
        PASSWORDS.add(p);
        return p;
    }

    private static String newSecretName() {
        return "aurora-jca/test/db-" + SEQ.incrementAndGet();
    }

    /** Every message, toString, cause, suppressed and next exception of {@code t}, with stack traces. */
    private static String chain(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        StringBuilder sb = new StringBuilder(w.toString());
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof SQLException s && s.getNextException() != null) {
                sb.append(chain(s.getNextException()));
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return sb.toString();
    }

    /** Creates (or resets) sm_app with {@code password} on every node, unreplicated. */
    private static void setDbPassword(SimCluster cluster, String password) throws SQLException {
        String account = "'" + USER + "'@'%'";
        for (SimNode node : cluster.nodes()) {
            if (!node.isRunning()) {
                continue;
            }
            try (Connection c = cluster.adminConnection(node.id()); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin=0");
                st.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "'");
                st.execute("ALTER USER " + account + " IDENTIFIED BY '" + password + "'");
                st.execute("GRANT ALL ON `" + cluster.database() + "`.* TO " + account);
                st.execute("GRANT SELECT ON mysql.* TO " + account);
                st.execute("GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO " + account);
            }
        }
    }

    private Map<String, String> smProps(SimCluster cluster, String secret, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put("plugins", "failover,aws_secrets_manager");
        p.put("secretsManagerSecretId", secret);
        p.put("secretsManagerEndpoint", stub.endpoint().toString());
        p.put("secretsManagerRegion", REGION);
        p.put("clusterId", "sm-sim-" + cluster.dir().getFileName());
        p.put("connectTimeout", "2000");
        p.put("failoverTimeoutMs", "20000");
        p.putAll(extra);
        return p;
    }

    private AuroraSettings settings(SimCluster cluster, String secret, Map<String, String> extra) throws SQLException {
        return AuroraSettings.of(cluster.writer().host(), cluster.writer().port(), cluster.database(), smProps(cluster, secret, extra));
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private <T extends Throwable> T remember(T t) {
        seen.add(t);
        return t;
    }

    private static List<LogRecord> logsContaining(Level level, String text) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : LOGS) {
            if (r.getLevel().equals(level) && r.getMessage() != null && r.getMessage().contains(text)) {
                out.add(r);
            }
        }
        return out;
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    @DisplayName("a plain JDBC client (DriverManager, no user or password) logs in with the secret; 5 connections cost 1 fetch")
    void a_plainJdbcClientLogsInWithTheSecret(SimCluster cluster) throws SQLException {
        String password = newPassword();
        setDbPassword(cluster, password);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, password);
        String url = AuroraSettings.URL_PREFIX + cluster.writer().host() + ":" + cluster.writer().port() + "/" + cluster.database()
                + "?plugins=failover,aws_secrets_manager"
                + "&secretsManagerSecretId=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + "&secretsManagerEndpoint=" + URLEncoder.encode(stub.endpoint().toString(), StandardCharsets.UTF_8)
                + "&secretsManagerRegion=" + REGION
                + "&clusterId=sm-plain-" + cluster.dir().getFileName();
        assertFalse(url.contains("user=") || url.contains("password="));
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Connection c = DriverManager.getConnection(url);
                open.add(c);
                assertEquals(USER + "@%", currentUser(c));
                assertEquals(cluster.writer().id(), serverId(c));
            }
            assertEquals(1, stub.getSecretValueCount(secret), "5 connections, one GetSecretValue");
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }

        String missing = "aurora-jca/test/no-such-secret-" + SEQ.incrementAndGet();
        String missingUrl = url.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), URLEncoder.encode(missing, StandardCharsets.UTF_8));
        SQLException e = remember(assertThrows(SQLException.class, () -> DriverManager.getConnection(missingUrl).close()));
        assertTrue(chain(e).contains("secretsManagerSecretId") && chain(e).contains(missing), () -> chain(e));
    }

    @Test
    @DisplayName("every physical connection gets the secret: initial, reader, probe and monitoring connections")
    void b_everyConnectionPurpose(SimCluster cluster) throws SQLException {
        String password = newPassword();
        setDbPassword(cluster, password);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, password);
        AuroraSettings s = settings(cluster, secret, Map.of("plugins", "failover,host_monitoring_v2,aws_secrets_manager"));
        assertEquals(null, s.user());
        assertEquals(null, s.password());
        for (SimNode node : cluster.nodes()) {
            for (ConnectRequest.Purpose purpose : ConnectRequest.Purpose.values()) {
                ConnectRequest req = ConnectRequest.of(HostSpec.endpoint(node.host(), node.port()), purpose, s);
                try (Connection c = runtime.pipeline(s).connect(req)) {
                    assertEquals(USER + "@%", currentUser(c), purpose + " at node " + node.id());
                    assertEquals(node.id(), serverId(c));
                }
                assertEquals(null, req.properties().getProperty("password"), "no password left in the request");
            }
        }
        AuroraSettings reader = settings(cluster, secret, Map.of("readOnly", "true"));
        try (AuroraConnection c = runtime.connect(reader)) {
            assertEquals(USER + "@%", currentUser(c));
            assertNotEquals(cluster.writer().id(), serverId(c), "a reader connection");
        }
        assertEquals(1, stub.getSecretValueCount(secret), "one fetch for every configuration of the runtime using the secret");
    }

    @Test
    @DisplayName("missing secret: the error names secretsManagerSecretId and the id")
    void c_missingSecret(SimCluster cluster) throws SQLException {
        String missing = "aurora-jca/test/missing-" + SEQ.incrementAndGet();
        SQLException e = remember(assertThrows(SQLException.class, () -> runtime.connect(settings(cluster, missing, Map.of())).close()));
        String text = chain(e);
        assertTrue(text.contains("secretsManagerSecretId"), text);
        assertTrue(text.contains("'" + missing + "'"), text);
        assertEquals(1, stub.getSecretValueCount(missing));
    }

    @Test
    @DisplayName("malformed secret: a missing key is named with the property that sets it; non-JSON text is never echoed")
    void d_malformedSecret(SimCluster cluster) throws SQLException {
        String noPassword = newSecretName();
        stub.putSecret(noPassword, "{\"username\":\"" + USER + "\",\"host\":\"db\"}");
        SQLException e1 = remember(assertThrows(SQLException.class, () -> runtime.connect(settings(cluster, noPassword, Map.of())).close()));
        assertTrue(chain(e1).contains("'password'") && chain(e1).contains("secretsManagerSecretPasswordProperty"), () -> chain(e1));
        assertTrue(chain(e1).contains("[host, username]"), () -> chain(e1));

        String custom = newSecretName();
        String password = newPassword();
        stub.putSecret(custom, "{\"login\":\"" + USER + "\",\"pw\":\"" + password + "\"}");
        SQLException e2 = remember(assertThrows(SQLException.class, () -> runtime.connect(settings(cluster, custom, Map.of())).close()));
        assertTrue(chain(e2).contains("'username'") && chain(e2).contains("secretsManagerSecretUsernameProperty"), () -> chain(e2));
        setDbPassword(cluster, password);
        try (AuroraConnection c = runtime.connect(settings(cluster, custom,
                Map.of("secretsManagerSecretUsernameProperty", "login", "secretsManagerSecretPasswordProperty", "pw")))) {
            assertEquals(USER + "@%", currentUser(c), "other JSON keys through the two properties");
        }

        String notJson = newSecretName();
        String secretText = "user=" + USER + ";pass=" + newPassword();
        PASSWORDS.add(secretText);
        stub.putSecret(notJson, secretText);
        SQLException e3 = remember(assertThrows(SQLException.class, () -> runtime.connect(settings(cluster, notJson, Map.of())).close()));
        assertTrue(chain(e3).contains("not a JSON object"), () -> chain(e3));
    }

    @Test
    @DisplayName("a wrong password in the secret: 1045 after one fresh read, and the password is nowhere in the error")
    void e_wrongPassword(SimCluster cluster) throws SQLException {
        setDbPassword(cluster, newPassword());
        String secret = newSecretName();
        stub.putCredentials(secret, USER, newPassword());
        SQLException e = remember(assertThrows(SQLException.class, () -> runtime.connect(settings(cluster, secret,
                Map.of("enableConnectFailover", "false"))).close()));
        String text = chain(e);
        assertTrue(text.contains("1045") || hasCode(e, 1045), text);
        assertTrue(text.contains("secretsManagerConnectRetryTimeoutMs"), text);
        assertEquals(2, stub.getSecretValueCount(secret), "the first read, and one that bypassed the cache after the refusal");
    }

    private static boolean hasCode(SQLException e, int code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }

    /** Opens, uses and closes connections on {@code threads} threads until stopped; records every failure. */
    private final class Traffic implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger ok = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Thread> workers = new ArrayList<>();

        Traffic(AuroraSettings s, int threads) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try (AuroraConnection c = runtime.connect(s)) {
                            assertEquals(USER + "@%", currentUser(c));
                            ok.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(remember(e));
                        }
                    }
                }, "secrets-test-traffic-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
        }

        void awaitMore(int n) {
            int target = ok.get() + n;
            await(n + " more successful connections", Duration.ofSeconds(60), () -> ok.get() >= target || !failures.isEmpty());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : workers) {
                t.join(30_000);
                assertFalse(t.isAlive(), "traffic thread did not stop");
            }
        }
    }

    @Test
    @DisplayName("rotation during traffic, secret first: the refused login reads the secret again and retries once; nothing fails")
    void f_rotationSecretFirst(SimCluster cluster) throws Exception {
        String old = newPassword();
        setDbPassword(cluster, old);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, old);
        AuroraSettings s = settings(cluster, secret, Map.of());
        try (Traffic traffic = new Traffic(s, 3)) {
            traffic.awaitMore(20);
            String fresh = newPassword();
            stub.putCredentials(secret, USER, fresh);    // the rotation's "create/finish" steps
            traffic.awaitMore(10);                       // still the cached (old) value: the database agrees
            setDbPassword(cluster, fresh);               // the database changes: cached logins are refused once
            traffic.awaitMore(30);
            traffic.close();
            assertEquals(List.of(), traffic.failures, "no connection failed");
        }
        assertTrue(stub.getSecretValueCount(secret) >= 2, "read again after the refusal");
        assertEquals(1, logsContaining(Level.INFO, "changed (version").size(), "the change is logged once at INFO: " + LOGS.size());
    }

    @Test
    @DisplayName("rotation during traffic, database first: secretsManagerConnectRetryTimeoutMs rides out the window; nothing fails")
    void g_rotationDatabaseFirst(SimCluster cluster) throws Exception {
        String old = newPassword();
        setDbPassword(cluster, old);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, old);
        AuroraSettings s = settings(cluster, secret, Map.of("secretsManagerConnectRetryTimeoutMs", "30000"));
        try (Traffic traffic = new Traffic(s, 3)) {
            traffic.awaitMore(20);
            int before = stub.getSecretValueCount(secret);
            String fresh = newPassword();
            setDbPassword(cluster, fresh);               // the database changes first: every login is refused ...
            await("a refused login read the secret again", Duration.ofSeconds(30), () -> stub.getSecretValueCount(secret) > before + 1);
            stub.putCredentials(secret, USER, fresh);    // ... until the secret follows
            traffic.awaitMore(30);
            traffic.close();
            assertEquals(List.of(), traffic.failures, "no connection failed");
        }
        assertEquals(1, logsContaining(Level.INFO, "changed (version").size(), "the change is logged once at INFO");
    }

    @Test
    @DisplayName("Secrets Manager down with a warm cache: connections keep working past expiry; the refresh recovers when it is back")
    void h_endpointDownWithWarmCache(SimCluster cluster) throws Exception {
        String password = newPassword();
        setDbPassword(cluster, password);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, password);
        AuroraSettings s = settings(cluster, secret, Map.of("secretsManagerExpirationTimeSec", "1"));
        try (AuroraConnection c = runtime.connect(s)) {
            assertEquals(USER + "@%", currentUser(c));
        }
        stub.down();
        await("a failed background refresh is logged", Duration.ofSeconds(30),
                () -> !logsContaining(Level.WARNING, "could not refresh").isEmpty());
        long expiredAt = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        await("the cached value expired", Duration.ofSeconds(5), () -> System.nanoTime() > expiredAt);
        for (int i = 0; i < 5; i++) {
            try (AuroraConnection c = runtime.connect(s)) {
                assertEquals(USER + "@%", currentUser(c), "logged in with the cached secret while the endpoint is down");
            }
        }
        assertEquals(1, logsContaining(Level.WARNING, "could not refresh").size(), "the outage is logged once");
        int before = stub.getSecretValueCount(secret);
        stub.up();
        await("the background refresh reads the secret again", Duration.ofSeconds(90), () -> stub.getSecretValueCount(secret) > before);
        await("the recovery is logged", Duration.ofSeconds(10), () -> !logsContaining(Level.INFO, "again after").isEmpty());
    }

    @Test
    @DisplayName("plugins=failover,aws_secrets_manager: after a failover the moved and new connections log in with the secret")
    void z_failover(SimCluster cluster) throws SQLException {
        String password = newPassword();
        setDbPassword(cluster, password);
        String secret = newSecretName();
        stub.putCredentials(secret, USER, password);
        AuroraSettings s = settings(cluster, secret, Map.of());
        try (AuroraConnection c = runtime.connect(s)) {
            assertEquals(cluster.writer().id(), serverId(c));
            FailoverResult f = cluster.failover();
            SQLException e = remember(assertThrows(SQLException.class, () -> serverId(c)));
            assertTrue(e instanceof FailoverSuccessSQLException, () -> "expected 08S02, got " + chain(e));
            assertEquals(f.newWriterId(), serverId(c));
            assertEquals(USER + "@%", currentUser(c));
            try (AuroraConnection fresh = runtime.connect(s)) {
                assertEquals(f.newWriterId(), serverId(fresh));
            }
        } catch (SQLException e) {
            remember(e);
            fail(chain(e));
        }
        assertEquals(1, stub.getSecretValueCount(secret), "failover logins came from the cache");
    }

    @AfterAll
    static void releaseDefaultRuntime() {
        AuroraDriver.releaseResources(); // the DriverManager test used the driver's default runtime
    }
}
