package dev.aurorajca.itsupport.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;

/**
 * Deploys the adapter (rar + writer and reader), uses both factories, removes it, {@value #CYCLES}
 * times after one warm-up cycle. After every removal, within {@link #SETTLE}: no thread named
 * {@code aurora-jca-…} is alive in the server JVM, and at most {@value #TOLERANCE} threads started
 * since the baseline (taken after the warm-up) are still alive — counted by thread id, because a
 * server's own pools shrink by dozens of idle threads after boot, which would hide a thread leaked
 * per cycle in a raw count. Threads of pools the server grows lazily by itself
 * ({@link AppServer#serverThreadPrefixes}, Payara's Hazelcast/RMI/executor threads) are not counted. The first deployment of a rar makes a server start connector threads
 * it keeps for its lifetime; the warm-up cycle keeps those out of the baseline. Threads are read in
 * the server by the probe servlet, whose WAR deploys without the rar. In every cycle the deployment
 * shows exactly one {@code dev.aurorajca:type=Cluster} MBean (writer and reader share its runtime and
 * cluster) naming the cluster's writer, read through the server's platform MBean server, and none
 * is left once the adapter is removed (issue 17).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
class LifecycleIT {

    /** Threads started after the baseline that may still be alive (a server pool growing by one or two). */
    static final int TOLERANCE = 2;
    /**
     * One more than {@link #TOLERANCE}: a thread leaked per cycle exceeds the tolerance by the last
     * cycle (Connector/J's cleanup thread on Payara was caught this way). More cycles cost ~10 s each
     * on Payara without finding more.
     */
    static final int CYCLES = TOLERANCE + 1;
    static final String PREFIX = "aurora-jca-";
    static final Duration SETTLE = Duration.ofSeconds(15);

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().probeWar("lifecycle-it.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void removingTheAdapterLeavesNoThreadBehind() throws Exception {
        assertEquals(List.of(), aurora(), "aurora-jca threads alive before the rar was deployed (an earlier class leaked them?)");
        List<String> report = new ArrayList<>();
        report.add(cycle(0, null)); // warm-up
        TreeMap<Long, String> baseline = threads(null);
        for (int i = 1; i <= CYCLES; i++) {
            report.add(cycle(i, baseline));
        }
        String text = "adapter lifecycle on " + server.name() + " (" + CYCLES + " cycles + warm-up)\n"
                + String.join("\n", report) + "\n";
        System.out.print(text);
        Files.createDirectories(server.measurements());
        Files.writeString(server.measurements().resolve("lifecycle.txt"), text);
    }

    private String cycle(int n, TreeMap<Long, String> baseline) throws Exception {
        List<String> during;
        SimCluster cluster;
        try {
            cluster = TestCluster.healthy();
            server.deployAdapter(Definition.standard(cluster));
            for (String jndi : List.of(server.writerJndi(), server.readerJndi())) {
                String answer = Http.get(war, "probe/connect?jndi=" + jndi).trim();
                if (!answer.startsWith("OK")) {
                    throw new AssertionError("cycle " + n + ": " + jndi + " did not work:\n" + answer);
                }
            }
            during = aurora();
            // Writer and reader factories share the deployment's runtime and the cluster: one MBean,
            // seen through the server's platform MBean server, with the writer the cluster has.
            List<String> beans = mbeans("dev.aurorajca:type=Cluster,*", "Writer");
            String writer = cluster.writer().host() + ":" + cluster.writer().port();
            if (beans.size() != 1 || !beans.get(0).endsWith("\t" + writer)) {
                throw new AssertionError("cycle " + n + ": expected one dev.aurorajca:type=Cluster MBean whose Writer is " + writer
                        + ", the server's platform MBean server has: " + beans);
            }
        } finally {
            server.undeployAdapter();
        }
        long t0 = System.nanoTime();
        Await.until(SETTLE, "cycle " + n + ": no " + PREFIX + " thread alive after the adapter was removed",
                () -> aurora().isEmpty(), () -> describe(PREFIX));
        assertEquals(List.of(), mbeans("dev.aurorajca:*", null), "cycle " + n + ": a dev.aurorajca MBean outlived the adapter");
        if (baseline != null) {
            long maxId = baseline.lastKey();
            Await.until(SETTLE, "cycle " + n + ": at most " + TOLERANCE + " threads started since the baseline ("
                            + baseline.size() + " threads) still alive after the adapter was removed",
                    () -> newSinceBaseline(maxId).size() <= TOLERANCE,
                    () -> "alive and new: " + newSince(maxId));
        }
        return "cycle " + n + ": " + during.size() + " " + PREFIX + " threads while deployed; settled in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; live threads " + threads(null).size()
                + (baseline == null ? " (warm-up)" : "; new since baseline " + threads(null).tailMap(baseline.lastKey(), false).values()
                + " (server-owned prefixes not counted: " + server.serverThreadPrefixes() + ")");
    }

    /** For a failed wait's message: the threads now alive with {@code prefix}, or why they could not be read. */
    private String describe(String prefix) {
        try {
            return String.valueOf(threads(prefix));
        } catch (Exception e) {
            return "threads unavailable: " + e;
        }
    }

    /** Threads started after thread id {@code maxId} and still alive, without the server's own ({@link AppServer#serverThreadPrefixes}). */
    private TreeMap<Long, String> newSinceBaseline(long maxId) throws Exception {
        TreeMap<Long, String> m = new TreeMap<>(threads(null).tailMap(maxId, false));
        m.values().removeIf(name -> server.serverThreadPrefixes().stream().anyMatch(name::startsWith));
        return m;
    }

    private String newSince(long maxId) {
        try {
            return String.valueOf(newSinceBaseline(maxId));
        } catch (Exception e) {
            return "threads unavailable: " + e;
        }
    }

    /** MBeans of the server's platform MBean server matching {@code pattern}: name, or name TAB attribute value. */
    private List<String> mbeans(String pattern, String attribute) throws Exception {
        String q = "probe/mbeans?pattern=" + java.net.URLEncoder.encode(pattern, java.nio.charset.StandardCharsets.UTF_8)
                + (attribute == null ? "" : "&attribute=" + attribute);
        return Http.get(war, q).lines().filter(l -> !l.isBlank()).toList();
    }

    private List<String> aurora() throws Exception {
        return new ArrayList<>(threads(PREFIX).values());
    }

    /** Live threads in the server JVM whose name starts with {@code prefix} (all if null): id → name. */
    private TreeMap<Long, String> threads(String prefix) throws Exception {
        TreeMap<Long, String> m = new TreeMap<>();
        Http.get(war, "probe/threads" + (prefix == null ? "" : "?prefix=" + prefix)).lines().filter(l -> l.contains("\t"))
                .forEach(l -> m.put(Long.parseLong(l.substring(0, l.indexOf('\t'))), l.substring(l.indexOf('\t') + 1)));
        return m;
    }
}
