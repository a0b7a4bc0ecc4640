package dev.aurorajca.itp.client;

import dev.aurorajca.itsupport.client.AdapterProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.aurorajca.clustersim.SimCluster;

/**
 * The Payara side of the adapter, made with asadmin (client JVM): the rar deployed standalone as
 * {@code aurora-jca}, a writer and a reader connector connection pool of its
 * {@code javax.sql.DataSource} connection definition pointed at cluster-sim's writer proxy, the
 * connector resources {@code jdbc/aurora/writer} and {@code jdbc/aurora/reader}
 * ({@code ReadOnly=true}), and a {@code ping-connection-pool} of both. {@link #tearDown()} removes
 * it all in reverse order.
 */
public final class AuroraResources {

    public static final String RA_NAME = "aurora-jca";
    public static final String WRITER_POOL = "aurora-writer-pool";
    public static final String READER_POOL = "aurora-reader-pool";
    public static final String WRITER_JNDI = "jdbc/aurora/writer";
    public static final String READER_JNDI = "jdbc/aurora/reader";
    /** A DriverProperties value with '=', ':' and quotes, to prove asadmin's {@code \:} escaping reaches the adapter intact. */
    public static final String WRITER_DRIVER_PROPERTIES = "sessionVariables=time_zone='+01:00'";

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Something of ours may be configured in the domain (set before setUp, cleared after a clean tearDown). */
    private static boolean maybeConfigured = true; // the domain in target/ outlives runs: check once per run

    private AuroraResources() {
    }

    /** The rar built by rar-packaging, as copied to target/deployments by this module's build. */
    public static Path rarFile() {
        String p = System.getProperty("aurora.rar");
        if (p == null) {
            throw new IllegalStateException("system property aurora.rar is not set: run the tests through Maven "
                    + "(mvn -f arquillian-tests-payara/pom.xml verify), which copies the rar to target/deployments");
        }
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the resource adapter archive " + file + " is missing: install it with "
                    + "`mvn -pl rar-packaging -am install -DskipTests`, then rerun this module");
        }
        return file;
    }

    /** Connector-pool properties (the MCF's config properties) for one role. */
    public static Map<String, String> properties(SimCluster cluster, boolean readOnly) {
        Map<String, String> p = AdapterProperties.of(cluster, "aurora-itp", readOnly);
        if (!readOnly) {
            p.put("DriverProperties", WRITER_DRIVER_PROPERTIES);
        }
        return p;
    }

    /** Deploys the rar and creates both pools and resources; fails with asadmin's output if any step fails. */
    public static synchronized void setUp(SimCluster cluster) throws IOException, InterruptedException {
        if (maybeConfigured) {
            removeQuietly();
        }
        maybeConfigured = true;
        List<String> cmds = new ArrayList<>();
        cmds.add("deploy --type rar --name " + RA_NAME + " " + rarFile().toAbsolutePath());
        cmds.add(pool(WRITER_POOL, properties(cluster, false)));
        cmds.add("create-connector-resource --poolname " + WRITER_POOL + " " + WRITER_JNDI);
        cmds.add(pool(READER_POOL, properties(cluster, true)));
        cmds.add("create-connector-resource --poolname " + READER_POOL + " " + READER_JNDI);
        cmds.add("ping-connection-pool " + WRITER_POOL);
        cmds.add("ping-connection-pool " + READER_POOL);
        long t0 = System.nanoTime();
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, cmds);
        Timings.record("asadmin: deploy rar + 2 pools + 2 resources + 2 pings", (System.nanoTime() - t0) / 1_000_000);
        if (!r.ok() || !r.failures().isEmpty() || count(r.output(), "executed successfully") < cmds.size()) {
            throw new IllegalStateException("configuring aurora-jca on Payara failed (" + r.failures() + "); asadmin said:\n"
                    + r.output() + "\ncommands:\n" + String.join("\n", cmds));
        }
    }

    /** Removes the resources, the pools and the rar, in that order; fails if a step that should work fails. */
    public static synchronized void tearDown() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, removal());
        Timings.record("asadmin: delete 2 resources + 2 pools, undeploy rar", (System.nanoTime() - t0) / 1_000_000);
        if (!r.ok() || !r.failures().isEmpty()) {
            throw new IllegalStateException("removing aurora-jca from Payara failed (" + r.failures() + "); asadmin said:\n"
                    + r.output());
        }
        maybeConfigured = false;
    }

    /** Left over from an aborted run (the domain lives in target/ across runs): remove whatever exists. */
    private static void removeQuietly() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, removal());
        Timings.record("asadmin: remove leftovers", (System.nanoTime() - t0) / 1_000_000);
        System.out.println("[setup] removing leftovers of an earlier run (failures are expected here):\n" + r.output());
        maybeConfigured = false;
    }

    private static List<String> removal() {
        return List.of("delete-connector-resource " + WRITER_JNDI, "delete-connector-resource " + READER_JNDI,
                "delete-connector-connection-pool " + WRITER_POOL, "delete-connector-connection-pool " + READER_POOL,
                "undeploy " + RA_NAME);
    }

    private static String pool(String name, Map<String, String> props) {
        // multimode tokenises each line like a shell would: quote the --property value so the
        // quotes and backslashes inside it reach asadmin's property parser unchanged.
        return "create-connector-connection-pool --raname " + RA_NAME + " --connectiondefinition javax.sql.DataSource"
                + " --transactionsupport LocalTransaction --steadypoolsize 0 --maxpoolsize 20"
                + " --property " + quote(Asadmin.properties(props)) + " " + name;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
