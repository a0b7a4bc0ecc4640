package dev.aurorajca.benchmarks.failover;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * aurora-jca with {@code plugins=failover} (unless {@code extra} says otherwise), one runtime for
 * the whole scenario (a warm JVM).
 */
final class OursPeer implements Peer {

    private final DriverRuntime runtime;
    private final Map<String, String> extra;
    private final String name;

    OursPeer(Map<String, String> extra) {
        this("aurora-jca", "bench-failover", extra);
    }

    /** {@code name} in reports; the runtime's threads are named {@code aurora-jca-<runtimeName>-<seq>-N}. */
    OursPeer(String name, String runtimeName, Map<String, String> extra) {
        this.name = name;
        this.runtime = new DriverRuntime(runtimeName);
        this.extra = extra;
    }

    @Override
    public String name() {
        return name;
    }

    DriverRuntime runtime() {
        return runtime;
    }

    @Override
    public String configuration() {
        return "plugins=" + extra.getOrDefault("plugins", "failover")
                + ", defaults (failoverProbeIntervalMs=20, clusterTopologyHighRefreshRateMs=100)"
                + (extra.isEmpty() ? "" : ", " + extra);
    }

    @Override
    public Connection connect(SimCluster cluster) throws SQLException {
        Map<String, String> p = new HashMap<>(Cli.CONNECTOR_J);
        p.put("user", cluster.user());
        p.put("password", cluster.password());
        p.put("plugins", "failover");
        p.put("clusterId", "bench-ours");
        p.put("failoverTimeoutMs", "30000");
        p.putAll(extra);
        return runtime.connect(AuroraSettings.of(cluster.clusterEndpoint().orElseThrow(), cluster.endpointPort(), cluster.database(), p));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
