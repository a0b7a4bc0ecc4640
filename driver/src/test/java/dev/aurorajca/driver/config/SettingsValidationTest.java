package dev.aurorajca.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("settings: parsed once, validated, with messages that name property, value and what is allowed")
@org.junit.jupiter.api.Tag("unit")
class SettingsValidationTest {

    private static AuroraSettings parse(String url, String... kv) throws InvalidSettingException {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return AuroraSettings.parse(url, p);
    }

    @Test
    void urlAndQueryString() throws Exception {
        AuroraSettings s = parse("jdbc:aurora:mysql://db.cluster-abc.us-east-1.rds.amazonaws.com:3307/app?plugins=failover&useSSL=false",
                "user", "u", "password", "secret");
        assertEquals("db.cluster-abc.us-east-1.rds.amazonaws.com", s.host());
        assertEquals(3307, s.port());
        assertEquals("app", s.database());
        assertEquals(List.of(PluginCode.FAILOVER), s.plugins());
        assertEquals("false", s.targetProperties().get("useSSL"), "unknown properties pass through to Connector/J");
        assertEquals("db.cluster-abc.us-east-1.rds.amazonaws.com:3307", s.clusterId(), "cluster id derived from the endpoint");
        assertFalse(s.toString().contains("secret"), "toString never shows the password: " + s);
    }

    @Test
    @DisplayName("plugins are ordered by weight, not by the order typed; aliases are accepted")
    void pluginOrderAndAliases() throws Exception {
        AuroraSettings s = parse("jdbc:aurora:mysql://h/db", "wrapperPlugins", "iam,efm2,failover2,readWriteSplitting");
        assertEquals(List.of(PluginCode.READ_WRITE_SPLITTING, PluginCode.FAILOVER, PluginCode.HOST_MONITORING, PluginCode.IAM), s.plugins());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "plugins|failover,bogus|unknown code 'bogus'",
        "failoverMode|sideways|strict-writer, strict-reader, reader-or-writer",
        "failoverTimeoutMs|-5|an integer from 0",
        "readerHostSelectorStrategy|fastest|least_connections",
        "clusterInstanceHostPattern|no-question-mark.example.com|exactly one '?'",
        "clusterInstanceHostPattern|?.x.com:99999|exactly one '?'",
        "dialect|postgres|aurora-mysql, rds-multi-az-mysql, mysql",
        "readOnly|maybe|true or false",
        "connectTimeout|ten|an integer from 0",
        "roundRobinHostWeightPairs|a:0|host:weight pairs",
        "failureDetectionCount|0|an integer from 1",
    })
    void badValuesAreRejectedClearly(String property, String value, String allowedFragment) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parse("jdbc:aurora:mysql://h:3306/db", property, value));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("'" + property + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains(allowedFragment), e.getMessage());
        assertEquals(property, e.property());
    }

    @Test
    void badUrls() {
        assertThrows(InvalidSettingException.class, () -> parse("jdbc:mysql://h/db"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parse("jdbc:aurora:mysql://h:notaport/db"));
        assertTrue(e.getMessage().contains("h:notaport"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> parse("jdbc:aurora:mysql://a,b/db"));
    }

    @Test
    void failoverModeDefaultsFollowReadOnly() throws Exception {
        assertEquals(FailoverMode.STRICT_WRITER, parse("jdbc:aurora:mysql://h/db").failoverMode());
        assertEquals(FailoverMode.READER_OR_WRITER, parse("jdbc:aurora:mysql://h/db", "read_only", "true").failoverMode());
    }

    @Test
    @DisplayName("equality covers every value, the password included; two clusters never share an id")
    void equality() throws Exception {
        AuroraSettings a = AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p1"));
        assertEquals(a, AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p1")));
        assertEquals(a.hashCode(), AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p1")).hashCode());
        assertNotEquals(a, AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p2")));
        assertNotEquals(a, AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p1", "readOnly", "true")));
        assertNotEquals(a, AuroraSettings.of("h", 3306, "db", Map.of("user", "u", "password", "p1", "useSSL", "false")));
        assertNotEquals(a.clusterId(), AuroraSettings.of("h2", 3306, "db", Map.of()).clusterId());
        assertNotEquals(a.clusterId(), AuroraSettings.of("h", 3307, "db", Map.of()).clusterId());
    }

    @Test
    void monitoringOverridesAreSeparated() throws Exception {
        AuroraSettings s = parse("jdbc:aurora:mysql://h/db", "monitoring-connectTimeout", "500", "socketTimeout", "0");
        assertEquals("500", s.monitoringProperties().get("connectTimeout"));
        assertEquals("0", s.targetProperties().get("socketTimeout"));
        assertFalse(s.targetProperties().containsKey("monitoring-connectTimeout"));
    }
}
