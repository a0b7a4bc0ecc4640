package dev.aurorajca.it.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AdapterProperties;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;

/**
 * The shared scenarios' view of the managed WildFly (client JVM), through the management API on
 * {@code 127.0.0.1:10090} (port offset 100, see arquillian.xml). The adapter is what
 * {@code ear-example/server/wildfly/configure-aurora.cli} makes: resource adapter {@code aurora}
 * (archive {@code aurora-jca.rar}, {@code LocalTransaction}, statistics on) with one connection
 * definition per {@link Definition} → {@code java:/aurora/<name>}, {@code min-pool-size=0},
 * {@code flush-strategy=FailingConnectionOnly}; then the rar is deployed under that name. An XA
 * definition goes to a second activation of the same archive, {@code aurora-xa}
 * ({@code XATransaction}): WildFly sets the transaction support per activation.
 */
public final class WildFlyServer implements AppServer {

    public static final String RAR_NAME = "aurora-jca.rar";
    public static final String MCF = "dev.aurorajca.ra.AuroraManagedConnectionFactory";
    static final String DRIVER_DEPLOYMENT = "mysql-connector-j.jar";
    /** The XA pool's resource adapter activation (same archive, XATransaction). */
    static final ModelNode XA_RA = Operations.createAddress("subsystem", "resource-adapters", "resource-adapter", "aurora-xa");
    static final ModelNode NATIVE_DS = Operations.createAddress("subsystem", "datasources", "data-source", "plain");

    @Override
    public String name() {
        return "WildFly " + System.getProperty("version.wildfly", "39");
    }

    @Override
    public String jndi(String definition) {
        return "java:/aurora/" + definition;
    }

    /** The scenarios' WAR, which also sees the driver's classes through the rar's module (checked by RarClassesIT). */
    @Override
    public WebArchive testWar(String name, Class<?>... extra) {
        return AppServer.super.testWar(name, extra)
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: deployment." + RAR_NAME + "\n"));
    }

    @Override
    public void deployAdapter(List<Definition> definitions) throws Exception {
        try (ModelControllerClient client = client()) {
            removeQuietly(client); // left over from an aborted class: start clean
            ModelNode steps = Operations.createCompositeOperation();
            addAdapter(steps, Mgmt.raAddress(), "LocalTransaction", definitions.stream().filter(d -> !d.xa()).toList());
            List<Definition> xa = definitions.stream().filter(Definition::xa).toList();
            if (!xa.isEmpty()) {
                // WildFly chooses the transaction support per resource-adapter activation: the XA
                // pool is a second activation of the same archive.
                addAdapter(steps, XA_RA, "XATransaction", xa);
            }
            Mgmt.exec(client, steps);
            Mgmt.deploy(client, RAR_NAME, rarFile());
        }
    }

    /** Resource adapter {@code address} (archive {@link #RAR_NAME}) with one connection definition per {@code definitions}. */
    private void addAdapter(ModelNode steps, ModelNode address, String transactionSupport, List<Definition> definitions) {
        ModelNode ra = Operations.createAddOperation(address);
        ra.get("archive").set(RAR_NAME);
        ra.get("transaction-support").set(transactionSupport);
        ra.get("statistics-enabled").set(true);
        steps.get("steps").add(ra);
        for (Definition d : definitions) {
            ModelNode cdAddress = address.clone().add("connection-definitions", d.name());
            ModelNode cd = Operations.createAddOperation(cdAddress);
            cd.get("class-name").set(MCF);
            cd.get("jndi-name").set(jndi(d.name()));
            cd.get("min-pool-size").set(0);
            cd.get("max-pool-size").set(d.maxPoolSize());
            cd.get("flush-strategy").set("FailingConnectionOnly");
            steps.get("steps").add(cd);
            for (Map.Entry<String, String> p : d.properties().entrySet()) {
                ModelNode prop = Operations.createAddOperation(cdAddress.clone().add("config-properties", p.getKey()));
                prop.get("value").set(p.getValue());
                steps.get("steps").add(prop);
            }
        }
    }

