package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.config.PluginCode;
import jakarta.resource.ResourceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Factory configuration: frozen settings, equality, validation messages")
@org.junit.jupiter.api.Tag("unit")
class FactoryConfigurationTest {

    private static AuroraManagedConnectionFactory valid() {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint("mydb.cluster-abc123.us-east-1.rds.amazonaws.com");
        f.setUser("app");
        f.setPassword("s3cret-pw");
        return f;
    }

    /** A valid value different from {@link #valid()}'s, per config property: the test fails when the table grows without it. */
    private static final Map<AdapterProperty, Object> DISTINCT = new EnumMap<>(Map.ofEntries(
            Map.entry(AdapterProperty.CLUSTER_ENDPOINT, "other.cluster-abc123.us-east-1.rds.amazonaws.com"),
            Map.entry(AdapterProperty.PORT, 3307),
            Map.entry(AdapterProperty.DATABASE, "shop"),
            Map.entry(AdapterProperty.USER, "bob"),
            Map.entry(AdapterProperty.PASSWORD, "other-pw"),
            Map.entry(AdapterProperty.PLUGINS, "failover"),
            Map.entry(AdapterProperty.READ_ONLY, Boolean.TRUE),
            Map.entry(AdapterProperty.READER_HOST_SELECTOR_STRATEGY, "round_robin"),
            Map.entry(AdapterProperty.FAILOVER_MODE, "strict-reader"),
            Map.entry(AdapterProperty.FAILOVER_TIMEOUT_MS, 4242L),
            Map.entry(AdapterProperty.CLUSTER_ID, "other-cluster"),
            Map.entry(AdapterProperty.CLUSTER_INSTANCE_HOST_PATTERN, "?.abc123.us-east-1.rds.amazonaws.com:3307"),
            Map.entry(AdapterProperty.DIALECT, "mysql"),
            Map.entry(AdapterProperty.CLUSTER_TOPOLOGY_REFRESH_RATE_MS, 4242L),
            Map.entry(AdapterProperty.FAILURE_DETECTION_TIME, 4242L),
            Map.entry(AdapterProperty.FAILURE_DETECTION_INTERVAL, 4242L),
            Map.entry(AdapterProperty.FAILURE_DETECTION_COUNT, 7),
            Map.entry(AdapterProperty.IAM_REGION, "eu-west-2"),
            Map.entry(AdapterProperty.IAM_HOST, "iam.example"),
            Map.entry(AdapterProperty.SECRETS_MANAGER_SECRET_ID, "my-secret"),
            Map.entry(AdapterProperty.SECRETS_MANAGER_REGION, "eu-west-2"),
            Map.entry(AdapterProperty.CONNECT_TIMEOUT, 4242),
            Map.entry(AdapterProperty.SOCKET_TIMEOUT, 4242),
            Map.entry(AdapterProperty.DRIVER_PROPERTIES, "useSSL=false")));

    private static Method setter(AdapterProperty p) throws NoSuchMethodException {
        return AuroraManagedConnectionFactory.class.getMethod("set" + p.beanName(), p.type());
    }

    @Test
    @DisplayName("equals/hashCode: a different valid value of any config property (from the table) makes the factories differ")
    void equalityCoversEveryProperty() throws Exception {
        assertEquals(EnumSet.allOf(AdapterProperty.class), DISTINCT.keySet(), "a distinct value per config property");
        for (AdapterProperty p : AdapterProperty.values()) {
            AuroraManagedConnectionFactory a = valid();
            AuroraManagedConnectionFactory b = valid();
            assertEquals(a, b);
            Object v = DISTINCT.get(p);
            setter(p).invoke(b, v);
            b.settings(); // valid: the frozen settings differ, not a rejection
            assertNotEquals(a, b, p.beanName() + " must take part in equals");
            assertNotEquals(a.hashCode(), b.hashCode(), p.beanName() + " must take part in hashCode");
            setter(p).invoke(a, v);
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
        }
    }

    @Test
    @DisplayName("equality is over the frozen settings: DriverProperties order, spacing and an explicit default do not matter")
    void equalityOverFrozenSettings() {
        AuroraManagedConnectionFactory a = valid();
        AuroraManagedConnectionFactory b = valid();
        a.setDriverProperties("useSSL=false;cachePrepStmts=true");
        b.setDriverProperties(" cachePrepStmts=true ; useSSL=false;");
        a.setPort(null);
        b.setPort(3306); // the default, given explicitly
        a.setReadOnly(null);
        b.setReadOnly(false);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setDriverProperties("cachePrepStmts=true;useSSL=true");
        assertNotEquals(a, b);
    }

