package dev.aurorajca.itsupport.client;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The adapter's config properties for one connection definition on a cluster-sim cluster, whatever the server. */
public final class AdapterProperties {

    private AdapterProperties() { }

    /**
     * ClusterEndpoint/Port = the cluster endpoint's name on an Aurora-mode cluster (the dialect
     * is detected: aurora-mysql), else the writer's proxy with the Multi-AZ dialect;
     * Database/User/Password from cluster-sim, and the role. Callers add what their server needs.
     */
    public static Map<String, String> of(SimCluster cluster, String clusterId, boolean readOnly) {
        SimNode writer = cluster.writer();
        Map<String, String> p = new LinkedHashMap<>();
        if (cluster.isAurora()) {
            p.put("ClusterEndpoint", cluster.clusterEndpoint().orElseThrow());
            p.put("Port", Integer.toString(cluster.endpointPort()));
        } else {
            p.put("ClusterEndpoint", writer.host());
            p.put("Port", Integer.toString(writer.port()));
        }
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
