package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.bg.BlueGreenPlugin;
import dev.aurorajca.driver.custom.CustomEndpointPlugin;
import dev.aurorajca.driver.failover.FailoverPlugin;
import dev.aurorajca.driver.iam.IamAuthPlugin;
import dev.aurorajca.driver.monitoring.HostMonitoringPlugin;
import dev.aurorajca.driver.readwrite.ReadWriteSplittingPlugin;
import dev.aurorajca.driver.secrets.SecretsManagerPlugin;

/** Maps a plugin code to its implementation; exhaustive, so a new code cannot be silently ignored. */
final class PluginFactories {

    private PluginFactories() { }

    static ConnectionPlugin create(PluginCode code, DriverRuntime runtime, AuroraSettings settings) {
        return switch (code) {
            case CUSTOM_ENDPOINT -> new CustomEndpointPlugin(runtime, settings);
            case BLUE_GREEN -> new BlueGreenPlugin(runtime, settings);
            case READ_WRITE_SPLITTING -> new ReadWriteSplittingPlugin(runtime, settings);
            case FAILOVER -> new FailoverPlugin(runtime, settings);
            case HOST_MONITORING -> new HostMonitoringPlugin(runtime, settings);
            case AWS_SECRETS_MANAGER -> new SecretsManagerPlugin(runtime, settings);
            case IAM -> new IamAuthPlugin(runtime, settings);
        };
    }
}
