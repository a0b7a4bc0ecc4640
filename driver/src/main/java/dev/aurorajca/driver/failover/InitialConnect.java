package dev.aurorajca.driver.failover;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ClusterService;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.HostConnection;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The default choice of a logical connection's first physical connection, inside every plugin's
 * {@code openInitial} hook: the URL's endpoint, which also teaches the cluster its dialect and
 * topology; for a read-only configuration, a verified reader once the topology is known. Which
 * instance the endpoint led to, and whether it takes writes, is learnt in the same round trip
 * (the failover plugin goes on to the writer when it led to a reader).
 */
public final class InitialConnect {

    private InitialConnect() { }

    public static HostConnection open(ConnectionContext ctx) throws SQLException {
        AuroraSettings settings = ctx.settings();
        ClusterService cluster = ctx.cluster();
        HostSpec endpoint = HostSpec.endpoint(settings.host(), settings.port());

        // Topology known: go straight to where this connection belongs.
        if (settings.readOnly() && cluster.topology() != null && !cluster.topology().readers().isEmpty()) {
            HostConnection t = Routing.connectVerifiedReader(ctx, ConnectRequest.Purpose.READER);
            if (t != null) {
                return t;
            }
        }
        Connection c = ctx.connect(ConnectRequest.of(endpoint, ConnectRequest.Purpose.INITIAL, settings));
        try {
            cluster.initialize(c);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(c);
            throw e;
        }
        Topology topo = cluster.topology();
        Dialect d = cluster.dialect();
        HostSpec h = endpoint;
        boolean readOnlyInstance = false;
        if (d != null && d.hasTopology() && !settings.readOnly()) {
            // Which instance did the endpoint lead to, and does it take writes? One round trip.
            Dialect.InstanceState st;
            try {
                st = d.identify(c);
            } catch (SQLException | RuntimeException e) {
                Jdbc.closeQuietly(c);
                throw e;
            }
            readOnlyInstance = st.readOnly();
            HostSpec instance = topo == null ? null : topo.findById(st.instanceId());
            if (instance != null) {
                h = instance;
            }
        }
        if (settings.readOnly() && topo != null && !topo.readers().isEmpty()) {
            HostConnection t = Routing.connectVerifiedReader(ctx, ConnectRequest.Purpose.READER);
            if (t != null) {
                Jdbc.closeQuietly(c);
                return t;
            }
        }
        return new HostConnection(c, h, readOnlyInstance);
    }
}
