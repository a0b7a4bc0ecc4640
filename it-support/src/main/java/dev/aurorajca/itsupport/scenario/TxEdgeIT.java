package dev.aurorajca.itsupport.scenario;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.ServerLog;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.TxEdgeServlet;

/**
 * Issue 12: transactions that begin or commit at the moment the writer fails, driven step by step
 * through {@link TxEdgeServlet} while this JVM crashes or freezes cluster-sim's writer between the
 * steps. Each test prints what the application saw, for the README's per-server table. On Payara
 * the writer pool validates on checkout ({@code --isconnectvalidatereq true}, the standard
 * configuration of the suite and the README's advice), as the reporter ran it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TxEdgeIT {

    static final String TABLE = "txedge_it";
    /** Lines in the server log that mean a connection that failed over was thrown away. */
    static final List<String> DESTROYED_MARKERS = List.of("RAR7132", "AJCA0301", "IJ000621", "Evicting resource");

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("txedge-it.war", TxEdgeServlet.class);
    }

    @ArquillianResource
    URL war;

    private String q(String op) {
        return "txedge/" + op + (op.contains("?") ? "&" : "?") + "jndi=" + server.writerJndi() + "&table=" + TABLE;
    }

    /**
     * A pooled connection used just before the crash (it passes a local validation: used in the
     * last 500 ms, writer unchanged), then a JTA transaction on it: the enlistment's begin meets
     * the dead writer. The transaction must succeed with no error, on the new writer, and the pool
     * must keep that connection. Run it first in its class: the pool then holds this one connection.
     */
    @Test
    @Order(1) // first: the pool then holds exactly the connection the scenario used before the crash
    void beginBetweenCheckoutAndEnlistment() throws Exception {
        SimCluster cluster = TestCluster.healthy();
        Http.post(war, "txedge/reset");
        assertTrue(Http.post(war, q("use")).startsWith("OK"));
        ServerLog log = ServerLog.mark(server.serverLog());
        long id = IDS.incrementAndGet();

        cluster.kill(cluster.writer().id()); // the pooled connection's instance is gone; nobody noticed yet
        CompletableFuture<String> tx = async(q("held-commit?id=" + id));
        FailoverResult promoted = cluster.failover(); // promotes a replica while the transaction's begin fails over
        awaitPhase("ready", tx);
        // The work must be inside the transaction: a begin that failed without anyone noticing
        // would leave the connection in autocommit mode and the row committed already.
        boolean visibleBeforeCommit = rowOn(cluster, cluster.node(promoted.newWriterId()), id);
        Http.post(war, "txedge/go");
        String answer = tx.get(120, TimeUnit.SECONDS);
        System.out.println("[txedge] begin between checkout and enlistment: " + answer);

        String after = Http.post(war, q("use"));
        String row = Http.get(war, q("row?id=" + id));
        String since = log.sinceMark();
        assertAll(
                () -> assertTrue(answer.startsWith("OK "), "the transaction that began right after the crash failed: " + answer),
                () -> assertTrue(!visibleBeforeCommit, "the row was committed before the transaction's commit: the work ran "
                        + "outside the transaction (its begin was lost)"),
                () -> assertTrue(since.contains("failover started"), "the begin never met the crash (checkout validation "
                        + "replaced the connection?), so this run proves nothing; server log:\n" + since),
                () -> assertEquals("1", row, "the committed row is missing on the new writer"),
                () -> assertEquals(answer.replace("OK ", ""), after.replace("OK ", ""),
                        "the pool did not keep the connection that failed over (next use on another MySQL connection)"),
                () -> noDestroyedConnection(since));
    }

    /**
     * The writer freezes before the commit reaches it, then crashes and a replica is promoted
     * while the commit waits: its outcome is unknown to the driver, so the application must find
     * {@code 08007} (never {@code 08S02}) through the server's wrapping.
     */
    @Test
    @Order(2)
    void failoverDuringCommitWithWrites() throws Exception {
        failoverDuringCommit(true);
    }

    @Test
    @Order(3)
    void failoverDuringCommitOfEmptyTransaction() throws Exception {
        failoverDuringCommit(false);
    }

    private void failoverDuringCommit(boolean write) throws Exception {
        SimCluster cluster = TestCluster.healthy();
        Http.post(war, "txedge/reset");
        assertTrue(Http.post(war, q("use")).startsWith("OK"));
        ServerLog log = ServerLog.mark(server.serverLog());
        long id = IDS.incrementAndGet();

        CompletableFuture<String> tx = async(q("held-commit?id=" + id + "&write=" + write));
        awaitPhase("ready");
        cluster.hang(cluster.writer().id());
        Http.post(war, "txedge/go");
        awaitPhase("committing");
        cluster.failover(); // kills the frozen writer under the waiting commit and promotes a replica
        String answer = tx.get(120, TimeUnit.SECONDS);
        System.out.println("[txedge] failover during commit (" + (write ? "with" : "without") + " writes): " + answer);

        String row = Http.get(war, q("row?id=" + id));
        String since = log.sinceMark();
        assertAll(
                () -> assertTrue(answer.startsWith("ERR 08007 "), "a commit in flight across a failover must reach the "
                        + "application as 08007 (outcome unknown): " + answer),
                () -> assertEquals("0", row, "the frozen writer never saw the commit, yet the row is there"),
                () -> noDestroyedConnection(since));
        String afterwards = Http.post(war, q("tx?id=" + IDS.incrementAndGet()));
        assertTrue(afterwards.startsWith("OK"), "the next transaction failed: " + afterwards);
    }

    /**
     * The commit succeeds, then the container's autocommit reset meets the crash: the commit must
     * be reported as a success and the row must be on the new writer. The window is made
     * deterministic with the writer's proxy delaying every chunk by {@code LATENCY_MS}: once the
     * row is visible on the writer (the commit ran), the writer is frozen; the commit's OK still
     * reaches the server (it waits in the proxy), the reset that follows reaches the frozen
     * writer and waits there (bytes queued at the writer's socket); then the writer crashes and a
     * replica is promoted.
     */
    @Test
    @Order(4)
    void failoverRightAfterCommit() throws Exception {
        SimCluster cluster = TestCluster.healthy();
        Http.post(war, "txedge/reset");
        assertTrue(Http.post(war, q("use")).startsWith("OK"));
        ServerLog log = ServerLog.mark(server.serverLog());
        long id = IDS.incrementAndGet();
        SimNode writer = cluster.writer();
        String answer;
        try {
            cluster.latency(writer.id(), LATENCY_MS);
            CompletableFuture<String> tx = async(q("held-commit?id=" + id + "&write=true"));
            awaitPhase("ready");
            Http.post(war, "txedge/go");
            awaitPhase("committing");
            Await.until(Duration.ofSeconds(60), "the commit ran on the writer (row visible there)", () -> rowOn(cluster, writer, id));
            cluster.hang(writer.id());
            // The OK travels back through the proxy; the reset after it reaches the frozen writer.
            Await.until(Duration.ofSeconds(60), "bytes (the autocommit reset) waiting at the frozen writer's socket",
                    () -> bytesWaitingAt(writer.serverPort()) > 0);
            cluster.failover();
            answer = tx.get(120, TimeUnit.SECONDS);
        } finally {
            cluster.heal(writer.id());
        }
        System.out.println("[txedge] failover right after a successful commit: " + answer);
        String row = Http.get(war, q("row?id=" + id));
        String since = log.sinceMark();
        assertAll(
                () -> assertTrue(answer.startsWith("OK "), "the commit succeeded, yet the application was told: " + answer),
                () -> assertEquals("1", row, "the committed row is missing on the new writer"),
                () -> noDestroyedConnection(since));
    }

    /** Delay the writer's proxy adds to every chunk, so the commit's OK and the reset are seconds apart. */
    private static final long LATENCY_MS = 1000;

    private boolean rowOn(SimCluster cluster, SimNode node, long id) throws Exception {
        try (Connection c = cluster.adminConnection(node.id()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE id = " + id)) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }

    /** Bytes received but not yet read on TCP sockets listening side at {@code port} (Linux /proc/net/tcp). */
    static long bytesWaitingAt(int port) throws IOException {
        String local = String.format(":%04X", port);
        long total = 0;
        List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 4 && f[1].endsWith(local)) {
                total += Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
            }
        }
        return total;
    }

    private static void noDestroyedConnection(String log) {
        for (String marker : DESTROYED_MARKERS) {
            assertTrue(!log.contains(marker), "the server threw away a connection (" + marker + "):\n" + log);
        }
    }

    /** Like {@link #awaitPhase(String)}, but fails at once with the answer if the request already ended. */
    private void awaitPhase(String phase, CompletableFuture<String> request) throws Exception {
        Await.until(Duration.ofSeconds(60), "the servlet reaches phase " + phase, () -> {
            if (request.isDone()) {
                throw new AssertionError("the request ended before phase " + phase + ": " + request.get());
            }
            return Http.get(war, "txedge/phase").equals(phase);
        });
    }

    private void awaitPhase(String phase) {
        Await.until(Duration.ofSeconds(60), "the servlet reaches phase " + phase,
                () -> Http.get(war, "txedge/phase").equals(phase), () -> {
                    try {
                        return Http.get(war, "txedge/phase");
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
    }

    private CompletableFuture<String> async(String op) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Http.post(war, op);
            } catch (Exception e) {
                return "CLIENT " + e;
            }
        });
    }
}