    @Test
    @DisplayName("rejected configurations: equal only when their raw values are; comparing factories logs nothing")
    void equalityOfRejectedConfigurations() {
        List<String> logged = new ArrayList<>();
        Handler h = recorder(logged);
        RaLog.LOG.addHandler(h);
        try {
            AuroraManagedConnectionFactory a = valid();
            AuroraManagedConnectionFactory b = valid();
            a.setPlugins("bogus");
            b.setPlugins("bogus");
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            b.setPlugins("bogus2");
            assertNotEquals(a, b);
            assertNotEquals(valid(), a);
            assertEquals(List.of(), logged, "a server comparing factories is no use of the configuration");
        } finally {
            RaLog.LOG.removeHandler(h);
        }
    }

    @Test
    @DisplayName("the table maps driver names in errors to config properties; DriverProperties otherwise")
    void beanNames() {
        assertEquals("ClusterEndpoint", AuroraManagedConnectionFactory.beanNameFor("host"));
        assertEquals("Database", AuroraManagedConnectionFactory.beanNameFor("database"));
        assertEquals("FailoverTimeoutMs", AuroraManagedConnectionFactory.beanNameFor("failoverTimeoutMs"));
        assertEquals("Plugins", AuroraManagedConnectionFactory.beanNameFor("wrapperPlugins"));
        assertEquals("DriverProperties (monitorDisposalTime)", AuroraManagedConnectionFactory.beanNameFor("monitorDisposalTime"));
        assertEquals("DriverProperties", AuroraManagedConnectionFactory.beanNameFor(null));
    }

    @Test
    @DisplayName("settings are validated once and cached; a setter invalidates the cache")
    void settingsCached() throws Exception {
        AuroraManagedConnectionFactory f = valid();
        AuroraSettings first = f.settings();
        assertSame(first, f.settings());
        f.setReadOnly(true);
        AuroraSettings second = f.settings();
        assertNotSame(first, second);
        assertTrue(second.readOnly());
        assertEquals(FailoverMode.READER_OR_WRITER, second.failoverMode());
    }

    @Test
    @DisplayName("bean properties map to the driver's names; defaults give failover + host_monitoring_v2 on port 3306")
    void mapping() throws Exception {
        AuroraManagedConnectionFactory f = valid();
        AuroraSettings d = f.settings();
        assertEquals(3306, d.port());
        assertEquals(List.of(PluginCode.FAILOVER, PluginCode.HOST_MONITORING), d.plugins());
        assertFalse(d.readOnly());
        assertEquals("app", d.user());

        f.setPort(3307);
        f.setDatabase("shop");
        f.setFailoverTimeoutMs(1234L);
        f.setFailureDetectionCount(7);
        f.setClusterTopologyRefreshRateMs(500L);
        f.setConnectTimeout(2500);
        f.setDriverProperties("useSSL=false; roundRobinHostWeightPairs=instance-1:2 ;");
        AuroraSettings s = f.settings();
        assertEquals(3307, s.port());
        assertEquals("shop", s.database());
        assertEquals(1234L, s.failoverTimeoutMs());
        assertEquals(7, s.failureDetectionCount());
        assertEquals(500L, s.topologyRefreshMs());
        assertEquals(2500, s.connectTimeoutMs());
        assertEquals("false", s.targetProperties().get("useSSL"));
        assertEquals(2, s.hostWeights().get("instance-1"));
    }

