package dev.aurorajca.driver.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.CustomEndpointSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.config.PluginCode;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("custom_endpoint settings, membership rules and failover mode defaults")
@org.junit.jupiter.api.Tag("unit")
class CustomEndpointSettingsTest {

    private static final String HOST = "reporting.cluster-custom-abc123def.eu-west-2.rds.amazonaws.com";

    private static AuroraSettings parse(String host, String... kv) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("plugins", "customEndpoint,failover");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return AuroraSettings.of(host, 3306, "app", p);
    }

    private static void rejected(String property, String value, String allowedPart, String... kv) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parse(HOST, kv));
        assertEquals(property, e.property(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(allowedPart), e.getMessage());
    }

    @Test
    @DisplayName("the alias customEndpoint, the endpoint id and region from the host, defaults")
    void defaults() throws SQLException {
        AuroraSettings s = parse(HOST);
        assertTrue(s.hasPlugin(PluginCode.CUSTOM_ENDPOINT));
        CustomEndpointSettings c = s.customEndpoint();
        assertEquals("reporting", c.endpointId());
        assertEquals("eu-west-2", c.region());
        assertNull(c.rdsEndpoint());
        assertEquals(30_000, c.refreshRateMs());
        assertTrue(c.waitForInfo());
        assertEquals(5_000, c.waitTimeoutMs());
        assertFalse(s.failoverModeSet());
        assertEquals("us-east-1", parse(HOST, "customEndpointRegion", "us-east-1").customEndpoint().region());
    }

    @Test
    @DisplayName("a host that is not a custom endpoint leaves the plugin inactive")
    void inactiveElsewhere() throws SQLException {
        assertFalse(parse("sim.cluster-abc123def.eu-west-2.rds.amazonaws.com").customEndpoint().active());
        assertFalse(parse("db.example.com").customEndpoint().active());
    }

    @Test
    @DisplayName("every bad value is refused naming the property, the value and what is allowed")
    void badValues() {
        rejected("customEndpointInfoRefreshRateMs", "soon", "an integer from 10 to 3600000", "customEndpointInfoRefreshRateMs", "soon");
        rejected("customEndpointInfoRefreshRateMs", "5", "an integer from 10 to 3600000", "customEndpointInfoRefreshRateMs", "5");
        rejected("waitForCustomEndpointInfo", "maybe", "true or false", "waitForCustomEndpointInfo", "maybe");
        rejected("waitForCustomEndpointInfoTimeoutMs", "0", "an integer from 1 to 600000", "waitForCustomEndpointInfoTimeoutMs", "0");
        rejected("customEndpointRegion", "Mars-1", "an AWS region code", "customEndpointRegion", "Mars-1");
        rejected("customEndpointRdsEndpoint", "ftp://rds.local", "an http or https URL", "customEndpointRdsEndpoint", "ftp://rds.local");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> parse("reporting.cluster-custom-abc.local.rds.amazonaws.com"));
        assertEquals("customEndpointRegion", e.property());
        assertTrue(e.getMessage().contains("reporting.cluster-custom-abc.local.rds.amazonaws.com"), e.getMessage());
    }

    @Test
    @DisplayName("membership: static members when listed, else everything but the excluded")
    void membership() {
        CustomEndpointInfo stat = new CustomEndpointInfo("r", "reader", Set.of("instance-2"), Set.of());
        assertTrue(stat.isMember("instance-2"));
        assertFalse(stat.isMember("instance-3"));
        assertEquals("READER", stat.type());
        assertEquals(FailoverMode.STRICT_READER, stat.defaultFailoverMode());
        CustomEndpointInfo excl = new CustomEndpointInfo("a", "ANY", Set.of(), Set.of("instance-2"));
        assertFalse(excl.isMember("instance-2"));
        assertTrue(excl.isMember("instance-9"));
        assertEquals(FailoverMode.READER_OR_WRITER, excl.defaultFailoverMode());
        assertEquals(List.of(), List.copyOf(excl.staticMembers()));
    }
}