    @Override
    public void undeployAdapter() throws Exception {
        try (ModelControllerClient client = client()) {
            removeQuietly(client);
        }
    }

    private static void removeQuietly(ModelControllerClient client) throws Exception {
        if (Mgmt.isDeployed(client, RAR_NAME)) {
            Mgmt.undeploy(client, RAR_NAME);
        }
        Mgmt.tryExec(client, Operations.createRemoveOperation(Mgmt.raAddress()));
        Mgmt.tryExec(client, Operations.createRemoveOperation(XA_RA));
    }

    @Override
    public Path serverLog() {
        return jbossHome().resolve("standalone/log/server.log");
    }

    @Override
    public Path measurements() {
        return jbossHome().toAbsolutePath().getParent().resolve("measurements");
    }

    @Override
    public Map<String, String> poolStatistics(String definition) throws Exception {
        try (ModelControllerClient client = client()) {
            return Mgmt.poolStatistics(client, definition);
        }
    }

    /** IronJacamar's "Destroying connection that could not be validated" (checkout validation). */
    @Override
    public String destroyedAtCheckoutMarker() {
        return "IJ000621";
    }

    /** mysql-connector-j deployed as a JDBC driver and a datasource {@code java:/plain/writer} at the writer proxy. */
    @Override
    public String deployNativeDataSource(SimCluster cluster, int maxPoolSize) throws Exception {
        removeNativeDataSource();
        try (ModelControllerClient client = client()) {
            Path jar = Path.of(com.mysql.cj.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Mgmt.deploy(client, DRIVER_DEPLOYMENT, jar);
            ModelNode add = Operations.createAddOperation(NATIVE_DS);
            add.get("jndi-name").set("java:/plain/writer");
            add.get("driver-name").set(DRIVER_DEPLOYMENT);
            // The address the adapter is given (the cluster endpoint), so both cross the same cluster-sim relays.
            add.get("connection-url").set("jdbc:mysql://" + AdapterProperties.writerEndpointHost(cluster) + ":"
                    + AdapterProperties.writerEndpointPort(cluster) + "/" + cluster.database()
                    + "?sslMode=DISABLED&connectTimeout=5000");
            add.get("user-name").set(cluster.user());
            add.get("password").set(cluster.password());
            add.get("min-pool-size").set(0);
            add.get("max-pool-size").set(maxPoolSize);
            // Like the adapter's activation (addAdapter): pool statistics on both sides of a comparison.
            add.get("statistics-enabled").set(true);
            Mgmt.exec(client, add);
        }
        return "java:/plain/writer";
    }

    @Override
    public void removeNativeDataSource() throws Exception {
        try (ModelControllerClient client = client()) {
            Mgmt.tryExec(client, Operations.createRemoveOperation(NATIVE_DS));
            if (Mgmt.isDeployed(client, DRIVER_DEPLOYMENT)) {
                Mgmt.undeploy(client, DRIVER_DEPLOYMENT);
            }
        }
    }

    static ModelControllerClient client() throws IOException {
        return ModelControllerClient.Factory.create("remote+http", "127.0.0.1", 10090);
    }

    static Path jbossHome() {
        String p = System.getProperty("jboss.home");
        if (p == null) {
            throw new IllegalStateException("system property jboss.home is not set: run the tests through Maven "
                    + "(mvn -pl arquillian-tests -am verify), which unpacks WildFly to target/");
        }
        return Path.of(p);
    }

    /** The rar built by rar-packaging, as copied to target/deployments by this module's build. */
    static Path rarFile() {
        String p = System.getProperty("aurora.rar");
        if (p == null) {
            throw new IllegalStateException("system property aurora.rar is not set: run the tests through Maven "
                    + "(mvn -pl arquillian-tests -am verify), which copies the rar to target/deployments");
        }
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the resource adapter archive " + file + " is missing: build it with "
                    + "`mvn -pl arquillian-tests -am verify` (or `mvn -pl rar-packaging -am install` first)");
        }
        return file;
    }
}
