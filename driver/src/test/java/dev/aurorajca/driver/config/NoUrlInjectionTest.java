package dev.aurorajca.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No configured value can add Connector/J URL parameters: what the driver hands Connector/J
 * (URL + properties) is parsed here by Connector/J's own URL parser, the one a connect uses.
 */
@DisplayName("no configured value can add Connector/J URL parameters")
@org.junit.jupiter.api.Tag("unit")
class NoUrlInjectionTest {

    private static final String ENDPOINT = "mydb.cluster-abc123.us-east-1.rds.amazonaws.com";

    /** What Connector/J makes of one physical connect of {@code s} to {@code host}. */
    private static HostInfo asConnectorJSeesIt(AuroraSettings s, String host) throws Exception {
        Properties props = s.targetProperties(s.user(), s.password());
        return ConnectionUrl.getConnectionUrlInstance(s.targetUrl(host, 3306), props).getMainHost();
    }

    @Test
    @DisplayName("a Database with '?' and parameters stays one database name; no Connector/J property appears")
    void databaseCannotAddParameters() throws Exception {
        AuroraSettings s = AuroraSettings.of(ENDPOINT, 3306, "app?allowLoadLocalInfile=true&autoDeserialize=true", Map.of());
        HostInfo h = asConnectorJSeesIt(s, ENDPOINT);
        assertEquals("app?allowLoadLocalInfile=true&autoDeserialize=true", h.getDatabase());
        assertNull(h.getHostProperties().get("allowLoadLocalInfile"));
        assertNull(h.getHostProperties().get("autoDeserialize"));
        assertFalse(s.targetUrl(ENDPOINT, 3306).contains("app"), "the database is not in the URL");
    }

    @Test
    @DisplayName("a Database with '/' '#' ',' or spaces reaches Connector/J unchanged")
    void databaseWithUrlCharacters() throws Exception {
        for (String db : new String[] {"my db", "a/b", "x#y", "s,t", "ünïcödé", "100%"}) {
            assertEquals(db, asConnectorJSeesIt(AuroraSettings.of(ENDPOINT, 3306, db, Map.of()), ENDPOINT).getDatabase(), db);
        }
    }

    @Test
    @DisplayName("the URL path is percent-decoded as Connector/J decoded it, and stays a name")
    void urlPathDecoded() throws Exception {
        AuroraSettings s = AuroraSettings.parse("jdbc:aurora:mysql://" + ENDPOINT + ":3306/my%20db%3Fx%3D1?useSSL=false", null);
        assertEquals("my db?x=1", s.database());
        HostInfo h = asConnectorJSeesIt(s, ENDPOINT);
        assertEquals("my db?x=1", h.getDatabase());
        assertNull(h.getHostProperties().get("x"));
        assertEquals("false", h.getHostProperties().get("useSSL"), "the query string is still where properties go");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AuroraSettings.parse("jdbc:aurora:mysql://" + ENDPOINT + "/bad%zz", null));
        assertEquals("url", e.property());
    }

    @Test
    @DisplayName("no database: no dbname property, Connector/J connects without a default schema")
    void noDatabase() throws Exception {
        AuroraSettings s = AuroraSettings.of(ENDPOINT, 3306, "", Map.of());
        assertFalse(s.targetProperties().containsKey("dbname"));
        assertEquals("", asConnectorJSeesIt(s, ENDPOINT).getDatabase());
    }

    @Test
    @DisplayName("a Database too long or with control characters is refused with property, value and what is allowed")
    void badDatabase() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AuroraSettings.of(ENDPOINT, 3306, "x".repeat(65), Map.of()));
        assertEquals("database", e.property());
        assertTrue(e.getMessage().contains("64 characters"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> AuroraSettings.of(ENDPOINT, 3306, "app\nDROP", Map.of()));
        assertEquals("app\\u000aDROP", e.value(), "control characters escaped in the message");
    }

    @Test
    @DisplayName("a dbname property beside the database is refused: one place per setting")
    void dbnamePassThroughRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AuroraSettings.of(ENDPOINT, 3306, "app", Map.of("dbName", "other")));
        assertEquals("dbname", e.property());
        assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("URL path"), e.getMessage());
    }

    @ParameterizedTest(name = "host \"{0}\" is refused")
    @ValueSource(strings = {"db?allowLoadLocalInfile=true", "db&autoDeserialize=true", "db/other", "db#frag", "a,b",
        "user@db", "db:3307", "db name", "(host=db)", "[::1", "[::1%eth0]", "-db", "db..example", ".", "%64b"})
    @DisplayName("a configured host with URL syntax is refused with property 'host', the value and what is allowed")
    void badConfiguredHost(String host) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AuroraSettings.of(host, 3306, "app", Map.of()));
        assertEquals("host", e.property());
        assertEquals(host, e.value());
        assertTrue(e.allowed().contains("DNS host name"), e.allowed());
    }

    @ParameterizedTest(name = "host \"{0}\" is accepted")
    @ValueSource(strings = {ENDPOINT, "127.0.0.1", "localhost", "[::1]", "[2001:db8::10]", "db_1.internal", "instance-1.",
        "EXAMPLE.com"})
    @DisplayName("host names, IPv4 and bracketed IPv6 addresses are accepted and reach Connector/J as the host")
    void goodHosts(String host) throws Exception {
        AuroraSettings s = AuroraSettings.of(host, 3306, "app", Map.of("clusterInstanceHostPattern", "?.x.example"));
        HostInfo h = asConnectorJSeesIt(s, host);
        assertEquals(3306, h.getPort());
        assertEquals("app", h.getDatabase());
    }

    @Test
    @DisplayName("the URL form refuses a host with URL syntax too")
    void badHostInUrl() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AuroraSettings.parse("jdbc:aurora:mysql://db&allowLoadLocalInfile=true:3306/app", null));
        assertEquals("host", e.property());
    }

    @Test
    @DisplayName("targetUrl itself refuses a host that would add URL syntax, whatever produced it")
    void targetUrlChecksEveryHost() throws Exception {
        AuroraSettings s = AuroraSettings.of(ENDPOINT, 3306, "app", Map.of());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> s.targetUrl("instance-1?allowLoadLocalInfile=true", 3306));
        assertEquals("host", e.property());
        assertThrows(InvalidSettingException.class, () -> s.targetUrl("instance-1", 0));
        assertEquals("jdbc:mysql://instance-1:3306/", s.targetUrl("instance-1", 3306));
    }

    @Test
    @DisplayName("a clusterInstanceHostPattern that would add URL syntax is refused")
    void badHostPattern() {
        for (String pattern : new String[] {"?.abc.example&allowLoadLocalInfile=true", "?.abc.example/x", "?.abc example"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> HostPattern.parse(pattern), pattern);
            assertEquals("clusterInstanceHostPattern", e.property());
            assertTrue(e.getMessage().contains(pattern), e.getMessage());
        }
    }

    @Test
    @DisplayName("HostNames.shown escapes control characters and shortens long values")
    void shown() {
        assertEquals("a\\u000db", HostNames.shown("a\rb"));
        assertTrue(HostNames.shown("x".repeat(500)).endsWith("...(500 characters)"));
        assertEquals("null", HostNames.shown(null));
    }
}
