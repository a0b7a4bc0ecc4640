package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.failover.FailoverPlugin;

/** Maps a plugin code to its implementation. */
final class PluginFactories {

    private PluginFactories() { }

    static ConnectionPlugin create(PluginCode code, DriverRuntime runtime, AuroraSettings settings) {
        switch (code) {
            case FAILOVER:
                return new FailoverPlugin(runtime, settings);
            case HOST_MONITORING:
                return new dev.aurorajca.driver.monitoring.HostMonitoringPlugin(runtime, settings);
            case IAM:
                return new dev.aurorajca.driver.iam.IamAuthPlugin(runtime, settings);
            default:
                return null;
        }
    }
}
