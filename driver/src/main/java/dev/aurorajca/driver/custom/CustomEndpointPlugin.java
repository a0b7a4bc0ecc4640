package dev.aurorajca.driver.custom;

import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.PluginRuntime;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * The {@code custom_endpoint} plugin (alias {@code customEndpoint}). When the URL host is an
 * Aurora custom endpoint ({@code <name>.cluster-custom-<id>.<region>.rds.amazonaws.com}):
 * <ul>
 *   <li>its members come from RDS {@code DescribeDBClusterEndpoints}, read by one monitor per
 *       endpoint in the runtime every {@code customEndpointInfoRefreshRateMs} (backing off on
 *       throttling); static members, else every instance but the excluded ones;</li>
 *   <li>the first connect waits up to {@code waitForCustomEndpointInfoTimeoutMs} for them
 *       ({@code waitForCustomEndpointInfo});</li>
 *   <li>reader choice (read-only connections, read/write splitting) and failover consider only
 *       members: the cluster's reader pick drops non-members, and any connect to a non-member
 *       instance (reader, failover, or the writer an explicit strict-writer connection looks for)
 *       is refused here as unreachable so the caller moves on;</li>
 *   <li>without {@code failoverMode}, a READER endpoint's connections fail over strict-reader and
 *       an ANY endpoint's reader-or-writer.</li>
 * </ul>
 * With any other URL host the plugin does nothing. Probe and monitoring connections (topology,
 * writer search, host monitoring) are never restricted.
 */
public final class CustomEndpointPlugin implements ConnectionPlugin {

    private final PluginRuntime runtime;
    private final AuroraSettings settings;

    public CustomEndpointPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public boolean subscribes(Method method) {
        return false;
    }

    @Override
    public Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        if (!settings.customEndpoint().active()) {
            return next.connect(req);
        }
        ConnectRequest.Purpose purpose = req.purpose();
        if (purpose == ConnectRequest.Purpose.PROBE || purpose == ConnectRequest.Purpose.MONITORING) {
            return next.connect(req);
        }
        CustomEndpointMonitor m = CustomEndpoints.of(runtime).monitor(settings);
        CustomEndpointInfo info = m.info();
        if (info == null && settings.customEndpoint().waitForInfo()) {
            try {
                info = m.await(settings.customEndpoint().waitTimeoutMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLNonTransientConnectionException("aurora-jca custom_endpoint: interrupted while waiting for the members of "
                        + settings.customEndpoint().endpointId(), "08001", e);
            }
            if (info == null) {
                SQLException last = m.lastError();
                SQLNonTransientConnectionException e = new SQLNonTransientConnectionException("aurora-jca custom_endpoint: the members of "
                        + "custom endpoint '" + settings.customEndpoint().endpointId() + "' were not known within "
                        + AuroraProperty.WAIT_FOR_CUSTOM_ENDPOINT_INFO_TIMEOUT_MS.key() + "=" + settings.customEndpoint().waitTimeoutMs()
                        + (last == null ? "" : "; last DescribeDBClusterEndpoints error: " + last.getMessage()), "08001", last);
                throw e;
            }
        }
        String id = req.host().instanceId();
        if (info != null && !id.isEmpty() && !info.isMember(id)) {
            // Unreachable as far as this configuration is concerned: Routing moves on to the next candidate.
            throw new SQLException("aurora-jca custom_endpoint: instance " + id + " is not a member of custom endpoint '"
                    + info.endpointId() + "'", "08001");
        }
        return next.connect(req);
    }

    @Override
    public String toString() {
        return "custom_endpoint" + (settings.customEndpoint().active() ? "[" + settings.customEndpoint().endpointId() + "]" : "[inactive]");
    }
}
