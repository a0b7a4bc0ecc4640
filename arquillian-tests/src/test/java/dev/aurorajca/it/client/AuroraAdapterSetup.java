package dev.aurorajca.it.client;

import dev.aurorajca.itsupport.client.AdapterProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;

/**
 * Runs on the client JVM before a test class's deployments: makes sure the module's cluster-sim
 * cluster runs, then configures resource adapter {@code aurora} (archive {@code aurora-jca.rar})
 * with a {@code writer} ({@code java:/aurora/writer}) and a {@code reader}
 * ({@code java:/aurora/reader}, {@code ReadOnly=true}) connection definition pointed at the
 * cluster's writer proxy. It also publishes the cluster's node ids as server system properties
 * ({@link ServerFacts}) so in-server tests can check {@code @@server_id}. The rar itself is
 * deployed by Arquillian (or by the test); {@link #tearDown} removes what {@link #setup} added.
 */
public class AuroraAdapterSetup implements ServerSetupTask {

    public static final String MCF = "dev.aurorajca.ra.AuroraManagedConnectionFactory";

    @Override
    public void setup(ManagementClient managementClient, String containerId) throws Exception {
        SimCluster cluster = TestCluster.get();
        ModelControllerClient client = managementClient.getControllerClient();
        // Left over from an aborted run against the same server: start clean.
        removeQuietly(client);
        ModelNode steps = Operations.createCompositeOperation();
        ModelNode ra = Operations.createAddOperation(Mgmt.raAddress());
        ra.get("archive").set(Deployments.RAR_NAME);
        ra.get("transaction-support").set("LocalTransaction");
        ra.get("statistics-enabled").set(true);
        steps.get("steps").add(ra);
        for (Map.Entry<String, Definition> e : definitions(cluster).entrySet()) {
            Definition d = e.getValue();
            ModelNode cd = Operations.createAddOperation(Mgmt.definitionAddress(e.getKey()));
            cd.get("class-name").set(MCF);
            cd.get("jndi-name").set(d.jndiName());
            cd.get("min-pool-size").set(0);
            cd.get("max-pool-size").set(d.maxPoolSize());
            cd.get("flush-strategy").set("FailingConnectionOnly");
            steps.get("steps").add(cd);
            for (Map.Entry<String, String> p : d.properties().entrySet()) {
                ModelNode address = Mgmt.definitionAddress(e.getKey()).clone();
                address.add("config-properties", p.getKey());
                ModelNode prop = Operations.createAddOperation(address);
                prop.get("value").set(p.getValue());
                steps.get("steps").add(prop);
            }
        }
        for (Map.Entry<String, String> p : ServerFacts.of(cluster).entrySet()) {
            ModelNode sp = Operations.createAddOperation(Operations.createAddress("system-property", p.getKey()));
            sp.get("value").set(p.getValue());
            steps.get("steps").add(sp);
        }
        Mgmt.exec(client, steps);
    }

    @Override
    public void tearDown(ManagementClient managementClient, String containerId) throws Exception {
        removeQuietly(managementClient.getControllerClient());
    }

    /** The connection definitions this setup creates: name → definition. */
    protected Map<String, Definition> definitions(SimCluster cluster) {
        Map<String, Definition> defs = new LinkedHashMap<>();
        defs.put("writer", new Definition("java:/aurora/writer", 20, connectionProperties(cluster, false)));
        defs.put("reader", new Definition("java:/aurora/reader", 20, connectionProperties(cluster, true)));
        return defs;
    }

    /** ClusterEndpoint/Port = the writer's proxy; Database/User/Password from cluster-sim. */
    public static Map<String, String> connectionProperties(SimCluster cluster, boolean readOnly) {
        return AdapterProperties.of(cluster, "aurora-it", readOnly);
    }

    private static void removeQuietly(ModelControllerClient client) throws Exception {
        ModelNode remove = Operations.createRemoveOperation(Mgmt.raAddress());
        Mgmt.tryExec(client, remove);
        for (String name : ServerFacts.NAMES) {
            Mgmt.tryExec(client, Operations.createRemoveOperation(Operations.createAddress("system-property", name)));
        }
    }

    /** One connection definition of resource adapter {@code aurora}. */
    public record Definition(String jndiName, int maxPoolSize, Map<String, String> properties) {
    }

    /** Server system properties naming the cluster's node ids, read by in-server tests. */
    public static final class ServerFacts {
        static final List<String> NAMES = List.of("aurora.it.writer-id", "aurora.it.reader-ids", "aurora.it.node-ids");

        static Map<String, String> of(SimCluster cluster) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("aurora.it.writer-id", Integer.toString(cluster.writer().id()));
            m.put("aurora.it.reader-ids", ids(cluster.readers()));
            m.put("aurora.it.node-ids", ids(cluster.nodes()));
            return m;
        }

        private static String ids(List<SimNode> nodes) {
            return nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(","));
        }
    }
}
