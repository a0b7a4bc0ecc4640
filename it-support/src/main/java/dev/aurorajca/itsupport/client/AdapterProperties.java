package dev.aurorajca.itsupport.client;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The adapter's config properties for one connection definition on a cluster-sim cluster, whatever the server. */
public final class AdapterProperties {

    private AdapterProperties() { }

    /**
     * ClusterEndpoint/Port = the writer's proxy, Database/User/Password from cluster-sim, the
     * Multi-AZ dialect cluster-sim imitates, and the role. Callers add what their server needs.
     */
    public static Map<String, String> of(SimCluster cluster, String clusterId, boolean readOnly) {
        SimNode writer = cluster.writer();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ClusterEndpoint", writer.host());
        p.put("Port", Integer.toString(writer.port()));
        p.put("Database", cluster.database());
        p.put("User", cluster.user());
        p.put("Password", cluster.password());
        p.put("Dialect", "rds-multi-az-mysql");
        p.put("ClusterId", clusterId);
        p.put("ConnectTimeout", "5000");
        p.put("ReadOnly", Boolean.toString(readOnly));
        return p;
    }
}
