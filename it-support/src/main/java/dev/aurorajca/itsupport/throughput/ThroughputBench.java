package dev.aurorajca.itsupport.throughput;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.TestCluster;

/**
 * A measurement, not a test (its name does not end in IT, so {@code mvn verify} never runs it;
 * {@code benchmarks/inserver-throughput.sh} does, on the server module it names). In the server,
 * the same simple loops (4 threads, each getConnection + one statement + close: a {@code SELECT}
 * by primary key, or an autocommit {@code INSERT}) run through the adapter's writer factory and
 * through a native server datasource on plain mysql-connector-j at the same cluster-sim proxy
 * (both max pool 20, the server's other pool defaults), in alternating rounds so that drift in the
 * machine's load hits both alike. Writes every round's raw numbers as JSON to
 * {@code -Daurora.bench.results=DIR} ({@code inserver-throughput-<server>-<time>.json}). The only
 * check is that no operation failed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
public class ThroughputBench {

    static final int THREADS = 4;
    static final long ROUND_MILLIS = 3000;
    /**
     * Warm-up per datasource and operation, in alternating slices of {@link #ROUND_MILLIS}: the
     * server's and the driver's code keeps getting faster for ~20 s of this loop (a 2 s warm-up
     * left rounds 1-6 rising 5x), so the measured rounds start only after it.
     * {@code -Daurora.bench.warmupMillis} overrides it.
     */
    static final long WARMUP_MILLIS = Long.getLong("aurora.bench.warmupMillis", 30_000);
    /** Measured rounds per operation, each one slice per datasource; {@code -Daurora.bench.rounds}. */
    static final int ROUNDS = Integer.getInteger("aurora.bench.rounds", 10);
    static final int ROWS = 1000;
    static final int MAX_POOL = 20;

    private final AppServer server = AppServer.get();
    private long base = 1_000_000_000L;

    @Deployment(testable = false)
    static WebArchive war() {
        // No resource refs: the adapter is deployed by the test, after the native datasource.
        return AppServer.get().probeWar("throughput-bench.war").addClass(BenchServlet.class);
    }

    @ArquillianResource
    URL war;

    @Test
    void adapterAgainstNativeDataSource() throws Exception {
        String dir = System.getProperty("aurora.bench.results");
        if (dir == null) {
            throw new IllegalStateException("set -Daurora.bench.results=<dir> (benchmarks/inserver-throughput.sh does)");
        }
        SimCluster cluster = TestCluster.healthy();
        prepareTables(cluster);
        // The native datasource first: on Payara its driver goes into the domain's common class
        // loader, and the rar, deployed after it, then loads the same classes from there
        // (parent-first); the other order gives the rar two copies of mysql-connector-j.
        String nativeJndi = server.deployNativeDataSource(cluster, MAX_POOL);
        try {
            server.deployAdapter(Definition.standard(cluster));
            measure(cluster, nativeJndi);
        } finally {
            try {
                server.undeployAdapter();
            } finally {
                server.removeNativeDataSource();
            }
        }
    }

    private void measure(SimCluster cluster, String nativeJndi) throws Exception {
        String dir = System.getProperty("aurora.bench.results");
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("aurora-jca", server.writerJndi());
        sources.put("native", nativeJndi);
        List<Map<String, Object>> rounds = new ArrayList<>();
        Map<String, long[]> totals = new LinkedHashMap<>();
        // Statements the writer received per operation (MariaDB's Questions counter, read beside the
        // load on a connection of its own): shows whether a datasource adds round trips.
        try (Connection status = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password())) {
            for (String op : new String[] {"read", "write"}) {
                // Pools filled, classes loaded, JIT done: alternating slices, so both warm alike.
                for (long warmed = 0; warmed < WARMUP_MILLIS; warmed += ROUND_MILLIS) {
                    for (String jndi : sources.values()) {
                        run(jndi, op, ROUND_MILLIS);
                    }
                }
                for (int r = 0; r < ROUNDS; r++) {
                    List<String> order = new ArrayList<>(sources.keySet());
                    if (r % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (int position = 0; position < order.size(); position++) {
                        String source = order.get(position);
                        long questionsBefore = questions(status);
                        long[] res = run(sources.get(source), op, ROUND_MILLIS);
                        long questions = questions(status) - questionsBefore - 1; // minus our own SHOW STATUS
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("op", op);
                        m.put("datasource", source);
                        m.put("round", r);
                        m.put("positionInRound", position);
                        m.put("millis", ROUND_MILLIS);
                        m.put("ops", res[0]);
                        m.put("errors", res[1]);
                        m.put("opsPerSecond", res[0] * 1000.0 / ROUND_MILLIS);
                        m.put("serverStatementsPerOp", res[0] == 0 ? 0.0 : (double) questions / res[0]);
                        rounds.add(m);
                        totals.computeIfAbsent(op + " " + source, k -> new long[1])[0] += res[0];
                        if (res[1] != 0) {
                            throw new AssertionError(op + " through " + source + " had " + res[1] + " errors");
                        }
                    }
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (String op : new String[] {"read", "write"}) {
            double aurora = totals.get(op + " aurora-jca")[0] * 1000.0 / (ROUNDS * ROUND_MILLIS);
            double plain = totals.get(op + " native")[0] * 1000.0 / (ROUNDS * ROUND_MILLIS);
            List<Double> ratios = roundRatios(rounds, op);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("auroraJcaOpsPerSecond", aurora);
            s.put("nativeOpsPerSecond", plain);
            s.put("ratio", aurora / plain);
            s.put("roundRatioMin", ratios.get(0));
            s.put("roundRatioMedian", median(ratios));
            s.put("roundRatioMax", ratios.get(ratios.size() - 1));
            summary.put(op, s);
            text.append(String.format(Locale.ROOT,
                    "%-5s aurora-jca %8.0f ops/s   native %8.0f ops/s   ratio %5.1f %%   per round %.3f-%.3f (median %.3f)%n",
                    op, aurora, plain, 100.0 * aurora / plain, ratios.get(0), ratios.get(ratios.size() - 1), median(ratios)));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "inserver-throughput");
        doc.put("server", server.name());
        doc.put("run", runInfo());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("threads", THREADS);
        settings.put("rounds", ROUNDS);
        settings.put("roundMillis", ROUND_MILLIS);
        settings.put("warmupMillisPerDatasourceAndOp", WARMUP_MILLIS);
        settings.put("readRows", ROWS);
        settings.put("maxPoolSize", MAX_POOL);
        settings.put("simDataDir", System.getProperty("aurora.sim.dataDir", "(cluster-sim default: a directory under java.io.tmpdir)"));
        settings.put("read", "getConnection + SELECT v FROM bench_r WHERE id = ? (random id of " + ROWS + ") + close");
        settings.put("write", "getConnection + autocommit INSERT INTO bench_w + close");
        settings.put("auroraJca", server.writerJndi() + " (the rar's writer definition, standard test configuration)");
        settings.put("native", nativeJndi + " (mysql-connector-j at the same address as the adapter, the cluster endpoint, sslMode=DISABLED)");
        doc.put("settings", settings);
        doc.put("summary", summary);
        doc.put("rounds", rounds);
        String slug = server.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        String stamp = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        Path out = Path.of(dir).resolve("inserver-throughput-" + slug + "-" + stamp + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, MiniJson.write(doc));
        System.out.print(text);
        System.out.println("raw results: " + out);
    }

    private static long questions(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Questions'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** aurora-jca / native within each round of {@code op}, sorted. */
    static List<Double> roundRatios(List<Map<String, Object>> rounds, String op) {
        Map<Object, double[]> byRound = new LinkedHashMap<>();
        for (Map<String, Object> m : rounds) {
            if (op.equals(m.get("op"))) {
                double[] pair = byRound.computeIfAbsent(m.get("round"), k -> new double[2]);
                pair["aurora-jca".equals(m.get("datasource")) ? 0 : 1] = (Double) m.get("opsPerSecond");
            }
        }
        List<Double> ratios = new ArrayList<>();
        for (double[] pair : byRound.values()) {
            ratios.add(pair[0] / pair[1]);
        }
        java.util.Collections.sort(ratios);
        return ratios;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Map<String, Object> runInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("clientJvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("command", System.getProperty("aurora.bench.command", "?"));
        return m;
    }

    private static void prepareTables(SimCluster cluster) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(cluster.writer()), cluster.user(), cluster.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_r (id INT PRIMARY KEY, v VARCHAR(64))");
            s.execute("CREATE TABLE IF NOT EXISTS bench_w (id BIGINT PRIMARY KEY, v VARCHAR(64))");
            s.execute("TRUNCATE TABLE bench_w");
            s.execute("TRUNCATE TABLE bench_r");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_r (id, v) VALUES (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row-" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** One timed loop in the server: {ops, errors}. */
    private long[] run(String jndi, String op, long millis) throws Exception {
        String answer = Http.post(war, "bench?jndi=" + jndi + "&op=" + op + "&threads=" + THREADS + "&millis=" + millis
                + "&rows=" + ROWS + "&base=" + base).trim();
        base += 10_000_000L;
        String[] f = answer.split(" ", 3);
        if (f.length < 2 || !f[0].matches("\\d+")) {
            throw new AssertionError(op + " through " + jndi + ": " + answer);
        }
        if (!"0".equals(f[1])) {
            throw new AssertionError(op + " through " + jndi + " had errors: " + answer);
        }
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }
}
