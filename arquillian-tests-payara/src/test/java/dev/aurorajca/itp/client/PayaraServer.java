package dev.aurorajca.itp.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AdapterProperties;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;

/**
 * The shared scenarios' view of the managed Payara (client JVM), made with asadmin the way the
 * README tells a Payara user: the rar deployed standalone as {@code aurora-jca}; per
 * {@link Definition} a connector connection pool {@code aurora-<name>-pool} of its
 * {@code javax.sql.DataSource} connection definition with {@code LocalTransaction} ({@code XATransaction}
 * for the XA pool),
 * {@code --maxpoolsize} and {@code --isconnectvalidatereq true} (see {@link #VALIDATE}; every
 * other pool setting is Payara's default: steady pool 8, no fail-all-connections), a connector
 * resource {@code jdbc/aurora/<name>}
 * and a {@code ping-connection-pool}. Each step set is one {@code asadmin multimode} (one asadmin
 * JVM, ~2 s, instead of one per command).
 */
public final class PayaraServer implements AppServer {

    public static final String RA_NAME = "aurora-jca";
    static final String NATIVE_POOL = "plain-writer-pool";
    static final String NATIVE_JNDI = "jdbc/plain/writer";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /**
     * {@code --isconnectvalidatereq true}: Payara asks the adapter ({@code getInvalidConnections})
     * on every checkout, as the README tells a Payara user. Needed for {@code IdleFailoverIT}:
     * with Payara's default ({@code false}) the first request after a failover while the pool was
     * idle gets a connection still on the crashed writer, which fails over and reports 08S02 (1 of
     * 30 requests in the run of 2026-12-01). {@code -Daurora.payara.validate=false} runs with the
     * default to reproduce that.
     */
    static final boolean VALIDATE = !"false".equals(System.getProperty("aurora.payara.validate"));
    private static final String POOL_OPTIONS = VALIDATE ? " --isconnectvalidatereq true" : "";
    /** Definitions that may exist in the domain: the domain in target/ outlives runs, so the first removal tries the usual names too. */
    private static final Set<String> MAYBE_CONFIGURED = new LinkedHashSet<>(List.of(Definition.WRITER, Definition.READER, Definition.XA, "bad"));

    @Override
    public String name() {
        return "Payara " + System.getProperty("version.payara", "6");
    }

    @Override
    public String jndi(String definition) {
        return "jdbc/aurora/" + definition;
    }

    static String pool(String definition) {
        return "aurora-" + definition + "-pool";
    }

    /**
     * True once {@link #undeployAdapter()} has verified that no aurora-jca pool and no aurora-jca
     * application is left, until the next deploy starts: then {@link #deployAdapter} need not remove
     * anything first (one asadmin JVM, ~2-3 s, saved per scenario class). False at the start of a
     * run: the domain in target/ outlives runs.
     */
    private static boolean verifiedClean;

