package dev.aurorajca.driver.custom;

import dev.aurorajca.driver.aws.AwsSdk;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.CustomEndpointSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.config.PluginCode;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's custom endpoint monitors, one per endpoint, region, RDS endpoint, credential
 * source and refresh rate; closed with the runtime. Also the questions the rest of the driver
 * asks about a configuration's custom endpoint (members, failover mode), answered without
 * touching the SDK when the plugin is not configured.
 */
public final class CustomEndpoints implements AutoCloseable {

    /** Makes a fetcher for a monitor; the SDK one by default. */
    @FunctionalInterface
    interface FetcherFactory {
        EndpointInfoFetcher create(CustomEndpointSettings s, String awsProfile) throws SQLException;
    }

    private record Key(String endpointId, String region, String rdsEndpoint, String credentials, long refreshRateMs) { }

    private final PluginRuntime runtime;
    private final FetcherFactory factory;
    private final Map<Key, CustomEndpointMonitor> monitors = new ConcurrentHashMap<>();

    CustomEndpoints(PluginRuntime runtime, FetcherFactory factory) {
        this.runtime = runtime;
        this.factory = factory;
    }

    static CustomEndpoints of(PluginRuntime runtime) {
        return runtime.service(CustomEndpoints.class, r -> new CustomEndpoints(r, (s, profile) -> {
            AwsSdk.require(CustomEndpoints.class.getClassLoader(), "custom_endpoint", SdkEndpointInfoFetcher.ARTIFACT,
                    SdkEndpointInfoFetcher.REQUIRED);
            return SdkEndpointInfoFetcher.create(s, profile);
        }));
    }

    /** The monitor for these settings' endpoint, started on first use. */
    CustomEndpointMonitor monitor(AuroraSettings settings) throws SQLException {
        CustomEndpointSettings s = settings.customEndpoint();
        Key k = new Key(s.endpointId(), s.region(), s.rdsEndpoint() == null ? "" : s.rdsEndpoint().toString(),
                AwsSdk.credentialSource(settings.awsProfile()), s.refreshRateMs());
        CustomEndpointMonitor m = monitors.get(k);
        if (m != null) {
            return m;
        }
        synchronized (monitors) {
            m = monitors.get(k);
            if (m == null) {
                m = new CustomEndpointMonitor(s.endpointId(), s.refreshRateMs(), runtime.scheduler(), factory.create(s, settings.awsProfile()));
                monitors.put(k, m);
            }
            return m;
        }
    }

    private static boolean applies(AuroraSettings settings) {
        return settings.hasPlugin(PluginCode.CUSTOM_ENDPOINT) && settings.customEndpoint().active();
    }

    /** The custom endpoint's description for these settings, or null (plugin off, not known yet). */
    public static CustomEndpointInfo info(PluginRuntime runtime, AuroraSettings settings) {
        if (!applies(settings)) {
            return null;
        }
        try {
            return of(runtime).monitor(settings).info();
        } catch (SQLException e) {
            return null;
        }
    }

    /** {@code hosts} without the instances outside the settings' custom endpoint (all of them when it does not apply). */
    public static List<HostSpec> members(PluginRuntime runtime, AuroraSettings settings, List<HostSpec> hosts) {
        CustomEndpointInfo info = info(runtime, settings);
        if (info == null) {
            return hosts;
        }
        List<HostSpec> out = new ArrayList<>(hosts.size());
        for (HostSpec h : hosts) {
            if (h.instanceId().isEmpty() || info.isMember(h.instanceId())) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * The failover mode of a connection with these settings: {@code failoverMode} when set, else
     * the custom endpoint's (READER: strict-reader, ANY: reader-or-writer) once known, else the
     * usual default.
     */
    public static FailoverMode failoverMode(PluginRuntime runtime, AuroraSettings settings) {
        if (settings.failoverModeSet()) {
            return settings.failoverMode();
        }
        CustomEndpointInfo info = info(runtime, settings);
        return info == null ? settings.failoverMode() : info.defaultFailoverMode();
    }

    @Override
    public void close() {
        synchronized (monitors) {
            monitors.values().forEach(CustomEndpointMonitor::close);
            monitors.clear();
        }
    }
}