    @Test
    @DisplayName("a bad Port names Port, the value and the allowed range")
    void badPort() {
        AuroraManagedConnectionFactory f = valid();
        f.setPort(70000);
        String m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.startsWith("AJCA0201"), m);
        assertTrue(m.contains("config property Port") && m.contains("70000") && m.contains("65535"), m);
    }

    @Test
    @DisplayName("a bad Plugins names Plugins, the value and the accepted codes; SQLState 22023 as the error code")
    void badPlugins() {
        AuroraManagedConnectionFactory f = valid();
        f.setPlugins("failover,bogus");
        ResourceException e = assertThrows(ResourceException.class, f::settings);
        String m = e.getMessage();
        assertTrue(m.contains("config property Plugins") && m.contains("failover,bogus") && m.contains("host_monitoring_v2"), m);
        assertEquals("22023", e.getErrorCode());
        assertFalse(m.contains("s3cret-pw"));
    }

    @Test
    @DisplayName("a bad numeric or enum value names its bean property (FailureDetectionCount, ReaderHostSelectorStrategy, Dialect)")
    void otherBadValues() {
        AuroraManagedConnectionFactory f = valid();
        f.setFailureDetectionCount(0);
        assertTrue(assertThrows(ResourceException.class, f::settings).getMessage().contains("config property FailureDetectionCount"));
        f = valid();
        f.setReaderHostSelectorStrategy("fastest");
        assertTrue(assertThrows(ResourceException.class, f::settings).getMessage().contains("config property ReaderHostSelectorStrategy"));
        f = valid();
        f.setDialect("postgres");
        assertTrue(assertThrows(ResourceException.class, f::settings).getMessage().contains("config property Dialect"));
    }

    @Test
    @DisplayName("a ClusterEndpoint with URL syntax is refused naming ClusterEndpoint; a Database with '?' stays one database name")
    void noUrlInjection() throws Exception {
        AuroraManagedConnectionFactory f = valid();
        f.setClusterEndpoint("mydb.example?allowLoadLocalInfile=true");
        String m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("config property ClusterEndpoint") && m.contains("'mydb.example?allowLoadLocalInfile=true'")
                && m.contains("DNS host name"), m);
        f = valid();
        f.setDatabase("app?allowLoadLocalInfile=true");
        AuroraSettings s = f.settings();
        assertEquals("app?allowLoadLocalInfile=true", s.targetProperties().get("dbname"));
        assertEquals("jdbc:mysql://" + s.host() + ":3306/", s.targetUrl(s.host(), s.port()));
        f.setDatabase("x".repeat(65));
        m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("config property Database") && m.contains("64 characters"), m);
    }

    @Test
    @DisplayName("a missing ClusterEndpoint is named")
    void missingEndpoint() {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        String m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("ClusterEndpoint") && m.contains("required"), m);
    }

    @Test
    @DisplayName("DriverProperties: syntax errors, duplicates and keys with their own property are named; secrets hidden")
    void driverPropertiesSyntax() {
        AuroraManagedConnectionFactory f = valid();
        f.setDriverProperties("useSSL=true;cachePrepStmts");
        String m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("config property DriverProperties") && m.contains("key=value"), m);

        f.setDriverProperties("plugins=iam");
        m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("own config property Plugins"), m);

        f.setDriverProperties("useSSL=true;useSSL=false");
        assertTrue(assertThrows(ResourceException.class, f::settings).getMessage().contains("given twice"));

        f.setDriverProperties("password=hunter2;trustCertificateKeyStorePassword=hunter3;x");
        m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertFalse(m.contains("hunter2") || m.contains("hunter3"), m);
        assertTrue(m.contains("Password"), m);
    }

    @Test
    @DisplayName("a rejection for a pass-through driver property names DriverProperties and the key")
    void passThroughRejection() {
        AuroraManagedConnectionFactory f = valid();
        f.setDriverProperties("roundRobinHostWeightPairs=nonsense");
        String m = assertThrows(ResourceException.class, f::settings).getMessage();
        assertTrue(m.contains("DriverProperties (roundRobinHostWeightPairs)"), m);
    }

    @Test
    @DisplayName("the password never appears in messages, logs or toString")
    void passwordNeverShown() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler h = recorder(logged);
        RaLog.LOG.addHandler(h);
        try {
            AuroraManagedConnectionFactory f = valid();
            f.setPlugins("bogus");
            assertThrows(ResourceException.class, f::settings);
            assertFalse(logged.isEmpty(), "the rejection is logged for the operator");
            assertTrue(logged.get(0).contains("Plugins"));
            for (String line : logged) {
                assertFalse(line.contains("s3cret-pw"), line);
            }
            assertFalse(f.toString().contains("s3cret-pw"));
            f.setPlugins("failover");
            assertFalse(f.settings().toString().contains("s3cret-pw"));
        } finally {
            RaLog.LOG.removeHandler(h);
        }
    }

    private static Handler recorder(List<String> logged) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
    }

    @Test
    @DisplayName("the factory is Serializable and stays equal after a round trip")
    void serializable() throws Exception {
        AuroraManagedConnectionFactory f = valid();
        f.setReadOnly(true);
        f.settings();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            AuroraManagedConnectionFactory copy = (AuroraManagedConnectionFactory) in.readObject();
            assertEquals(f, copy);
            assertTrue(copy.settings().readOnly());
        }
    }
}
