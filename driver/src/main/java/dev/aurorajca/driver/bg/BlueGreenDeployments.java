package dev.aurorajca.driver.bg;

import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's blue/green deployments, one per {@code bgdId} and cluster, shared by every
 * configuration that names them; closed (monitors stopped, connections closed) with the runtime.
 */
final class BlueGreenDeployments implements AutoCloseable {

    private final PluginRuntime runtime;
    private final Map<String, BgDeployment> deployments = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private BlueGreenDeployments(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    static BlueGreenDeployments of(PluginRuntime runtime) {
        return runtime.service(BlueGreenDeployments.class, BlueGreenDeployments::new);
    }

    /** The deployment these settings belong to, its monitors started on first use. */
    BgDeployment deployment(AuroraSettings settings) {
        String key = settings.blueGreen().deploymentId() + "@" + settings.clusterId();
        BgDeployment d = deployments.get(key);
        if (d != null) {
            return d;
        }
        synchronized (deployments) {
            d = deployments.get(key);
            if (d == null) {
                if (closed) {
                    throw new IllegalStateException("aurora-jca runtime " + runtime.name() + " is closed");
                }
                d = new BgDeployment(key, runtime, settings, runtime.pipeline(settings), runtime.clock()::nanoTime);
                deployments.put(key, d);
                d.start();
            }
            return d;
        }
    }

    @Override
    public void close() {
        synchronized (deployments) {
            closed = true;
            deployments.values().forEach(BgDeployment::close);
            deployments.clear();
        }
    }
}
