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
import java.util.List;
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

    /** Config properties: public setters with one java.lang parameter. */
    private static List<Method> configSetters() {
        List<Method> out = new ArrayList<>();
        for (Method m : AuroraManagedConnectionFactory.class.getMethods()) {
            if (m.getName().startsWith("set") && m.getParameterCount() == 1 && m.getParameterTypes()[0].getName().startsWith("java.lang.")) {
                out.add(m);
            }
        }
        return out;
    }

    private static Object distinctValue(Class<?> type) {
        if (type == String.class) {
            return "distinct-value";
        }
        if (type == Integer.class) {
            return 4242;
        }
        if (type == Long.class) {
            return 4242L;
        }
        if (type == Boolean.class) {
            return Boolean.TRUE;
        }
        throw new AssertionError("unexpected config property type " + type);
    }

    @Test
    @DisplayName("equals/hashCode cover every config property (found by reflection over the setters), role included")
    void equalityCoversEveryProperty() throws Exception {
        List<Method> setters = configSetters();
        assertEquals(24, setters.size(), "config properties: " + setters.stream().map(Method::getName).toList());
        for (Method setter : setters) {
            AuroraManagedConnectionFactory a = valid();
            AuroraManagedConnectionFactory b = valid();
            assertEquals(a, b);
            Object v = distinctValue(setter.getParameterTypes()[0]);
            setter.invoke(b, v);
            assertNotEquals(a, b, setter.getName() + " must take part in equals");
            assertNotEquals(a.hashCode(), b.hashCode(), setter.getName() + " must take part in hashCode");
            setter.invoke(a, v);
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
        }
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
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
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
