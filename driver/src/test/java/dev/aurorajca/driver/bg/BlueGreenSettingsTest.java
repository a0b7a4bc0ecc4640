package dev.aurorajca.driver.bg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.BlueGreenSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.config.PluginCode;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bg properties: defaults, aliases, and errors that name the property, the value and what is allowed. */
@Tag("unit")
@DisplayName("bg settings")
class BlueGreenSettingsTest {

    private static AuroraSettings parse(String query) throws InvalidSettingException {
        return AuroraSettings.parse("jdbc:aurora:mysql://" + BgFixture.BLUE_CLUSTER + ":3306/app?" + query, new Properties());
    }

    @Test
    @DisplayName("bg and blue_green name the plugin; defaults are the AWS wrapper's")
    void defaults() throws Exception {
        AuroraSettings s = parse("plugins=blue_green,failover");
        assertTrue(s.hasPlugin(PluginCode.BLUE_GREEN));
        assertEquals(s.plugins(), parse("plugins=failover,bg").plugins(), "ordered by weight whatever the order written");
        assertEquals(PluginCode.BLUE_GREEN, s.plugins().get(0), "bg sits outside failover");
        BlueGreenSettings bg = s.blueGreen();
        assertEquals("1", bg.deploymentId());
        assertEquals(30_000, bg.connectTimeoutMs());
        assertEquals(180_000, bg.switchoverTimeoutMs());
        assertEquals(60_000, bg.baselineMs());
        assertEquals(1000, bg.increasedMs());
        assertEquals(100, bg.highMs());
    }

    @Test
    @DisplayName("a bad value names the property, the value and the range")
    void badValues() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parse("plugins=bg&bgConnectTimeoutMs=soon"));
        assertTrue(e.getMessage().contains("bgConnectTimeoutMs") && e.getMessage().contains("soon") && e.getMessage().contains("0 to 3600000"),
                e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> parse("plugins=bg&bgSwitchoverTimeoutMs=10"));
        assertTrue(e.getMessage().contains("bgSwitchoverTimeoutMs") && e.getMessage().contains("1000"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> parse("plugins=bg&bgHighMs=5000&bgIncreasedMs=1000"));
        assertTrue(e.getMessage().contains("bgHighMs") && e.getMessage().contains("bgIncreasedMs"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> parse("plugins=bg&bgdId=a b"));
        assertTrue(e.getMessage().contains("bgdId"), e.getMessage());
    }
}
