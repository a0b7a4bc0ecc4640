package dev.aurorajca.driver.registry;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.custom.CustomEndpointPlugin;
import dev.aurorajca.driver.failover.FailoverPlugin;
import dev.aurorajca.driver.iam.IamAuthPlugin;
import dev.aurorajca.driver.monitoring.HostMonitoringPlugin;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.readwrite.ReadWriteSplittingPlugin;
import dev.aurorajca.driver.secrets.SecretsManagerPlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a plugin code ({@link PluginCode}: the codes and aliases a user types, in weight order) to
 * its implementation; exhaustive, so a new code cannot be silently ignored. The one class that
 * knows every plugin: it sits above them all, so no plugin package depends on another through it.
 */
public final class PluginFactories {

    private PluginFactories() { }

    public static ConnectionPlugin create(PluginCode code, PluginRuntime runtime, AuroraSettings settings) {
        return switch (code) {
            case CUSTOM_ENDPOINT -> new CustomEndpointPlugin(runtime, settings);
            case READ_WRITE_SPLITTING -> new ReadWriteSplittingPlugin(runtime, settings);
            case FAILOVER -> new FailoverPlugin(runtime, settings);
            case HOST_MONITORING -> new HostMonitoringPlugin(runtime, settings);
            case AWS_SECRETS_MANAGER -> new SecretsManagerPlugin(runtime, settings);
            case IAM -> new IamAuthPlugin(runtime, settings);
        };
    }

    /** The pipeline of the plugins the settings name, outermost first. */
    public static PluginPipeline pipeline(PluginRuntime runtime, AuroraSettings settings) {
        List<ConnectionPlugin> list = new ArrayList<>();
        for (PluginCode code : settings.plugins()) { // already in weight order
            list.add(create(code, runtime, settings));
        }
        return new PluginPipeline(runtime.target(), list);
    }
}
