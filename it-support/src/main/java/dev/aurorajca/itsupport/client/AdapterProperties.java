package dev.aurorajca.itsupport.client;

import dev.aurorajca.clustersim.SimCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** The adapter's config properties for one connection definition on a cluster-sim cluster, whatever the server. */
public final class AdapterProperties {

    private AdapterProperties() { }

    /**
     * Where an application is told to connect for the writer: the cluster endpoint in Aurora mode
     * (in cluster-sim a relay in front of the writer's own proxy), else the writer's proxy. A
     * native datasource that a benchmark compares with the adapter uses the same address, so both
     * pay the same relays.
     */
    public static String writerEndpointHost(SimCluster cluster) {
        return cluster.isAurora() ? cluster.clusterEndpoint().orElseThrow() : cluster.writer().host();
    }

    /** The port of {@link #writerEndpointHost(SimCluster)}. */
    public static int writerEndpointPort(SimCluster cluster) {
        return cluster.isAurora() ? cluster.endpointPort() : cluster.writer().port();
    }

    /**
     * ClusterEndpoint/Port = the cluster endpoint's name on an Aurora-mode cluster (the dialect
     * is detected: aurora-mysql), else the writer's proxy with the Multi-AZ dialect;
     * Database/User/Password from cluster-sim, and the role. Callers add what their server needs.
     */
    public static Map<String, String> of(SimCluster cluster, String clusterId, boolean readOnly) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ClusterEndpoint", writerEndpointHost(cluster));
        p.put("Port", Integer.toString(writerEndpointPort(cluster)));
        p.put("Database", cluster.database());
        p.put("User", cluster.user());
        p.put("Password", cluster.password());
        if (!cluster.isAurora()) {
            p.put("Dialect", "rds-multi-az-mysql");
        }
        p.put("ClusterId", clusterId);
        p.put("ConnectTimeout", "5000");
        p.put("ReadOnly", Boolean.toString(readOnly));
        return p;
    }
}