    @Override
    public synchronized void deployAdapter(List<Definition> definitions) throws Exception {
        if (!verifiedClean) {
            undeployAdapter(); // left over from an aborted class or run: start clean
        }
        verifiedClean = false;
        List<String> cmds = new ArrayList<>();
        cmds.add("deploy --type rar --name " + RA_NAME + " " + rarFile().toAbsolutePath());
        for (Definition d : definitions) {
            MAYBE_CONFIGURED.add(d.name());
            // multimode tokenises each line like a shell: quote the --property value so the quotes
            // and backslashes inside it reach asadmin's property parser unchanged.
            cmds.add("create-connector-connection-pool --raname " + RA_NAME + " --connectiondefinition javax.sql.DataSource"
                    + " --transactionsupport " + (d.xa() ? "XATransaction" : "LocalTransaction")
                    + " --maxpoolsize " + d.maxPoolSize() + POOL_OPTIONS
                    + " --property " + quote(Asadmin.properties(d.properties())) + " " + pool(d.name()));
            cmds.add("create-connector-resource --poolname " + pool(d.name()) + " " + jndi(d.name()));
        }
        for (Definition d : definitions) {
            cmds.add("ping-connection-pool " + pool(d.name()));
        }
        long t0 = System.nanoTime();
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, cmds);
        Timings.record("asadmin: deploy rar + " + definitions.size() + " pools/resources + pings", (System.nanoTime() - t0) / 1_000_000);
        if (!r.ok() || !r.failures().isEmpty() || count(r.output(), "executed successfully") < cmds.size()) {
            throw new IllegalStateException("configuring aurora-jca on Payara failed (" + r.failures() + "); asadmin said:\n"
                    + r.output() + "\ncommands:\n" + String.join("\n", cmds));
        }
    }

    @Override
    public synchronized void undeployAdapter() throws Exception {
        List<String> cmds = new ArrayList<>();
        for (String d : MAYBE_CONFIGURED) {
            cmds.add("delete-connector-resource " + jndi(d));
        }
        for (String d : MAYBE_CONFIGURED) {
            cmds.add("delete-connector-connection-pool " + pool(d));
        }
        cmds.add("undeploy " + RA_NAME);
        // What must hold afterwards, listed in the same asadmin JVM (a separate one cost ~1.5 s).
        cmds.add("list-connector-connection-pools");
        cmds.add("list-applications");
        verifiedClean = false;
        long t0 = System.nanoTime();
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, cmds);
        Timings.record("asadmin: delete resources + pools, undeploy rar", (System.nanoTime() - t0) / 1_000_000);
        // Parts that do not exist fail their delete: expected. What must hold is checked here.
        String[] lists = r.output().split("Command undeploy (?:executed successfully|failed)\\.?", 2);
        if (lists.length < 2 || !r.output().contains("Command list-connector-connection-pools executed successfully")
                || !r.output().contains("Command list-applications executed successfully")) {
            throw new IllegalStateException("could not check the removal of aurora-jca (asadmin's lists are missing); asadmin said:\n"
                    + r.output());
        }
        for (String d : MAYBE_CONFIGURED) {
            if (lists[1].lines().anyMatch(l -> l.trim().equals(pool(d)))) {
                throw new IllegalStateException("pool " + pool(d) + " is still there after removal; asadmin said:\n" + r.output());
            }
        }
        if (lists[1].lines().anyMatch(l -> l.trim().startsWith(RA_NAME + " ") || l.trim().equals(RA_NAME))) {
            throw new IllegalStateException("application " + RA_NAME + " is still deployed after removal; asadmin said:\n" + r.output());
        }
        MAYBE_CONFIGURED.retainAll(List.of(Definition.WRITER, Definition.READER, Definition.XA));
        verifiedClean = true;
    }

    /**
     * Seen starting during LifecycleIT's cycles and staying alive past its 15 s window: Hazelcast's
     * cached threads ({@code hz.<instance>.cached.thread-N}), RMI connection threads, Payara's
     * {@code Executor-Service-N}, the {@code GF Domain XML} writer after asadmin changes. None runs
     * adapter code. (Connector/J's {@code mysql-cj-abandoned-connection-cleanup} is NOT listed: one
     * left per rar deployment is a leak of the adapter's.)
     */
    @Override
    public Set<String> serverThreadPrefixes() {
        return Set.of("hz.", "RMI TCP Connection", "RMI Scheduler", "Executor-Service-", "GF Domain XML");
    }

    @Override
    public Path serverLog() {
        return Asadmin.home().resolve("glassfish/domains/domain1/logs/server.log");
    }

    @Override
    public Path measurements() {
        return Timings.dir();
    }

    /**
     * A JDBC connection pool on mysql-connector-j's {@code MysqlDataSource} at the writer endpoint
     * ({@code jdbc/plain/writer}); the driver jar is added to the domain with {@code add-library}
     * (the common class loader). Call it before deploying the rar: the rar's class loader is
     * parent-first, so a rar deployed afterwards uses the same driver classes, while a rar deployed
     * before it would mix its own copy with the library's (LinkageError).
     */
    @Override
    public String deployNativeDataSource(SimCluster cluster, int maxPoolSize) throws Exception {
        removeNativeDataSource();
        Path jar = driverJar();
        Map<String, String> props = new LinkedHashMap<>();
        // The address the adapter is given (the cluster endpoint), so both cross the same cluster-sim relays.
        props.put("serverName", AdapterProperties.writerEndpointHost(cluster));
        props.put("portNumber", Integer.toString(AdapterProperties.writerEndpointPort(cluster)));
        props.put("databaseName", cluster.database());
        props.put("user", cluster.user());
        props.put("password", cluster.password());
        props.put("sslMode", "DISABLED");
        props.put("connectTimeout", "5000");
        List<String> cmds = List.of("add-library " + jar.toAbsolutePath(),
                "create-jdbc-connection-pool --datasourceclassname com.mysql.cj.jdbc.MysqlDataSource --restype javax.sql.DataSource"
                        + " --maxpoolsize " + maxPoolSize + (VALIDATE ? " --isconnectvalidatereq true --validationmethod auto-commit" : "")
                        + " --property " + quote(Asadmin.properties(props)) + " " + NATIVE_POOL,
                "create-jdbc-resource --connectionpoolid " + NATIVE_POOL + " " + NATIVE_JNDI,
                "ping-connection-pool " + NATIVE_POOL);
        Asadmin.Result r = Asadmin.multimode(TIMEOUT, cmds);
        if (!r.ok() || !r.failures().isEmpty()) {
            throw new IllegalStateException("creating the native datasource failed; asadmin said:\n" + r.output());
        }
        return NATIVE_JNDI;
    }

    /**
     * Also removes the library: left in the domain's lib (which outlives runs), mysql-connector-j
     * would be loaded parent-first by every later rar deployment instead of the rar's own copy.
     */
    @Override
    public void removeNativeDataSource() throws Exception {
        Asadmin.multimode(TIMEOUT, List.of("delete-jdbc-resource " + NATIVE_JNDI, "delete-jdbc-connection-pool " + NATIVE_POOL,
                "remove-library " + driverJar().getFileName()));
    }

    private static Path driverJar() throws Exception {
        return Path.of(com.mysql.cj.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The rar built by rar-packaging, as copied to target/deployments by this module's build. */
    static Path rarFile() {
        String p = System.getProperty("aurora.rar");
        if (p == null) {
            throw new IllegalStateException("system property aurora.rar is not set: run the tests through Maven "
                    + "(mvn -pl arquillian-tests-payara -am verify), which copies the rar to target/deployments");
        }
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the resource adapter archive " + file + " is missing: build it with "
                    + "`mvn -pl arquillian-tests-payara -am verify`");
        }
        return file;
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
